package io.entitynotifier.connect.postgres;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Heartbeat;
import io.entitynotifier.connect.common.event.Version;
import io.entitynotifier.connect.common.task.ChangeDelivery;
import io.entitynotifier.connect.common.txn.ChangeQueue;
import io.entitynotifier.connect.common.txn.PendingRecord;

/**
 * Hands the reader thread's records to Connect through the suite's {@link ChangeDelivery} (Kafka transaction
 * boundaries, throttling, bulk operations, tenant header, metrics), and confirms positions to the replication slot only
 * once Kafka has committed the records that carry them ({@link #commitRecord}).
 */
public final class PostgresSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSourceTask.class);

    private PostgresConnectorConfig config;
    private ChangeQueue queue;
    private ChangeDelivery delivery;
    private volatile boolean running;
    private ReplicationStreamReader streamReader;
    private ChangeReader reader;
    private Thread thread;
    private io.entitynotifier.connect.postgres.incremental.PostgresIncrementalSnapshot incremental;
    private SlotRetention retention;

    @Override
    public String version() {
        return Version.get();
    }

    /** The {@code source} block: Debezium's PostgreSQL fields. */
    static PostgresSourceInfo sourceInfo(String topicPrefix) {
        return new PostgresSourceInfo(topicPrefix);
    }

    @Override
    public void start(Map<String, String> props) {
        config = new PostgresConnectorConfig(props);
        io.entitynotifier.connect.common.config.DebeziumKeys.enforce(
                io.entitynotifier.connect.common.config.DebeziumKeys.Family.POSTGRES,
                PostgresConnectorConfig.CONFIG_DEF,
                props);
        Map<String, String> partition = config.sourcePartition();
        Map<String, Object> stored = context.offsetStorageReader().offset(partition);
        PostgresOffset offset = PostgresOffset.fromMap(stored);
        LOG.info(
                "Starting PostgreSQL capture of {} from offset {}",
                config.dbname(),
                offset == null ? "none" : offset.toMap());
        queue = new ChangeQueue(config.maxQueueSize(), config.maxQueueBytes());
        delivery = new ChangeDelivery(config, context, props, "postgres");
        delivery.metrics().queue(queue);
        retention = SlotRetention.start(config, delivery.metrics());
        running = true;
        PostgresSourceInfo source = sourceInfo(config.topicPrefix());
        ChangeRecordFactory factory = new ChangeRecordFactory(config, partition);
        PostgresConnections connections = new PostgresConnections(config);
        Catalog catalog = new Catalog(connections, config.dbname());
        PostgresTenantScope.checkAtStart(catalog, props);
        PostgresTypeMapper types = new PostgresTypeMapper(catalog, config.typeSettings());
        RelationSchemaReader schemas = new RelationSchemaReader(
                catalog, types, config.tableFilter(), config.topicPrefix(), config.dbname(), source.schema());
        RecordSink sink = records -> {
            for (PendingRecord r : records) {
                queue.put(r);
            }
        };
        SnapshotReader snapshot = new SnapshotReader(
                catalog,
                schemas,
                source,
                factory,
                sink,
                config.snapshotChunkSize(),
                config.unavailableValuePlaceholder(),
                delivery.metrics());
        Heartbeat heartbeat = new Heartbeat(config, partition, System::currentTimeMillis);
        streamReader = new ReplicationStreamReader(
                config, connections, catalog, schemas, source, factory, sink, heartbeat, delivery.metrics());
        incremental = IncrementalSetup.create(
                config,
                connections,
                catalog,
                schemas,
                source,
                factory,
                offset != null && !offset.snapshotRunning()
                        ? io.entitynotifier.connect.postgres.incremental.PostgresIncrementalSnapshot.fromOffset(stored)
                        : null);
        streamReader.incremental(incremental);
        reader = new ChangeReader(
                config,
                connections,
                catalog,
                snapshot,
                streamReader,
                offset,
                t -> {
                    delivery.metrics().error(t);
                    delivery.metrics().connected(false);
                    queue.fail(t);
                },
                delivery.metrics());
        thread = new Thread(reader, "entitynotifier-postgres-" + config.topicPrefix());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        // A throttled task still holding released records reads nothing new until they are out (ChangeDelivery).
        boolean backlogged = delivery.backlogged();
        List<PendingRecord> incoming = backlogged
                ? List.of()
                : queue.drain(config.maxBatchSize(), config.pollIntervalMs(), config.pollLingerMs());
        List<SourceRecord> out = delivery.deliver(incoming, !backlogged && queue.isEmpty(), () -> !running);
        return out.isEmpty() ? null : out;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        long lsn = PostgresOffset.confirmableLsn(record.sourceOffset());
        if (lsn > 0) {
            streamReader.confirm(lsn);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (retention != null) {
            retention.close();
        }
        if (reader == null) {
            return;
        }
        reader.stop();
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (config.slotDropOnStop()) {
            try (var c = new PostgresConnections(config).sql()) {
                ReplicationSetup.dropSlot(c, config.slotName());
            } catch (Exception e) {
                LOG.warn("Could not drop replication slot {}: {}", config.slotName(), e.getMessage());
            }
        }
        if (incremental != null && !thread.isAlive()) {
            incremental.close();
        }
        delivery.close();
        LOG.info("Stopped PostgreSQL capture of {}", config.dbname());
    }
}
