package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import io.entitynotifier.connect.common.schema.SchemaNames;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.task.ChangeDelivery;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.oracle.incremental.OracleIncrementalSnapshot;
import io.entitynotifier.connect.oracle.jdbc.GuardedConnection;
import io.entitynotifier.connect.oracle.logminer.LogMinerQuery;
import io.entitynotifier.connect.oracle.logminer.LogMinerReader;
import io.entitynotifier.connect.oracle.logminer.LogWriterFlush;
import io.entitynotifier.connect.oracle.logminer.MiningWindow;
import io.entitynotifier.connect.oracle.logminer.TransactionBuffer;
import io.entitynotifier.connect.oracle.logminer.TransactionEmitter;

/**
 * Runs the snapshot (if one is due or unfinished) and then the LogMiner loop, on the poll thread: each poll reads one
 * snapshot chunk or mines one SCN window, and hands its records to Connect through the suite's {@link ChangeDelivery}
 * (Kafka transaction boundaries, so Kafka transactions hold whole Oracle transactions; metrics, tenant header,
 * throttling, bulk operations).
 */
public final class OracleSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(OracleSourceTask.class);

    private final CountDownLatch stopping = new CountDownLatch(1);
    /** Guards {@link #polling} and {@link #closed}; never held while the database is queried. */
    private final Object lifecycle = new Object();
    /** A poll is reading or delivering: resources are closed by it on its way out, not by stop(). */
    private boolean polling;

    private boolean closed;
    private OracleConnectorConfig config;
    private OracleDialect dialect;
    /** LogMiner and V$ views; in a multitenant database this session stays in CDB$ROOT. */
    private GuardedConnection miningSession;
    /** Dictionary and snapshot reads inside the PDB; null when no PDB is configured (miningSession serves). */
    private GuardedConnection dictionarySession;

    private Connection connection;
    private Connection dictionary;

    private OracleSourceInfo sourceInfo;
    private TableCache tables;
    private ChangeRecordFactory records;
    private ChangeDelivery delivery;
    private boolean idle;
    private Heartbeat heartbeat;
    private SnapshotReader snapshot;
    private OracleOffset streamFrom;
    private MiningWindow window;
    private LogMinerReader reader;
    private LogWriterFlush flush;
    /** Signals and incremental snapshots; null when none are configured. */
    private OracleIncrementalSnapshot incremental;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new OracleConnectorConfig(props);
        io.entitynotifier.connect.common.config.DebeziumKeys.enforce(
                io.entitynotifier.connect.common.config.DebeziumKeys.Family.ORACLE,
                OracleConnectorConfig.configDef(),
                props);
        dialect = config.dialect();
        try {
            miningSession = new GuardedConnection(
                    () -> {
                        Connection c = OracleConnections.open(config);
                        dialect.prepare(c);
                        return c;
                    },
                    config.queryTimeoutMs());
            connection = miningSession.connection();
            String[] db = OracleConnections.database(connection);
            if (!"YES".equalsIgnoreCase(db[1]) && !"IMPLICIT".equalsIgnoreCase(db[1])) {
                throw new ConnectException("minimal supplemental logging is not enabled on the database "
                        + "(V$DATABASE.SUPPLEMENTAL_LOG_DATA_MIN = " + db[1] + "); run ALTER DATABASE ADD "
                        + "SUPPLEMENTAL LOG DATA, and ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS on each captured "
                        + "table");
            }
            String pdb = config.pdbName();
            dictionary = connection;
            if (pdb != null) {
                dictionarySession = new GuardedConnection(
                        () -> {
                            Connection c = OracleConnections.open(config);
                            dialect.prepare(c);
                            dialect.switchContainer(c, pdb);
                            return c;
                        },
                        config.queryTimeoutMs());
                dictionary = dictionarySession.connection();
            }
            String dbName = pdb != null ? pdb : config.dbName() != null ? config.dbName() : db[0];
            sourceInfo = OracleSourceInfo.create(config.topicPrefix());
            OracleSchemaReader schemaReader = new OracleSchemaReader(
                            config.topicPrefix(),
                            dbName,
                            config.tableFilter(),
                            config.schemaFilter(),
                            config.decimalHandlingMode(),
                            config.binaryHandlingMode(),
                            config.unavailablePlaceholder(),
                            sourceInfo.schema())
                    .temporal(config.temporalMode(), config.intervalMode());
            flush = new LogWriterFlush(config.flushTable());
            schemaReader.ignore(flush.prepare(connection), flush.table());
            tables = new TableCache(schemaReader);
            records = new ChangeRecordFactory(config, config.sourcePartition()).catalogInDataCollectionNames();
            delivery = new ChangeDelivery(config, context, props, "oracle");
            heartbeat = new Heartbeat(config, config.sourcePartition(), System::currentTimeMillis);
            window = new MiningWindow(
                    config.batchMin(),
                    config.batchDefault(),
                    config.batchMax(),
                    config.sleepMin(),
                    config.sleepDefault(),
                    config.sleepMax(),
                    config.sleepIncrement());
            List<TableId> captured = schemaReader.capturedTables(dictionary);
            SchemaNames.refuseTopicCollisions(config.topicPrefix(), captured);
            List<TableId> missing = SupplementalLogging.missingAllColumns(dictionary, captured);
            if (!missing.isEmpty()) {
                throw new ConnectException(SupplementalLogging.advice(missing));
            }
            Map<String, Object> stored = context.offsetStorageReader().offset(config.sourcePartition());
            incremental =
                    OracleIncrementalSnapshot.create(config, dialect, dictionary, tables, records, sourceInfo, stored);
            startFrom(OracleOffset.fromMap(stored));
            delivery.metrics().connected(true);
        } catch (SQLException e) {
            abandonStart();
            throw new ConnectException(
                    "cannot start reading from Oracle at " + config.jdbcUrl() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            abandonStart();
            throw e;
        }
    }

    private void abandonStart() {
        synchronized (lifecycle) {
            closeAll();
        }
    }

    private void startFrom(OracleOffset offset) throws SQLException {
        if (offset == null) {
            // Transactions open at scn commit later with changes from before it: mine from their start. AS OF SCN
            // shows what committed at or before scn, so "delivered" is every commit below scn + 1. The order of the
            // reads matters: one open at scn was open when V$TRANSACTION was read (so counted in oldest), or began
            // after that, at or after "before". Read the other way round, a transaction committing between the two
            // reads is neither in the snapshot (it commits after scn) nor mined (from is past its start).
            long before = LogMinerReader.currentScn(connection);
            long oldest = OracleConnections.oldestOpenTransaction(connection);
            long scn = LogMinerReader.currentScn(connection);
            long from = Math.min(before, oldest);
            streamFrom = OracleOffset.streaming(from, scn + 1, Set.of());
            if (config.snapshotData()) {
                List<TableId> all = tables.reader().capturedTables(dictionary);
                log.info("snapshot of {} tables as of SCN {}, then mining from SCN {}", all.size(), scn, from);
                snapshot = newSnapshot(all, scn, null);
                delivery.metrics().snapshotStarted(all.size(), 0);
            } else {
                startStreaming();
            }
        } else if (offset.snapshotInProgress()) {
            streamFrom = OracleOffset.streaming(offset.scn(), offset.commitScn(), offset.commitTxIds());
            String done = offset.snapshotTable();
            List<TableId> rest = new ArrayList<>();
            for (TableId t : tables.reader().capturedTables(dictionary)) {
                int cmp = t.identifier().compareTo(done);
                if (cmp > 0 || (cmp == 0 && offset.snapshotInsideTable())) {
                    rest.add(t);
                }
            }
            OracleOffset resume = !rest.isEmpty() && rest.get(0).identifier().equals(done) ? offset : null;
            log.info(
                    "resuming the snapshot as of SCN {} at {} ({} tables left)",
                    offset.snapshotScn(),
                    done,
                    rest.size());
            // as of the original SCN: the rows still to read are those the first run would have read
            snapshot = newSnapshot(rest, offset.snapshotScn(), resume);
            delivery.metrics().snapshotStarted(rest.size(), 0);
        } else {
            streamFrom = offset;
            startStreaming();
        }
    }

    private SnapshotReader newSnapshot(List<TableId> toRead, long scn, OracleOffset resume) throws SQLException {
        return new SnapshotReader(
                dictionary,
                dialect,
                tables,
                toRead,
                scn,
                resume,
                streamFrom,
                config.snapshotChunkSize(),
                records,
                sourceInfo);
    }

    private void startStreaming() {
        log.info("mining from SCN {} (delivered up to commit SCN {})", streamFrom.scn(), streamFrom.commitScn());
        snapshot = null;
        LogMinerQuery query = new LogMinerQuery(
                config.pdbName(),
                config.schemaIncludeList(),
                config.getList(OracleConnectorConfig.SCHEMA_EXCLUDE_LIST_CONFIG),
                config.tableIncludeList(),
                config.getList(OracleConnectorConfig.TABLE_EXCLUDE_LIST_CONFIG),
                flush.owner(),
                flush.table());
        TransactionBuffer buffer = new TransactionBuffer(config.transactionEventsThreshold(), config.bufferMaxEvents());
        TransactionEmitter emitter = new TransactionEmitter(dictionary, tables, records, sourceInfo)
                .skippedOperations(EventConfig.skippedOperations(config));
        reader = new LogMinerReader(connection, dialect.logMinerSession(), query, window, buffer, emitter, streamFrom)
                .flushingWith(flush)
                .limitingRoundsTo(config.bufferMaxEvents());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        // Caught up: pause, returning at once when the task stops.
        if (idle && stopping.await(window.sleepMs(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        synchronized (lifecycle) {
            if (stopping.getCount() == 0 || closed) {
                return null;
            }
            polling = true;
        }
        try {
            List<PendingRecord> in = new ArrayList<>();
            boolean caughtUp;
            try {
                // A throttled task still holding released records reads nothing new until they are out.
                caughtUp = !delivery.backlogged() && read(in);
            } catch (SQLException | RuntimeException e) {
                if (stopping.getCount() == 0) {
                    log.debug("reading stopped by the task's stop", e);
                    return null; // cancelled by stop(): not a failure
                }
                delivery.metrics().error(e);
                if (e instanceof ConnectException ce) {
                    throw ce;
                }
                throw new ConnectException("reading from Oracle failed: " + e.getMessage(), e);
            }
            idle = caughtUp && in.isEmpty();
            return delivery.deliver(in, caughtUp, () -> stopping.getCount() == 0);
        } finally {
            synchronized (lifecycle) {
                polling = false;
                if (stopping.getCount() == 0) {
                    closeAll();
                }
            }
        }
    }

    /** One snapshot chunk or one mining round (plus a heartbeat when idle); true when caught up with the database. */
    private boolean read(List<PendingRecord> in) throws SQLException {
        if (snapshot != null && !snapshot.done()) {
            in.addAll(snapshot.nextChunk());
            if (snapshot.done()) {
                delivery.metrics().snapshotCompleted();
            }
            return false;
        }
        if (snapshot != null) {
            startStreaming();
        }
        if (incremental != null) {
            incremental.beforeMining(); // Kafka signals; the next chunk between its watermarks
        }
        LogMinerReader.Round round = reader.mine();
        if (incremental == null) {
            in.addAll(round.records());
        } else {
            incremental.filter(round.records(), in);
        }
        if (in.isEmpty() && delivery.held() == 0) {
            Map<String, Object> at = reader.position().toMap();
            SourceRecord beat = heartbeat.maybeBeat(incremental == null ? at : incremental.withState(at));
            if (beat != null) {
                in.add(PendingRecord.last(beat));
            }
        } else if (!in.isEmpty()) {
            heartbeat.activity();
        }
        return round.caughtUp() && (incremental == null || !incremental.busy());
    }

    /**
     * Stops promptly from any thread: cancels the statements running (a LogMiner query may take long), and closes the
     * connections unless a poll is still on its way out, which then closes them itself. No lock is held while the
     * database is queried, so this never waits for a query.
     */
    @Override
    public void stop() {
        stopping.countDown();
        GuardedConnection mining = miningSession;
        GuardedConnection dict = dictionarySession;
        if (mining != null) {
            mining.cancel();
        }
        if (dict != null) {
            dict.cancel();
        }
        synchronized (lifecycle) {
            if (!polling) {
                closeAll();
            }
        }
    }

    /** Called holding {@link #lifecycle}. */
    private void closeAll() {
        if (closed) {
            return;
        }
        closed = true;
        if (dictionarySession != null) {
            dictionarySession.close();
        }
        if (miningSession != null) {
            miningSession.close();
        }
        if (incremental != null) {
            incremental.close();
        }
        if (delivery != null) {
            delivery.close();
        }
    }

    /** Physical connections replaced after failures so far (tests, operations). */
    int reconnects() {
        return (miningSession == null ? 0 : miningSession.reconnects())
                + (dictionarySession == null ? 0 : dictionarySession.reconnects());
    }
}
