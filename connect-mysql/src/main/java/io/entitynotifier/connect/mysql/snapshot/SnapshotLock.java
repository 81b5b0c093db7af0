package io.entitynotifier.connect.mysql.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.mysql.BinlogPosition;
import io.entitynotifier.connect.mysql.SnapshotLockingMode;
import io.entitynotifier.connect.mysql.server.BinlogPositions;
import io.entitynotifier.connect.mysql.server.ServerInfo;

/**
 * Starts the snapshot's read transaction and finds its binlog position under {@code snapshot.locking.mode}, as
 * Debezium's MySQL connector does: the global read lock ({@code FLUSH TABLES WITH READ LOCK}), or, where the server
 * refuses it, read locks on the captured tables ({@code FLUSH TABLES ... WITH READ LOCK}, then {@code LOCK TABLES ...
 * READ}). Every lock wait is bounded by the session's {@code lock_wait_timeout} ({@code snapshot.lock.timeout.ms}); a
 * lock not obtained in time is tried again a fixed number of times, then the snapshot fails with an error naming the
 * setting.
 */
public final class SnapshotLock {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotLock.class);

    private static final int LOCK_WAIT_TIMEOUT = 1205;
    /** Access denied for the global lock (1227), a table (1142) or a database (1044, 1045). */
    private static final Set<Integer> DENIED = Set.of(1227, 1142, 1044, 1045);

    private enum Held {
        NOTHING,
        GLOBAL,
        TABLES
    }

    private final SnapshotLockingMode mode;
    private final long timeoutMs;
    private final int attempts;
    private final ServerInfo info;
    private final BinlogPositions positions;
    private final BooleanSupplier running;
    private Held held = Held.NOTHING;

    /** The tables the snapshot reads, listed on the snapshot's connection. */
    public interface TableList {
        List<TableId> read(Connection c) throws SQLException;
    }

    public SnapshotLock(
            SnapshotLockingMode mode,
            long timeoutMs,
            int attempts,
            ServerInfo info,
            BinlogPositions positions,
            BooleanSupplier running) {
        this.mode = mode;
        this.timeoutMs = timeoutMs;
        this.attempts = attempts;
        this.info = info;
        this.positions = positions;
        this.running = running;
    }

    /**
     * Opens the consistent read transaction on {@code c} and returns its binlog position; locks still held (extended
     * mode, table locks) are released by {@link #release}.
     */
    public BinlogPosition begin(Connection c, TableList tables) throws SQLException, InterruptedException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        long seconds = Math.max(1, (timeoutMs + 999) / 1000);
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION lock_wait_timeout = " + seconds);
            try {
                st.execute("SET SESSION innodb_lock_wait_timeout = " + seconds);
            } catch (SQLException e) {
                LOG.warn("Could not set innodb_lock_wait_timeout: {}", e.getMessage());
            }
            if (mode == SnapshotLockingMode.NONE) {
                // Position first: a change committed before the transaction starts is read twice, never missed.
                BinlogPosition p = positions.current(c);
                st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
                LOG.info("Snapshot without locks (snapshot.locking.mode=none) at {}", p);
                return p;
            }
            if (info.mariaDb() && mode == SnapshotLockingMode.MINIMAL) {
                return positions.startConsistentSnapshot(c); // MariaDB reports the transaction's position itself
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    return lockAndStart(c, st, tables);
                } catch (SQLException e) {
                    if (e.getErrorCode() != LOCK_WAIT_TIMEOUT) {
                        throw e;
                    }
                    if (attempt >= attempts) {
                        throw new ConnectException(
                                "the snapshot could not obtain its read lock within snapshot.lock.timeout.ms="
                                        + timeoutMs + " in " + attempts + " attempts: another session holds a lock on"
                                        + " or runs a long query against the tables (SHOW PROCESSLIST shows it); end"
                                        + " it, raise snapshot.lock.timeout.ms, or use snapshot.locking.mode=none",
                                e);
                    }
                    LOG.warn(
                            "The snapshot lock was not obtained within snapshot.lock.timeout.ms={} (attempt {} of {});"
                                    + " trying again in {} ms",
                            timeoutMs,
                            attempt,
                            attempts,
                            timeoutMs);
                    pause();
                }
            }
        }
    }

    private BinlogPosition lockAndStart(Connection c, Statement st, TableList tables)
            throws SQLException, InterruptedException {
        try {
            st.execute("FLUSH TABLES WITH READ LOCK");
            held = Held.GLOBAL;
        } catch (SQLException e) {
            if (!DENIED.contains(e.getErrorCode())) {
                throw e;
            }
            LOG.info(
                    "The server refuses the global read lock ({}); locking the captured tables instead",
                    e.getMessage());
            return lockTablesAndStart(c, st, tables);
        }
        st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
        BinlogPosition p = positions.current(c);
        if (mode == SnapshotLockingMode.MINIMAL) {
            st.execute("UNLOCK TABLES");
            held = Held.NOTHING;
            LOG.info("Snapshot at {}; global read lock released", p);
        } else {
            LOG.info("Snapshot at {}; global read lock held until the snapshot ends (extended)", p);
        }
        return p;
    }

    /**
     * Table read locks. Starting a transaction would release them, so the snapshot reads in the transaction that its
     * first query opens (autocommit is off); the locks keep the tables unchanged until {@link #release}.
     */
    private BinlogPosition lockTablesAndStart(Connection c, Statement st, TableList tables)
            throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            List<TableId> ids = tables.read(c);
            if (!ids.isEmpty()) {
                String list = ids.stream()
                        .map(t -> SnapshotReader.quote(t.catalog()) + "." + SnapshotReader.quote(t.table()))
                        .collect(Collectors.joining(", "));
                try {
                    st.execute("FLUSH TABLES " + list + " WITH READ LOCK");
                } catch (SQLException e) {
                    if (!DENIED.contains(e.getErrorCode())) {
                        throw e;
                    }
                    try {
                        st.execute("LOCK TABLES "
                                + ids.stream()
                                        .map(t -> SnapshotReader.quote(t.catalog()) + "."
                                                + SnapshotReader.quote(t.table()) + " READ")
                                        .collect(Collectors.joining(", ")));
                    } catch (SQLException le) {
                        if (!DENIED.contains(le.getErrorCode())) {
                            throw le;
                        }
                        throw new ConnectException(
                                "the snapshot can take neither the global read lock (FLUSH TABLES WITH READ LOCK needs"
                                        + " the RELOAD privilege) nor read locks on the captured tables (LOCK TABLES"
                                        + " privilege): grant RELOAD, or LOCK TABLES on the captured databases, or set"
                                        + " snapshot.locking.mode=none (safe only when no schema changes run during the"
                                        + " snapshot)",
                                le);
                    }
                }
                held = Held.TABLES;
            }
            if (ids.equals(tables.read(c)) || attempt >= 3) {
                BinlogPosition p = positions.current(c);
                LOG.info("Snapshot at {} with read locks on {} tables, held until the snapshot ends", p, ids.size());
                return p;
            }
            release(c); // a captured table appeared or went while locking: lock the new list
        }
    }

    /** Releases what is still held; called after the snapshot transaction has ended. */
    public void release(Connection c) throws SQLException {
        if (held == Held.NOTHING) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("UNLOCK TABLES");
        }
        LOG.info("Snapshot locks released");
        held = Held.NOTHING;
    }

    private void pause() throws InterruptedException {
        long until = System.currentTimeMillis() + timeoutMs;
        while (running.getAsBoolean()) {
            long left = until - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(left, 200)); // a pause between lock attempts; stop() ends it within 200 ms
        }
        throw new InterruptedException("the task is stopping");
    }
}
