package io.entitynotifier.connect.oracle;

import java.sql.Connection;

import io.entitynotifier.connect.oracle.logminer.LogMinerSession;

/**
 * The Oracle-only SQL for the H2 stand-in: no NLS settings, the LogMiner session emulated by
 * {@link H2LogMinerSession}, and no flashback clause (H2 has no {@code AS OF SCN}: snapshots in tests read the
 * tables as they are, which the tests keep unchanged while a snapshot runs).
 */
public final class H2TestDialect implements OracleDialect {

    @Override
    public void prepare(Connection connection) {}

    /** Containers sessions were switched to: H2 has none, so the tests check the request. */
    public static final java.util.concurrent.ConcurrentLinkedQueue<String> CONTAINERS =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Override
    public void switchContainer(Connection connection, String container) {
        CONTAINERS.add(container);
    }

    @Override
    public LogMinerSession logMinerSession() {
        return new H2LogMinerSession();
    }

    @Override
    public String asOfScn(long scn) {
        return "";
    }
}
