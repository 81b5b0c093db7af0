package io.entitynotifier.connect.oracle.logminer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.oracle.OracleOffset;
import io.entitynotifier.connect.oracle.jdbc.GuardedConnection;
import io.entitynotifier.connect.oracle.jdbc.Retry;

/**
 * The SCN-window loop. Each {@link #mine} call covers one window after the last mined SCN: it finds the redo logs
 * holding it, starts LogMiner over them, reads {@code V$LOGMNR_CONTENTS}, buffers changes per transaction and emits
 * the transactions that committed in the window, in commit order. Offsets follow {@link OracleOffset}: a restart
 * re-mines from the oldest open transaction and skips what was delivered, so nothing is missed or repeated.
 */
public final class LogMinerReader {

    private static final Logger log = LoggerFactory.getLogger(LogMinerReader.class);

    static final String CURRENT_SCN_SQL = "SELECT CURRENT_SCN FROM V$DATABASE";
    static final int FETCH_ATTEMPTS = 3;
    static final long RETRY_BACKOFF_MS = 200;
    static final long PROGRESS_LOG_INTERVAL_MS = 60_000;

    private final Connection connection;
    private final LogMinerSession session;
    private final RedoLogFinder logs = new RedoLogFinder();
    private final LogMinerQuery query;
    private final MiningWindow window;
    private final TransactionBuffer buffer;
    private final TransactionEmitter emitter;
    private LogWriterFlush flush;
    private int maxRowsPerRound = Integer.MAX_VALUE;
    private long lastProgressLog;

    private long lastMined;
    private long deliveredScn;
    private Set<String> deliveredTxIds;
    /** A transaction split over Kafka transactions before a restart: skip its delivered changes. */
    private OracleOffset partial;

    public LogMinerReader(
            Connection connection,
            LogMinerSession session,
            LogMinerQuery query,
            MiningWindow window,
            TransactionBuffer buffer,
            TransactionEmitter emitter,
            OracleOffset from) {
        this.connection = connection;
        this.session = session;
        this.query = query;
        this.window = window;
        this.buffer = buffer;
        this.emitter = emitter;
        this.lastMined = from.scn() - 1;
        this.deliveredScn = from.commitScn();
        this.deliveredTxIds = new HashSet<>(from.commitTxIds());
        this.partial = from.txId() != null ? from : null;
    }

    /** Forces a log writer flush before each round (real databases; tests without one leave it unset). */
    public LogMinerReader flushingWith(LogWriterFlush f) {
        this.flush = f;
        return this;
    }

    /** Most redo rows one round holds in memory; a window holding more is mined in smaller pieces. */
    public LogMinerReader limitingRoundsTo(int rows) {
        this.maxRowsPerRound = rows;
        return this;
    }

    /** What one round produced. {@code caughtUp}: the window reached the database's current SCN. */
    public record Round(List<PendingRecord> records, boolean caughtUp) {}

