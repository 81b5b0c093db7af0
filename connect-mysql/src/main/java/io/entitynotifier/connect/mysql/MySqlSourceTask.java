package io.entitynotifier.connect.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.config.EventConfig;
import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Heartbeat;
import io.entitynotifier.connect.common.event.Version;
import io.entitynotifier.connect.common.task.ChangeDelivery;
import io.entitynotifier.connect.common.txn.ChangeQueue;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.mysql.binlog.BinlogEventHandler;
import io.entitynotifier.connect.mysql.binlog.BinlogReader;
import io.entitynotifier.connect.mysql.binlog.SchemaChangeRecords;
import io.entitynotifier.connect.mysql.schema.CatalogLookup;
import io.entitynotifier.connect.mysql.schema.CollationCharsets;
import io.entitynotifier.connect.mysql.schema.InformationSchemaReader;
import io.entitynotifier.connect.mysql.schema.TableMapSchemaReader;
import io.entitynotifier.connect.mysql.schema.TypeMapper;
import io.entitynotifier.connect.mysql.server.BinlogPositions;
import io.entitynotifier.connect.mysql.server.ServerConnections;
import io.entitynotifier.connect.mysql.server.ServerInfo;
import io.entitynotifier.connect.mysql.server.ServerSetupCheck;
import io.entitynotifier.connect.mysql.snapshot.ResumedRanges;
import io.entitynotifier.connect.mysql.snapshot.SnapshotCatchUp;
import io.entitynotifier.connect.mysql.snapshot.SnapshotLock;
import io.entitynotifier.connect.mysql.snapshot.SnapshotReader;

/**
 * The one task of the connector. A reader thread runs the snapshot (when one is due) and then the binlog reader,
 * handing records over through a {@link ChangeQueue}; {@link #poll()} releases them through the suite's
 * {@link ChangeDelivery} (transaction boundaries, throttling, bulk operations, metrics), so Kafka transactions hold
 * whole MySQL transactions.
 */
