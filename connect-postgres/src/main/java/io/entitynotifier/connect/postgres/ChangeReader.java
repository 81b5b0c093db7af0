package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.connect.errors.ConnectException;
import org.postgresql.replication.ReplicationSlotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.metrics.TaskMetrics;
import io.entitynotifier.connect.postgres.Catalog.CapturedTable;
import io.entitynotifier.connect.postgres.PostgresConnectorConfig.SnapshotMode;
import io.entitynotifier.connect.postgres.ReplicationSetup.SlotState;

/**
 * The task's reader thread: checks the server, makes the publication and slot exist, decides whether to snapshot
 * (from {@code snapshot.mode} and the stored offset), runs the snapshot and then streams, reconnecting with backoff
 * after a lost connection or a server restart. A failure that retrying cannot fix ends the task with its message.
 */
public final class ChangeReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeReader.class);

    private final PostgresConnectorConfig config;
    private final PostgresConnections connections;
    private final Catalog catalog;
    private final SnapshotReader snapshotReader;
    private final ReplicationStreamReader streamReader;
    private final PostgresOffset storedOffset;
    /** snapshot.mode=always: the snapshot of this task's start is done, a reconnection does not take another. */
    private boolean alwaysSnapshotTaken;

    private final java.util.function.Consumer<Throwable> onFailure;
    private final TaskMetrics metrics;

    private volatile boolean running = true;
    private boolean snapshotTaken;
    private volatile Connection snapshotConnection;
    private final Object wakeup = new Object();

    public ChangeReader(
            PostgresConnectorConfig config,
            PostgresConnections connections,
            Catalog catalog,
            SnapshotReader snapshotReader,
            ReplicationStreamReader streamReader,
            PostgresOffset storedOffset,
            java.util.function.Consumer<Throwable> onFailure,
            TaskMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.connections = connections;
        this.catalog = catalog;
        this.snapshotReader = snapshotReader;
        this.streamReader = streamReader;
        this.storedOffset = storedOffset;
        this.onFailure = onFailure;
    }

    public void stop() {
        running = false;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        streamReader.abort();
        Connection c = snapshotConnection;
        if (c != null) {
            try {
                c.close(); // ends a snapshot query that waits, e.g. for a table lock
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void run() {
        try {
            PostgresOffset start = withRetries(this::prepareAndSnapshot);
            if (start == null) {
                return; // stopped, or initial_only finished
            }
            stream(start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            if (running) {
                LOG.error("PostgreSQL reader failed", t);
                onFailure.accept(t);
            }
        } finally {
            catalog.close();
        }
    }

    private void stream(PostgresOffset start) throws Exception {
        if (snapshotTaken) {
            streamReader.awaitConfirmationOf(start.lsn());
        }
        PostgresOffset from = start;
        int failures = 0;
        int slotBusy = 0;
        long backoff = 500;
        while (running) {
            try {
                streamReader.stream(from, () -> running);
                return;
            } catch (SQLException e) {
                metrics.connected(false);
                if (!running) {
                    return;
                }
                metrics.error(e);
                if (streamReader.connected()) {
                    failures = 0;
                    slotBusy = 0;
                    backoff = 500;
                }
                from = streamReader.position() != null ? streamReader.position() : from;
                if (SqlErrors.slotInUse(e)) {
                    if (++slotBusy > config.slotMaxRetries()) {
                        throw new ConnectException(
                                "Replication slot '" + config.slotName() + "' is in use by another "
                                        + "connection (another connector or client?): " + e.getMessage(),
                                e);
                    }
                    LOG.warn(
                            "Replication slot {} is in use ({}); retry {} of {} in {} ms",
                            config.slotName(),
                            e.getMessage(),
                            slotBusy,
                            config.slotMaxRetries(),
                            config.slotRetryDelayMs());
                    pause(config.slotRetryDelayMs());
                    continue;
                }
                if (!SqlErrors.retriable(e) || (config.maxRetries() >= 0 && ++failures > config.maxRetries())) {
                    throw new ConnectException(
                            "Streaming from replication slot '" + config.slotName() + "' failed: " + e.getMessage(), e);
                }
                LOG.warn(
                        "Replication connection lost ({}); reconnecting in {} ms from {}",
                        e.getMessage(),
                        backoff,
                        from.toMap());
                pause(backoff);
                backoff = Math.min(backoff * 2, Math.max(500, config.retryWaitMs()));
            }
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws Exception;
    }

    /** Retries a step that fails on a lost or refused connection (the server may be starting). */
    private <T> T withRetries(Step<T> step) throws Exception {
        int failures = 0;
        long backoff = 500;
        while (running) {
            try {
                return step.run();
            } catch (SQLException e) {
                if (!running) {
                    return null;
                }
                if (!SqlErrors.retriable(e) || (config.maxRetries() >= 0 && ++failures > config.maxRetries())) {
                    throw new ConnectException(
                            "Cannot prepare capture from " + connections.url() + ": " + e.getMessage(), e);
                }
                LOG.warn("Cannot reach PostgreSQL ({}); retrying in {} ms", e.getMessage(), backoff);
                pause(backoff);
                backoff = Math.min(backoff * 2, Math.max(500, config.retryWaitMs()));
            }
        }
        return null;
    }

    private void pause(long ms) throws InterruptedException {
        synchronized (wakeup) {
            if (running) {
                wakeup.wait(Math.max(1, ms));
            }
        }
    }

    /** Returns where streaming starts, or null when nothing is to be streamed. */
    private PostgresOffset prepareAndSnapshot() throws Exception {
        Connection c = catalog.connection();
        List<CapturedTable> all = catalog.allTables();
        List<CapturedTable> captured =
                all.stream().filter(t -> config.tableFilter().includes(t.id())).toList();
        io.entitynotifier.connect.common.schema.SchemaNames.refuseTopicCollisions(
                config.topicPrefix(), captured.stream().map(CapturedTable::id).toList());
        // After a lost connection in the middle of a snapshot, continue after what this task already handed over.
        PostgresOffset offset = snapshotReader.lastResumable() != null ? snapshotReader.lastResumable() : storedOffset;
        if (config.snapshotMode() == SnapshotMode.INITIAL_ONLY) {
            check(c, all, captured);
            return initialOnly(c, captured, offset);
        }
        // Held until this connector's slot exists: another connector then sees the publication as taken.
        if (!PublicationOwner.lock(c, () -> running, this::pause)) {
            return null;
        }
        Runnable unlock = new Runnable() {
            private boolean held = true;

            @Override
            public void run() {
                if (held) {
                    held = false;
                    PublicationOwner.unlock(c);
                }
            }
        };
        try {
            check(c, all, captured);
            if (Standby.inRecovery(c)) {
                Standby.warnAboutSettings(c, config.slotName());
            }
            ReplicationSetup.ensurePublication(c, config, captured);
            return slotAndSnapshot(c, captured, offset, unlock);
        } finally {
            unlock.run();
        }
    }

    private void check(Connection c, List<CapturedTable> all, List<CapturedTable> captured) throws SQLException {
        List<ServerChecks.Problem> problems = ServerChecks.run(c, config, all, captured, false);
        if (!problems.isEmpty()) {
            throw new ConnectException("PostgreSQL is not ready for capture: "
                    + problems.stream().map(p -> p.key() + ": " + p.message()).collect(Collectors.joining("; ")));
        }
        warnAboutKeylessTables(captured);
    }

    /**
     * {@code snapshot.mode=initial_only}: as Debezium, the snapshot runs without a replication slot (nothing streams
     * afterwards, so nothing may keep WAL) in a plain REPEATABLE READ transaction. A resumed one reads the remaining
     * rows as they are now: no stream follows to deliver rows changed since the interrupted snapshot's point.
     */
    private PostgresOffset initialOnly(Connection c, List<CapturedTable> captured, PostgresOffset offset)
            throws Exception {
        if (ReplicationSetup.slot(c, config.slotName()) != null) {
            LOG.warn(
                    "Replication slot {} exists but snapshot.mode=initial_only never reads it, and it keeps WAL; "
                            + "drop it (pg_drop_replication_slot) unless something else uses it",
                    config.slotName());
        }
        if (offset != null && !offset.snapshotRunning()) {
            return null;
        }
        if (offset != null) {
            LOG.info("Resuming the initial_only snapshot at {}", offset.snapshotTable());
            snapshot(null, null, captured, offset, offset.lsn(), false);
        } else {
            long lsn = org.postgresql.replication.LogSequenceNumber.valueOf(
                            ServerChecks.stringQuery(c, Standby.CURRENT_LSN_SQL))
                    .asLong();
            snapshot(null, null, captured, null, lsn, false);
        }
        LOG.info("snapshot.mode=initial_only: the snapshot is complete; nothing is streamed");
        return null;
    }

    /** Creates the slot when missing (then runs {@code unlock}) and snapshots as the mode and offset ask. */
    private PostgresOffset slotAndSnapshot(
            Connection c, List<CapturedTable> captured, PostgresOffset stored, Runnable unlock) throws Exception {
        PostgresOffset offset = stored;
        SlotState slot = ReplicationSetup.slot(c, config.slotName());
        SnapshotMode mode = config.snapshotMode();
        long streamedTo = 0;
        if (offset != null && slot == null) {
            if (mode != SnapshotMode.WHEN_NEEDED) {
                throw new ConnectException("Replication slot '" + config.slotName() + "' does not exist, but the "
                        + "connector's offsets point at LSN " + offset.lsn() + ": the changes since then are gone. "
                        + "Use snapshot.mode=when_needed to take a new snapshot, or start under a new topic.prefix.");
            }
            LOG.warn(
                    "Replication slot {} is missing; taking a new snapshot (snapshot.mode=when_needed)",
                    config.slotName());
            offset = null;
        }
        if (offset != null && !offset.snapshotRunning() && mode == SnapshotMode.ALWAYS && !alwaysSnapshotTaken) {
            LOG.info("Taking a new snapshot (snapshot.mode=always), then streaming from the stored position");
            streamedTo = offset.lsn();
            offset = null;
        }
        if (offset != null && !offset.snapshotRunning()) {
            if (slot.confirmedFlushLsn() > offset.lsn()) {
                LOG.warn(
                        "Slot {} was confirmed up to {} beyond the stored offset {}; the server resumes there",
                        config.slotName(),
                        slot.confirmedFlushLsn(),
                        offset.lsn());
            }
            return offset;
        }
        if (offset != null) { // an interrupted snapshot
            unlock.run();
            LOG.info(
                    "Resuming the snapshot at {} after {}",
                    offset.snapshotTable(),
                    offset.snapshotCtid() != null ? "ctid " + offset.snapshotCtid() : "key " + offset.snapshotKey());
            snapshot(null, null, captured, offset, offset.lsn(), true);
            alwaysSnapshotTaken = true;
            return PostgresOffset.betweenTransactions(offset.lsn(), null);
        }
        boolean wantSnapshot = mode != SnapshotMode.NEVER && mode != SnapshotMode.NO_DATA;
        if (slot != null) {
            unlock.run();
            // snapshot.mode=always: what was delivered before this start need not stream again.
            long from = Math.max(slot.confirmedFlushLsn(), streamedTo);
            if (wantSnapshot) {
                LOG.warn(
                        "Slot {} already exists: the snapshot cannot use its exported snapshot; changes since its "
                                + "position are streamed after the snapshot and may repeat rows",
                        config.slotName());
                snapshot(null, null, captured, null, from, true);
                alwaysSnapshotTaken = true;
            }
            return PostgresOffset.betweenTransactions(from, null);
        }
        try (Connection repl = connections.replication()) {
            ReplicationSlotInfo info = ReplicationSetup.createSlot(repl, config.slotName(), config.slotFailover());
            unlock.run();
            long from = info.getConsistentPoint().asLong();
            if (wantSnapshot) {
                snapshot(repl, info.getSnapshotName(), captured, null, from, true);
                alwaysSnapshotTaken = true;
            }
            return PostgresOffset.betweenTransactions(from, null);
        }
    }

    /**
     * Runs the snapshot in a REPEATABLE READ transaction; with {@code exporting} set, on the snapshot that connection
     * exported when it created the slot (imported before anything else runs on it). A resumed snapshot keeps only
     * the row versions its recorded point saw when {@code streamFollows}: the stream delivers the newer ones.
     */
    private void snapshot(
            Connection exporting,
            String exported,
            List<CapturedTable> tables,
            PostgresOffset resume,
            long streamLsn,
            boolean streamFollows)
            throws Exception {
        tables = tables.stream().filter(t -> config.snapshots(t.id())).toList(); // snapshot.include.collection.list
        try (Connection c = connections.sql()) {
            snapshotConnection = c;
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            if (exporting != null) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION SNAPSHOT '" + exported + "'");
                }
                exporting.close(); // the snapshot is imported; the replication connection is no longer needed
            }
            snapshotTaken = true;
            String point;
            if (resume == null) {
                point = ServerChecks.stringQuery(c, "SELECT txid_current_snapshot()::text");
            } else {
                point = resume.snapshotPoint();
                if (point == null) {
                    LOG.warn("The interrupted snapshot's offset records no snapshot point (written by an earlier "
                            + "version): rows changed since it started may be delivered twice");
                }
            }
            snapshotReader.run(
                    c,
                    tables,
                    resume,
                    streamLsn,
                    point == null ? null : SnapshotPoint.parse(point),
                    resume != null && streamFollows);
            c.commit();
        } catch (SQLException e) {
            if (!running) {
                throw new InterruptedException("stopped during the snapshot");
            }
            throw e;
        } finally {
            snapshotConnection = null;
        }
    }

    private void warnAboutKeylessTables(List<CapturedTable> captured) throws SQLException {
        for (CapturedTable t : captured) {
            if (catalog.primaryKey(t.oid()).isEmpty()) {
                LOG.warn(
                        "Table {} has no primary key: its events have a null key and its snapshot is read in "
                                + "ctid order",
                        t.id());
            }
        }
    }
}