    public static long currentScn(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CURRENT_SCN_SQL);
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("V$DATABASE returned no row");
            }
            return rs.getLong(1);
        }
    }

    public Round mine() throws SQLException {
        long current = Retry.run(connection, "reading the current SCN", () -> {
            long scn = currentScn(connection);
            if (scn > lastMined && flush != null) {
                flush.flush(connection, scn); // all redo up to scn is in the log files after this
            }
            return scn;
        });
        if (current <= lastMined) {
            window.roundDone(true);
            return new Round(List.of(), true);
        }
        Fetched fetched = fetch(window.end(lastMined, current));
        long end = fetched.end();
        List<RedoRow> rows = fetched.rows();
        List<PendingRecord> out = new ArrayList<>();
        for (RedoRow row : rows) {
            process(row, out);
        }
        log.debug(
                "mined SCN {} to {}: {} rows, {} records, {} open transactions",
                lastMined + 1,
                end,
                rows.size(),
                out.size(),
                buffer.openTransactions());
        lastMined = end;
        boolean caughtUp = end >= current;
        long now = System.currentTimeMillis();
        if (now - lastProgressLog >= PROGRESS_LOG_INTERVAL_MS) {
            lastProgressLog = now;
            log.info(
                    "mined up to SCN {} ({} SCNs behind the database), {} open transactions holding {} changes, "
                            + "delivered up to commit SCN {}",
                    end,
                    current - end,
                    buffer.openTransactions(),
                    buffer.bufferedEvents(),
                    deliveredScn);
        }
        window.roundDone(caughtUp);
        return new Round(out, caughtUp);
    }

    /**
     * Reads the rows of the window {@code (lastMined, end]}. A log switch between finding the logs and reading them
     * (the online log was reused: ORA-00310 and the like) makes an attempt fail; it is repeated with fresh log
     * discovery, as nothing was processed yet; so does a dead session (a failover, a killed session): the attempt after
     * it runs on a fresh connection. Only the third failure in a row stops the task, and none is retried once the
     * task is stopping.
     */
    private Fetched fetch(long windowEnd) throws SQLException {
        long end = windowEnd;
        for (int attempt = 1; ; ) {
            List<RedoRow> rows = new ArrayList<>();
            SQLException failure = null;
            boolean tooMany = false;
            try {
                for (RedoLogFinder.LogFile f : logs.find(connection, lastMined + 1, end)) {
                    session.addLogFile(connection, f.name());
                }
                session.start(connection, lastMined + 1, end);
                long limitedEnd = end;
                query.run(connection, lastMined, end, row -> {
                    if (rows.size() >= maxRowsPerRound && limitedEnd > lastMined + 1) {
                        throw new WindowTooLarge();
                    }
                    rows.add(row);
                });
            } catch (SQLException e) {
                failure = e;
            } catch (WindowTooLarge e) {
                tooMany = true;
            }
            try {
                session.end(connection);
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            if (tooMany && failure == null) {
                // Memory bound: read a smaller window instead of holding this one. One SCN is read whole.
                long smaller = lastMined + Math.max(1, (end - lastMined) / 2);
                log.info(
                        "more than {} redo rows in SCN {} to {}: reading up to SCN {} first",
                        maxRowsPerRound,
                        lastMined + 1,
                        end,
                        smaller);
                end = smaller;
                continue;
            }
            if (failure == null) {
                return new Fetched(rows, end);
            }
            GuardedConnection guard = GuardedConnection.of(connection);
            if (attempt++ >= FETCH_ATTEMPTS || (guard != null && guard.cancelled())) {
                throw failure;
            }
            log.warn(
                    "mining SCN {} to {} failed (attempt {} of {}), retrying: {}",
                    lastMined + 1,
                    end,
                    attempt - 1,
                    FETCH_ATTEMPTS,
                    failure.getMessage());
            try {
                Thread.sleep(RETRY_BACKOFF_MS * (attempt - 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
            if (guard != null) {
                try {
                    guard.reconnect();
                } catch (SQLException e) {
                    log.warn("reconnecting failed: {}", e.getMessage()); // the next attempt fails and says so
                }
            }
        }
    }

    /** The rows of a window and the window's actual end (smaller than asked when it held too many rows). */
    private record Fetched(List<RedoRow> rows, long end) {}

    /** Stops reading a window that holds more rows than one round may keep in memory. */
    private static final class WindowTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WindowTooLarge() {
            super(null, null, false, false);
        }
    }

    private void process(RedoRow row, List<PendingRecord> out) throws SQLException {
        switch (row.operationCode()) {
            case RedoRow.START -> buffer.begin(row.xid(), row.scn());
            case RedoRow.INSERT, RedoRow.UPDATE, RedoRow.DELETE -> {
                if (emitter.captures(emitter.tableId(row.owner(), row.table()))) {
                    buffer.add(row);
                }
            }
            case RedoRow.COMMIT -> commit(row, out);
            case RedoRow.ROLLBACK -> buffer.remove(row.xid());
            case RedoRow.DDL -> {
                TableId id = emitter.tableId(row.owner(), row.table());
                emitter.invalidate(id);
                if (row.isTruncate() && emitter.captures(id)) {
                    buffer.add(row); // delivered as a truncate event when its transaction commits
                }
            }
            case RedoRow.UNSUPPORTED -> {
                TableId id = emitter.tableId(row.owner(), row.table());
                if (emitter.captures(id)) {
                    throw new ConnectException("LogMiner could not reconstruct a change to " + id + " at SCN "
                            + row.scn() + " (transaction " + row.xid() + ", operation UNSUPPORTED); check "
                            + "supplemental logging and the column types. SQL_REDO: " + row.sqlRedo());
                }
            }
            default -> {
                // other operations (LOB writes, internal) carry nothing the connector emits
            }
        }
    }

    private void commit(RedoRow row, List<PendingRecord> out) throws SQLException {
        BufferedTransaction t = buffer.remove(row.xid());
        long commitScn = row.scn();
        if (t == null || t.events().isEmpty()) {
            return;
        }
        if (commitScn < deliveredScn || (commitScn == deliveredScn && deliveredTxIds.contains(t.xid()))) {
            return; // delivered before a restart; re-read because an older transaction was still open then
        }
        long skip = 0;
        if (partial != null && partial.txId().equals(t.xid()) && partial.txCommitScn() == commitScn) {
            skip = partial.txEvents();
            partial = null;
            if (skip >= t.events().size()) {
                throw new ConnectException("the offset says " + skip + " changes of transaction " + t.xid()
                        + " (commit SCN " + commitScn + ") were delivered, but the redo holds only "
                        + t.events().size() + "; the redo or the filters changed since");
            }
        }
        Set<String> txIdsAfter = commitScn == deliveredScn ? new HashSet<>(deliveredTxIds) : new HashSet<>();
        txIdsAfter.add(t.xid());
        long resumeAfter = Math.min(buffer.oldestStartScn(), commitScn);
        long resumeInside = Math.min(buffer.oldestStartScn(), t.startScn());
        OracleOffset before = OracleOffset.streaming(resumeInside, deliveredScn, deliveredTxIds);
        Map<String, Object> done =
                OracleOffset.streaming(resumeAfter, commitScn, txIdsAfter).toMap();
        emitter.emit(
                t,
                commitScn,
                row.timestampMs(),
                skip,
                (k, last) -> last
                        ? done
                        : before.inTransaction(t.xid(), commitScn, k).toMap(),
                out);
        deliveredScn = commitScn;
        deliveredTxIds = txIdsAfter;
    }

    /** The position to resume from now, for heartbeats: nothing open is lost, nothing delivered repeated. */
    public OracleOffset position() {
        OracleOffset now =
                OracleOffset.streaming(Math.min(buffer.oldestStartScn(), lastMined + 1), deliveredScn, deliveredTxIds);
        return partial == null ? now : now.inTransaction(partial.txId(), partial.txCommitScn(), partial.txEvents());
    }
}
