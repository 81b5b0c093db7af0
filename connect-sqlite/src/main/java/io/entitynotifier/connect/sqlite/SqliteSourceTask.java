package io.entitynotifier.connect.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.sqlite.SqliteConnectorConfig.SnapshotMode;
import io.entitynotifier.connect.sqlite.changelog.CapturedTables;
import io.entitynotifier.connect.sqlite.changelog.ChangeLogReader;
import io.entitynotifier.connect.sqlite.changelog.LogLayout;
import io.entitynotifier.connect.sqlite.incremental.SqliteIncrementalSnapshot;
import io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader;
import io.entitynotifier.connect.sqlite.schema.SqliteTable;
import io.entitynotifier.connect.sqlite.snapshot.SqliteSnapshotReader;

/**
 * Runs the snapshot (if one is due) and then streams the change log. Everything happens on the poll thread;
 * {@link #commit()} purges change-log rows whose offsets Connect has committed.
 */
public class SqliteSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(SqliteSourceTask.class);

    /** Reading the committed offset costs a round trip to Kafka, so the log is purged at most this often. */
    private static final long PURGE_INTERVAL_MS = 2_000;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Object purgeLock = new Object();

    private SqliteConnectorConfig config;
    private SqliteDatabase database;
    private Connection connection;
    private Connection snapshotConnection;
    private Connection purgeConnection;
    private PreparedStatement purge;
    private Map<String, String> partition;
    private SqliteSourceInfo sourceInfo;
    private ChangeRecordFactory records;
    private CapturedTables captured;
    private SqliteSnapshotReader snapshot;
    private ChangeLogReader changeLog;
    private ChangeDelivery delivery;
    private Heartbeat heartbeat;
    private Connection incrementalConnection;
    private SqliteIncrementalSnapshot incremental;
    /** A chunk read at a change-log sequence the stream has not reached yet. */
    private SqliteIncrementalSnapshot.Chunk pendingChunk;

    private boolean idle;
    private long lastPurge;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new SqliteConnectorConfig(props);
        io.entitynotifier.connect.common.config.DebeziumKeys.enforce(
                io.entitynotifier.connect.common.config.DebeziumKeys.Family.SQLITE,
                SqliteConnectorConfig.CONFIG_DEF,
                props);
        SqliteAllowedDirs.checkAtStart(
                config.databasePath(), io.entitynotifier.connect.common.tenant.TenantConfig.tenantId(config));
        database = new SqliteDatabase(config.databasePath());
        connection = database.open();
        partition = config.sourcePartition();
        String dbName = database.path().getFileName().toString();
        sourceInfo = new SqliteSourceInfo(config.topicPrefix());
        records = new ChangeRecordFactory(config, partition);
        delivery = new ChangeDelivery(config, context, props, "sqlite");
        heartbeat = new Heartbeat(config, partition, System::currentTimeMillis);
        SqlitePosition position =
                SqlitePosition.fromOffset(context.offsetStorageReader().offset(partition));
        try {
            captured = new CapturedTables(
                    new SqliteSchemaReader(
                            config.topicPrefix(),
                            dbName,
                            config.tableFilter(),
                            config.decimalHandlingMode(),
                            config.binaryHandlingMode(),
                            sourceInfo.schema()),
                    LogLayout.of(config.topicPrefix(), props.get("name")));
            refuseTopicCollisions(dbName);
            List<String> tables = captured.load(connection, position != null);
            log.info(
                    "Capturing {} table(s) of {}: {}; resuming from {}",
                    tables.size(),
                    database.path(),
                    tables,
                    position == null ? "nothing (first start)" : position);
            setUpSignals(tables, position, dbName);
            startReading(position, tables, dbName);
            delivery.metrics().connected(true);
        } catch (SQLException e) {
            closeQuietly();
            throw new ConnectException(
                    "cannot prepare change capture on " + database.path() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Two captured tables whose topics Kafka cannot tell apart fail the start, before any trigger is installed. */
    private void refuseTopicCollisions(String dbName) throws SQLException {
        List<io.entitynotifier.connect.common.schema.TableId> ids = new ArrayList<>();
        for (String t : SqliteSchemaReader.userTables(connection)) {
            if (config.tableFilter().includes(SqliteSchemaReader.tableId(dbName, t))) {
                ids.add(SqliteSchemaReader.tableId(dbName, t));
            }
        }
        try {
            io.entitynotifier.connect.common.schema.SchemaNames.refuseTopicCollisions(config.topicPrefix(), ids);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** The signal table and incremental snapshots (streaming modes only: signals arrive in the change log). */
    private void setUpSignals(List<String> tables, SqlitePosition position, String dbName) throws SQLException {
        if (config.snapshotMode() == SnapshotMode.INITIAL_ONLY) {
            // signals arrive while streaming, and initial_only streams nothing: refuse rather than ignore them
            if (io.entitynotifier.connect.common.signal.SignalConfig.signalTable(config) != null
                    || io.entitynotifier.connect.common.signal.SignalConfig.channel(config, "kafka")) {
                throw new ConnectException("signal.data.collection and the 'kafka' signal channel need streaming; "
                        + "snapshot.mode=initial_only streams nothing (use initial or never)");
            }
            return;
        }
        String signalTable = io.entitynotifier.connect.common.signal.SignalConfig.signalTable(config);
        if (signalTable != null) {
            SqliteSignalTable.check(signalTable, tables, captured);
        }
        incrementalConnection = database.open();
        incremental = new SqliteIncrementalSnapshot(
                signalTable,
                captured,
                tables,
                incrementalConnection,
                sourceInfo,
                records,
                dbName,
                io.entitynotifier.connect.common.signal.SignalConfig.chunkSize(config),
                position == null ? null : position.incremental());
        incremental.channels(
                io.entitynotifier.connect.common.signal.SignalConfig.channel(config, "source"),
                io.entitynotifier.connect.common.signal.SignalConfig.kafkaChannel(
                        config, config.topicPrefix(), incremental.signalOffset()));
    }

    private void startReading(SqlitePosition position, List<String> tables, String dbName) throws SQLException {
        boolean snapshotDue = position == null ? config.snapshotMode() != SnapshotMode.NEVER : position.inSnapshot();
        if (snapshotDue) {
            List<SqliteTable> current = new ArrayList<>();
            for (String t : tables) {
                current.add(captured.current(t));
            }
            snapshotConnection = database.open();
            long readSeq = SqliteSnapshotReader.beginAndReadSeq(snapshotConnection, captured.triggers());
            long seq = position == null ? readSeq : position.seq();
            snapshot = new SqliteSnapshotReader(
                    snapshotConnection,
                    current,
                    sourceInfo,
                    records,
                    dbName,
                    config.snapshotChunkSize(),
                    position,
                    readSeq,
                    config.snapshotMode() == SnapshotMode.INITIAL_ONLY
                            ? null
                            : captured.triggers().layout().logTable());
            log.info(
                    "{} snapshot of {} table(s); streaming will start after change-log seq {}",
                    position == null ? "Starting" : "Resuming",
                    current.size(),
                    seq);
            delivery.metrics().snapshotStarted(current.size(), snapshot.estimateRows());
        } else if (config.snapshotMode() != SnapshotMode.INITIAL_ONLY) {
            long from = position == null ? captured.triggers().lastSeq(connection) : position.seq();
            changeLog = new ChangeLogReader(
                    connection, captured, sourceInfo, records, dbName, from, EventConfig.skippedOperations(config));
            changeLog.hooks(incremental);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (idle && stopping.await(config.pollIntervalMs(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        synchronized (this) {
            if (stopping.getCount() == 0) {
                return null;
            }
            List<PendingRecord> batch = new ArrayList<>();
            boolean caughtUp;
            try {
                // A throttled task still holding released records reads nothing new until they are out.
                caughtUp = !delivery.backlogged() && read(batch);
            } catch (SQLException | RuntimeException e) {
                delivery.metrics().error(e);
                if (e instanceof ConnectException ce) {
                    throw ce;
                }
                throw new ConnectException("reading " + database.path() + " failed: " + e.getMessage(), e);
            }
            if (batch.isEmpty() && delivery.held() == 0 && changeLog != null && !changeLog.holdsRecords()) {
                SourceRecord beat = heartbeat.maybeBeat(
                        SqlitePosition.streaming(changeLog.lastSeq(), incremental.incrementalState())
                                .toOffset());
                if (beat != null) {
                    batch.add(PendingRecord.last(beat));
                }
            } else if (!batch.isEmpty()) {
                heartbeat.activity();
            }
            idle = caughtUp && batch.isEmpty();
            return delivery.deliver(batch, caughtUp, () -> stopping.getCount() == 0);
        }
    }

    /** Reads the next snapshot chunk or change-log batch; true when there is nothing more to read right now. */
    private boolean read(List<PendingRecord> batch) throws SQLException {
        if (snapshot != null) {
            int tablesBefore = snapshot.tablesDone();
            snapshot.readChunk(batch);
            for (int i = tablesBefore; i < snapshot.tablesDone(); i++) {
                delivery.metrics().snapshotTableDone();
            }
            if (!snapshot.done()) {
                return false;
            }
            long seq = snapshot.startSeq();
            snapshot.close();
            snapshot = null;
            closeQuietly(snapshotConnection);
            snapshotConnection = null;
            delivery.metrics().snapshotCompleted();
            if (config.snapshotMode() != SnapshotMode.INITIAL_ONLY) {
                changeLog = new ChangeLogReader(
                        connection,
                        captured,
                        sourceInfo,
                        records,
                        database.path().getFileName().toString(),
                        seq,
                        EventConfig.skippedOperations(config));
                changeLog.hooks(incremental);
            }
            return true;
        }
        if (changeLog == null) {
            return true; // initial_only, snapshot done
        }
        incremental.pollKafka(); // a Kafka signal takes effect here, between two reads of the change log
        if (incremental.active()) {
            // the chunk is the tables' state at its sequence: stream up to it, then emit it (see the class)
            if (pendingChunk == null) {
                pendingChunk = incremental.readChunk();
            }
            if (pendingChunk == null) {
                changeLog.read(config.maxBatchSize(), batch);
            } else {
                changeLog.read(config.maxBatchSize(), pendingChunk.seq(), batch);
                if (changeLog.caughtUp()) {
                    incremental.emit(pendingChunk, batch);
                    pendingChunk = null;
                }
            }
            return false;
        }
        changeLog.read(config.maxBatchSize(), batch);
        return changeLog.caughtUp();
    }

    /** Purges change-log rows up to the offset Connect has committed: they are in Kafka and never needed again. */
    @Override
    public void commit() {
        long now = System.currentTimeMillis();
        if (config == null
                || !config.purgeChangeLog()
                || now - lastPurge < PURGE_INTERVAL_MS
                || stopping.getCount() == 0) {
            return;
        }
        lastPurge = now;
        SqlitePosition committed;
        try {
            committed = SqlitePosition.fromOffset(context.offsetStorageReader().offset(partition));
        } catch (RuntimeException e) {
            log.debug("Could not read the committed offset; the change log is purged later", e);
            return;
        }
        if (committed == null) {
            return;
        }
        synchronized (purgeLock) {
            try {
                if (purge == null) {
                    purgeConnection = database.open();
                    purge = purgeConnection.prepareStatement("DELETE FROM "
                            + SqliteSchemaReader.quote(
                                    captured.triggers().layout().logTable()) + " WHERE seq <= ?");
                }
                purge.setLong(1, committed.seq());
                int n = purge.executeUpdate();
                if (n > 0) {
                    log.debug("Purged {} change-log rows up to seq {}", n, committed.seq());
                }
            } catch (SQLException e) {
                log.warn(
                        "Could not purge the change log up to seq {} (will retry at the next commit): {}",
                        committed.seq(),
                        e.getMessage());
            }
        }
    }

    @Override
    public void stop() {
        stopping.countDown();
        synchronized (this) {
            closeQuietly();
        }
        synchronized (purgeLock) {
            closeQuietly(purgeConnection);
            purge = null;
        }
    }

    private void closeQuietly() {
        if (delivery != null) {
            delivery.close();
        }
        if (changeLog != null) {
            changeLog.close();
        }
        if (snapshot != null) {
            snapshot.close();
        }
        closeQuietly(snapshotConnection);
        if (incremental != null) {
            incremental.close();
        }
        closeQuietly(incrementalConnection);
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // stopping
            }
        }
    }
}
