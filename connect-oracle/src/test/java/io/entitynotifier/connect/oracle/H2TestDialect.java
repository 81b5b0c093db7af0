package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.entitynotifier.connect.oracle.logminer.LogMinerSession;

/**
 * The Oracle-only SQL for the H2 stand-in: no NLS settings, the LogMiner session emulated by
 * {@link H2LogMinerSession}, and flashback queries stood in by row versions (H2 has no {@code AS OF SCN}).
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

    /**
     * AS OF SCN stood in by row versions: tables made by {@link H2Oracle#createTable} carry invisible
     * {@code ORA_FROM_SCN}/{@code ORA_TO_SCN} columns ({@link H2Oracle#insertCommittedAt},
     * {@link H2Oracle#updateCommittedAt}); rows written with plain SQL count as committed before any snapshot.
     * H2's {@code _ROWID_} stands in for ROWID.
     */
    @Override
    public String tableAsOf(String table, long scn) {
        return "(SELECT T.*, T._ROWID_ AS \"ORA_ROWID\" FROM " + table + " T WHERE T.ORA_FROM_SCN <= " + scn
                + " AND (T.ORA_TO_SCN IS NULL OR T.ORA_TO_SCN > " + scn + ")) \"T\"";
    }

    @Override
    public String rowId() {
        return "\"ORA_ROWID\"";
    }

    @Override
    public String rowIdParameter() {
        return "CAST(? AS BIGINT)";
    }

    /** Where {@link #writeSignalRow} stages the redo of the rows it inserts (H2 writes none): set by a test. */
    public static final AtomicReference<RedoWriter> SIGNAL_REDO = new AtomicReference<>();

    /** Runs before each close watermark is written: after the chunk was read, inside its window. */
    public static final AtomicReference<Runnable> BEFORE_CLOSE_WATERMARK = new AtomicReference<>();

    /**
     * The watermark insert as on Oracle, then its redo (START, INSERT, COMMIT at new SCNs) as LogMiner would show it:
     * the row is in the table before its commit is in the redo, as a test writer's changes are.
     */
    @Override
    public void writeSignalRow(Connection c, String schema, String table, List<String> columns, List<String> values)
            throws SQLException {
        RedoWriter redo = SIGNAL_REDO.get();
        if (redo == null) {
            throw new SQLException("H2TestDialect.SIGNAL_REDO is not set: no redo for the signal table insert");
        }
        Runnable hook = BEFORE_CLOSE_WATERMARK.get();
        if (hook != null && "snapshot-window-close".equals(values.get(1))) {
            hook.run();
        }
        OracleDialect.super.writeSignalRow(c, schema, table, columns, values);
        StringBuilder cols = new StringBuilder();
        StringBuilder vals = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            cols.append(i == 0 ? "" : ",").append('"').append(columns.get(i)).append('"');
            vals.append(i == 0 ? "" : ",")
                    .append('\'')
                    .append(values.get(i).replace("'", "''"))
                    .append('\'');
        }
        redo.begin().insert(schema, table, cols.toString(), vals.toString()).commit();
    }
}