public final class MySqlSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlSourceTask.class);

    private MySqlConnectorConfig config;
    private ChangeQueue queue;
    private ChangeDelivery delivery;
    private volatile boolean running;
    private Thread reader;
    private volatile BinlogReader binlog;
    private volatile BinlogEventHandler handler;
    private volatile ServerConnections connections;
    /** Streaming after a resumed snapshot: tags the offsets of records polled (see {@link SnapshotCatchUp}). */
    private volatile SnapshotCatchUp catchUp;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MySqlConnectorConfig(props);
        io.entitynotifier.connect.common.config.DebeziumKeys.enforce(
                io.entitynotifier.connect.common.config.DebeziumKeys.Family.MYSQL,
                MySqlConnectorConfig.configDef(),
                props);
        queue = new ChangeQueue(config.maxQueueSize(), config.maxQueueBytes());
        delivery = new ChangeDelivery(config, context, props, "mysql");
        delivery.metrics().queue(queue);
        Map<String, String> partition = config.sourcePartition();
        Map<String, Object> stored = context.offsetStorageReader().offset(partition);
        BinlogPosition offset = BinlogPosition.fromOffset(stored);
        ResumedRanges resumed = offset == null ? ResumedRanges.NONE : ResumedRanges.fromOffset(stored);
        ServerConnections connections = new ServerConnections(config);
        this.connections = connections;
        ServerInfo info;
        CollationCharsets collations;
        Plan plan;
        try (Connection c = connections.open()) {
            info = ServerInfo.read(c);
            List<ServerSetupCheck.Problem> problems = ServerSetupCheck.check(c, info, config.serverId());
            if (!problems.isEmpty()) {
                throw new ConnectException("the server is not set up for change capture: "
                        + problems.stream()
                                .map(p -> p.key() + ": " + p.message())
                                .collect(Collectors.joining("; ")));
            }
            io.entitynotifier.connect.common.schema.SchemaNames.refuseTopicCollisions(
                    config.topicPrefix(),
                    new InformationSchemaReader(config.topicPrefix(), config.capturedTables(), null, null)
                            .capturedTables(c));
            collations = CollationCharsets.load(c);
            plan = plan(c, new BinlogPositions(info), offset, resumed);
        } catch (SQLException e) {
            ConnectException ce = new ConnectException(
                    "cannot connect to " + config.hostname() + ":" + config.port() + ": " + e.getMessage(), e);
            delivery.metrics().error(ce);
            delivery.close();
            throw ce;
        } catch (RuntimeException e) {
            delivery.metrics().error(e);
            delivery.close();
            throw e;
        }
        delivery.metrics().connected(true);
        LOG.info("{} {}: {}", info.flavor(), info.version(), plan);
        running = true;
        Runnable work = new CaptureRun(config, connections, info, collations, partition, queue, plan);
        reader = new Thread(
                () -> {
                    try {
                        work.run();
                    } catch (Throwable t) {
                        if (running) {
                            LOG.error("Change capture failed", t);
                            delivery.metrics().error(t);
                            delivery.metrics().connected(false);
                            queue.fail(t);
                        }
                    }
                },
                "mysql-reader-" + config.topicPrefix());
        reader.setDaemon(true);
        reader.start();
    }

    /** What the reader thread does: snapshot or not, and where streaming starts. */
    record Plan(boolean snapshot, BinlogPosition resume, boolean stream, ResumedRanges ranges) {
        Plan(boolean snapshot, BinlogPosition resume, boolean stream) {
            this(snapshot, resume, stream, ResumedRanges.NONE);
        }

        @Override
        public String toString() {
            if (snapshot) {
                return (resume == null ? "snapshot" : "resume the snapshot after " + resume)
                        + (stream ? ", then stream" : ", then stop (snapshot.mode=initial_only)");
            }
            return stream ? "stream from " + resume : "nothing to do (snapshot.mode=initial_only, snapshot done)";
        }
    }

    private Plan plan(Connection c, BinlogPositions positions, BinlogPosition offset, ResumedRanges resumed)
            throws SQLException {
        SnapshotMode mode = config.snapshotMode();
        if (offset == null) {
            if (mode == SnapshotMode.NEVER) {
                return new Plan(false, positions.earliest(c), true);
            }
            if (mode == SnapshotMode.NO_DATA) {
                return new Plan(false, positions.current(c), true);
            }
            return new Plan(true, null, mode.streams());
        }
        if (offset.snapshotting()) {
            return new Plan(true, offset, mode.streams(), resumed);
        }
        if (mode == SnapshotMode.ALWAYS) {
            return new Plan(true, null, true);
        }
        if (!mode.streams()) {
            return new Plan(false, offset, false);
        }
        String missing = positions.missingReason(c, offset);
        if (missing != null) {
            if (mode == SnapshotMode.WHEN_NEEDED) {
                LOG.warn("{}; taking a new snapshot (snapshot.mode=when_needed)", missing);
                return new Plan(true, null, true);
            }
            throw new ConnectException(missing + ". Use snapshot.mode=when_needed to take a new snapshot "
                    + "automatically, or delete the connector's offsets (or use a new topic.prefix) for a fresh "
                    + "snapshot; raise binlog_expire_logs_seconds so this does not happen again");
        }
        return new Plan(false, offset, true, resumed);
    }

    /** The reader thread's work: snapshot, then the binlog, re-snapshotting when needed and allowed. */
    private final class CaptureRun implements Runnable {
        private final MySqlConnectorConfig config;
        private final ServerConnections connections;
        private final ServerInfo info;
        private final CollationCharsets collations;
        private final Map<String, String> partition;
        private final ChangeQueue queue;
        private final Plan plan;

        CaptureRun(
                MySqlConnectorConfig config,
                ServerConnections connections,
                ServerInfo info,
                CollationCharsets collations,
                Map<String, String> partition,
                ChangeQueue queue,
                Plan plan) {
            this.config = config;
            this.connections = connections;
            this.info = info;
            this.collations = collations;
            this.partition = partition;
            this.queue = queue;
            this.plan = plan;
        }

        @Override
        public void run() {
            MySqlSourceInfo sourceInfo = new MySqlSourceInfo(config.topicPrefix(), info.mariaDb());
            ChangeRecordFactory records = new ChangeRecordFactory(config, partition);
            TypeMapper types = TypeMapper.of(config);
            MySqlConnectorConfig.CapturedTables captured = config.capturedTables();
            BinlogPositions positions = new BinlogPositions(info);
            boolean snapshot = plan.snapshot();
            BinlogPosition resume = plan.resume();
            ResumedRanges ranges = plan.ranges();
            try (CatalogLookup catalog = new CatalogLookup(connections::open)) {
                while (running) {
                    BinlogPosition start = resume;
                    if (snapshot) {
                        start = snapshot(resume, ranges, captured, types, sourceInfo, records, positions);
                        if (start == null || !plan.stream()) {
                            return;
                        }
                        ranges = snapshotRanges;
                    }
                    SnapshotCatchUp filter =
                            ranges.isEmpty() ? null : new SnapshotCatchUp(ranges, info.mariaDb(), connections::open);
                    catchUp = filter;
                    Heartbeat heartbeat = new Heartbeat(config, partition, System::currentTimeMillis);
                    BinlogEventHandler handler = new BinlogEventHandler(
                                    new TableMapSchemaReader(
                                                    config.topicPrefix(),
                                                    captured,
                                                    collations,
                                                    types,
                                                    sourceInfo.schema())
                                            .catalog(catalog)
                                            .mariaDb(info.mariaDb()),
                                    captured,
                                    sourceInfo,
                                    records,
                                    config.includeSchemaChanges()
                                            ? new SchemaChangeRecords(
                                                    config.topicPrefix(),
                                                    partition,
                                                    sourceInfo.schema(),
                                                    catalog::describe)
                                            : null,
                                    heartbeat,
                                    queue,
                                    info.mariaDb(),
                                    start)
                            .skippedOperations(EventConfig.skippedOperations(config))
                            .transactionHoldLimit(queue, config.maxQueueSize())
                            .snapshotCatchUp(filter);
                    MySqlSourceTask.this.handler = handler;
                    binlog = new BinlogReader(config, handler, connections.binlogSslSocketFactory());
                    try {
                        binlog.run(() -> running);
                        return;
                    } catch (BinlogReader.PositionPurgedException e) {
                        ranges = ResumedRanges.NONE; // a new snapshot from scratch
                        if (config.snapshotMode() != SnapshotMode.WHEN_NEEDED) {
                            throw e;
                        }
                        confirmPurged(positions, handler.committed(), e);
                        LOG.warn("{}; taking a new snapshot (snapshot.mode=when_needed)", e.getMessage());
                        snapshot = true;
                        resume = null;
                    } finally {
                        if (filter != null) {
                            filter.close();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                throw new ConnectException("snapshot failed: " + e.getMessage(), e);
            }
        }

        /**
         * A 1236 worded as a purge leads to a new snapshot only when {@code SHOW BINARY LOGS} and {@code gtid_purged}
         * confirm that the position is gone; otherwise the task fails with the server's message.
         */
        private void confirmPurged(
                BinlogPositions positions, BinlogPosition at, BinlogReader.PositionPurgedException e) {
            String missing;
            try (Connection c = connections.open()) {
                missing = positions.missingReason(c, at);
            } catch (SQLException se) {
                throw new ConnectException(
                        e.getMessage() + "; checking the server's binary logs failed too (" + se.getMessage()
                                + "), so no new snapshot is taken",
                        e);
            }
            if (missing == null) {
                throw new ConnectException(
                        e.getMessage() + "; but SHOW BINARY LOGS and gtid_purged show that " + at
                                + " is still on the server, so no new snapshot is taken",
                        e);
            }
        }

        /**
         * Runs the snapshot; a table altered or dropped while it is read makes the snapshot continue after the last row
         * delivered, with the table definitions read again (the binlog replay from the start position carries the DDL
         * and the changes around it).
         */
        /** The resumed ranges of the last snapshot run. */
        private ResumedRanges snapshotRanges = ResumedRanges.NONE;

        private BinlogPosition snapshot(
                BinlogPosition resume,
                ResumedRanges resumed,
                MySqlConnectorConfig.CapturedTables captured,
                TypeMapper types,
                MySqlSourceInfo sourceInfo,
                ChangeRecordFactory records,
                BinlogPositions positions)
                throws SQLException, InterruptedException {
            BinlogPosition from = resume;
            ResumedRanges fromRanges = resumed;
            for (int attempt = 1; ; attempt++) {
                SnapshotReader reader = new SnapshotReader(
                        new InformationSchemaReader(config.topicPrefix(), captured, types, sourceInfo.schema()),
                        new SnapshotLock(
                                config.snapshotLockingMode(),
                                config.snapshotLockTimeoutMs(),
                                SnapshotLockKeys.LOCK_ATTEMPTS,
                                info,
                                positions,
                                () -> running),
                        sourceInfo,
                        records,
                        queue,
                        config.snapshotChunkSize(),
                        delivery.metrics());
                try (Connection c = connections.open()) {
                    BinlogPosition start = reader.run(c, from, fromRanges, () -> running);
                    snapshotRanges = reader.ranges();
                    return start;
                } catch (SQLException e) {
                    if (!DEFINITION_CHANGED.contains(e.getErrorCode()) || attempt >= SNAPSHOT_ATTEMPTS) {
                        throw e;
                    }
                    if (reader.progress() != null) {
                        from = reader.progress();
                        fromRanges = reader.ranges();
                    }
                    LOG.warn(
                            "A table changed while the snapshot read it ({}); continuing the snapshot{}",
                            e.getMessage(),
                            from == null ? " afresh" : " after " + from);
                }
            }
        }
    }

    /** SQL errors raised when a table's definition changes under the snapshot; the snapshot then resumes. */
    private static final java.util.Set<Integer> DEFINITION_CHANGED = java.util.Set.of(1054, 1146, 1412);

    private static final int SNAPSHOT_ATTEMPTS = 5;

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        // A throttled task still holding released records reads nothing new until they are out (ChangeDelivery).
        boolean backlogged = delivery.backlogged();
        List<PendingRecord> in = backlogged
                ? List.of()
                : queue.drain(config.maxBatchSize(), config.pollIntervalMs(), config.pollLingerMs());
        SnapshotCatchUp tagging = catchUp;
        if (tagging != null) {
            in = tagging.tag(in);
        }
        List<SourceRecord> out = delivery.deliver(in, !backlogged && caughtUp(), () -> !running);
        return out.isEmpty() ? null : out;
    }

    /**
     * The reader has nothing more to hand over right now, so the open Kafka transaction may be committed at once: the
     * queue is empty and the binlog reader is not inside a transaction. A reader working through a backlog hands over
     * whole transactions at their commits and leaves the queue empty while it reads the next one; taking that for
     * caught up committed a Kafka transaction per poll, a few source transactions each, instead of grouping them up
     * to {@code transaction.group.commit.records} (or {@code transaction.group.max.ms}).
     */
    private boolean caughtUp() {
        BinlogEventHandler h = handler;
        boolean reading = h != null && h.midTransaction(); // first: a transaction it ends is queued before it clears
        return !reading && queue.isEmpty();
    }

    @Override
    public void stop() {
        running = false;
        BinlogReader b = binlog;
        if (b != null) {
            b.stop();
        }
        ServerConnections sc = connections;
        if (sc != null) {
            sc.killAll(); // a snapshot lock, or a lock request waiting behind a long query, ends with its session
        }
        Thread t = reader;
        if (t != null) {
            t.interrupt();
            try {
                t.join(4_000); // within Connect's graceful-stop timeout (5 s by default)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (delivery != null) {
            delivery.close();
        }
    }
}
