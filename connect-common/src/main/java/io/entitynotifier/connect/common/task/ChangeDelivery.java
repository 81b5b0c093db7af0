package io.entitynotifier.connect.common.task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;

import io.entitynotifier.connect.common.bulk.BulkConfig;
import io.entitynotifier.connect.common.bulk.BulkOperations;
import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.config.EventConfig;
import io.entitynotifier.connect.common.metrics.DebeziumMetrics;
import io.entitynotifier.connect.common.metrics.TaskMetrics;
import io.entitynotifier.connect.common.tenant.OperatorPolicy;
import io.entitynotifier.connect.common.tenant.OperatorPolicyChecks;
import io.entitynotifier.connect.common.tenant.TenantConfig;
import io.entitynotifier.connect.common.throttle.GroupMember;
import io.entitynotifier.connect.common.throttle.Throttle;
import io.entitynotifier.connect.common.throttle.ThrottleConfig;
import io.entitynotifier.connect.common.tracing.TransactionTracing;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.common.txn.TransactionBoundaries;

/**
 * The path from what a task read to what its {@code poll()} returns, the same for every connector: metrics, bulk
 * operations, Kafka transaction boundaries, throttling, the tenant header and tracing. A task builds one in
 * {@code start()}, passes every batch of read records through {@link #deliver}, and calls {@link #close} in
 * {@code stop()}.
 */
public final class ChangeDelivery {

    public static final String TENANT_HEADER = "cdc.tenant";

    private final TaskMetrics metrics;
    private final DebeziumMetrics debeziumMetrics;
    private final BulkOperations bulk;
    private final TransactionBoundaries boundaries;
    private final Throttle throttle;
    private final TransactionTracing tracing;
    private final String tenant;
    private final boolean throttleBytes;
    private final int recordMaxBytes;
    /** Read records a throttled task has not passed on yet for lack of budget, in order. */
    private final ArrayDeque<PendingRecord> outbox = new ArrayDeque<>();

    /**
     * @param connectorType short connector name for metrics, e.g. {@code sqlite}
     */
    public ChangeDelivery(
            CommonSourceConfig config, SourceTaskContext context, Map<String, String> taskProps, String connectorType) {
        String connector = taskProps.getOrDefault("name", config.topicPrefix());
        TenantConfig.checkAtStart(config);
        this.tenant = TenantConfig.tenantId(config);
        this.metrics = new TaskMetrics(connector, tenant, connectorType, System::currentTimeMillis)
                .register(taskNumber(taskProps));
        this.debeziumMetrics = new DebeziumMetrics(
                        connectorType,
                        config.topicPrefix(),
                        EventConfig.customMetricTags(config),
                        metrics,
                        System::currentTimeMillis)
                .register();
        this.bulk = new BulkOperations(
                BulkConfig.mode(config),
                BulkConfig.threshold(config),
                config.transactionMaxRecords(),
                config.topicPrefix());
        this.boundaries = new TransactionBoundaries(
                context.transactionContext(),
                config.transactionMaxRecords(),
                config.transactionCommitRecords(),
                config.transactionMaxMs(),
                TenantConfig.maxBufferedBytes(config),
                System::currentTimeMillis);
        this.throttle = throttle(config, connector);
        this.throttleBytes = ThrottleConfig.maxBytes(config) > 0;
        this.recordMaxBytes = config.recordMaxBytes();
        this.tracing = new TransactionTracing(connector);
        metrics.sources(throttle::throttledMillis, throttle::currentEventRate, bulk::detected, this::held);
        metrics.bufferedBytes(boundaries::heldBytes);
    }

    /**
     * The task's throttle. Its group's budget is the operator's when the worker's {@link OperatorPolicy} sets one (a
     * member's own {@code throttle.group.max.events.per.second} is then only checked at validate), and the group spans
     * the cluster when the policy names a coordination topic.
     */
    private static Throttle throttle(CommonSourceConfig config, String connector) {
        OperatorPolicy policy = OperatorPolicy.current();
        String group = ThrottleConfig.group(config);
        double budget = OperatorPolicyChecks.groupBudget(policy, group, ThrottleConfig.groupMaxEvents(config));
        GroupMember member = group.isEmpty() || budget <= 0
                ? null
                : GroupMember.join(
                        group,
                        connector,
                        TenantConfig.priority(config).weight(),
                        policy.coordinationTopic(),
                        policy.coordinationClient(),
                        System::currentTimeMillis);
        return new Throttle(
                ThrottleConfig.maxEvents(config),
                ThrottleConfig.maxBytes(config),
                member,
                budget,
                System::currentTimeMillis);
    }

    private static int taskNumber(Map<String, String> props) {
        try {
            return Integer.parseInt(props.getOrDefault("task.number", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public TaskMetrics metrics() {
        return metrics;
    }

    /** Records not handed to Connect yet: waiting for the end of their source transaction, or for throttle budget. */
    public int held() {
        return boundaries.held() + bulk.held() + outbox.size();
    }

    /**
     * Takes records read from the source, in order, and returns those for Connect now.
     *
     * @param caughtUp the reader has nothing more to read right now
     * @param stopping true once the task is stopping (throttling then stops waiting)
     */
    public List<SourceRecord> deliver(List<PendingRecord> incoming, boolean caughtUp, BooleanSupplier stopping) {
        metrics.onRead(incoming);
        debeziumMetrics.onRead(incoming);
        checkSizes(incoming);
        List<PendingRecord> kept = bulk.process(incoming);
        tracing.apply(kept);
        if (!tenant.isEmpty()) {
            for (PendingRecord r : kept) {
                r.record().headers().addString(TENANT_HEADER, tenant);
            }
        }
        // Records must not change after this: Connect finds the record a transaction commits on by its hash.
        if (!throttle.active()) {
            List<SourceRecord> out = boundaries.release(kept, caughtUp);
            metrics.onDelivered(out.size());
            return out;
        }
        outbox.addAll(kept);
        List<PendingRecord> slice = nextSlice(stopping);
        List<SourceRecord> out = boundaries.release(slice, caughtUp && outbox.isEmpty());
        throttle.waiting(!outbox.isEmpty());
        metrics.onDelivered(out.size());
        return out;
    }

    /**
     * A throttled task's next slice of read records: as many as fit about a tenth of a second's budget, after waiting
     * for that budget. The rest stays in the outbox, in order, for the next polls; while it is not empty the task
     * reads nothing more ({@link #backlogged}), so the source keeps the changes. Pacing before the transaction
     * boundaries keeps Kafka transactions short too ({@code transaction.group.max.ms} still applies), so a
     * {@code read_committed} consumer sees a throttled task's records as steadily as a plain one.
     */
    private List<PendingRecord> nextSlice(BooleanSupplier stopping) {
        if (outbox.isEmpty()) {
            return List.of();
        }
        if (stopping.getAsBoolean()) {
            List<PendingRecord> all = new ArrayList<>(outbox);
            outbox.clear();
            return all;
        }
        int maxEvents = throttle.sliceEvents();
        long maxBytes = throttle.sliceBytes();
        List<PendingRecord> slice = new ArrayList<>(Math.min(outbox.size(), maxEvents));
        long bytes = 0;
        while (!outbox.isEmpty() && slice.size() < maxEvents) {
            long size = throttleBytes ? outbox.peekFirst().estimatedBytes() : 0;
            if (!slice.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            slice.add(outbox.pollFirst());
            bytes += size;
        }
        throttle.acquire(slice.size(), bytes, stopping);
        return slice;
    }

    /**
     * True while a throttled task still holds read records it may not hand over yet: the task then reads nothing
     * new and calls {@link #deliver} with no records (and {@code caughtUp} false) until this is false again.
     */
    public boolean backlogged() {
        return !outbox.isEmpty();
    }

    /** A record the producer would refuse fails here, with what identifies it, rather than there, without. */
    private void checkSizes(List<PendingRecord> records) {
        for (PendingRecord p : records) {
            long size = p.estimatedBytes();
            if (size > recordMaxBytes) {
                var r = p.record();
                Object table = r.value() instanceof org.apache.kafka.connect.data.Struct s
                                && s.schema().field("source") != null
                        ? s.getStruct("source").get("table")
                        : null;
                var e = new org.apache.kafka.connect.errors.ConnectException("change event for table "
                        + (table == null ? r.topic() : table) + " (topic " + r.topic() + "), key fields "
                        + keyFields(r.keySchema()) + ", at source position " + positionWithoutValues(r.sourceOffset())
                        + ", holds about " + size + " bytes, more than "
                        + CommonSourceConfig.RECORD_MAX_BYTES_CONFIG + "=" + recordMaxBytes + ". Raise "
                        + CommonSourceConfig.RECORD_MAX_BYTES_CONFIG + " together with the producer's max.request.size "
                        + "(producer.override.max.request.size) and the topic's max.message.bytes, or exclude the "
                        + "large column with column.exclude.list.");
                metrics.error(e);
                throw e;
            }
        }
    }

    /** The key's field names: its values are data and never appear in an error. */
    static String keyFields(org.apache.kafka.connect.data.Schema keySchema) {
        if (keySchema == null) {
            return "(none)";
        }
        if (keySchema.type() != org.apache.kafka.connect.data.Schema.Type.STRUCT) {
            return "(" + keySchema.type() + ")";
        }
        return keySchema.fields().stream()
                .map(org.apache.kafka.connect.data.Field::name)
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    /**
     * The source offset without the fields that hold a row's key values: the snapshot key (PostgreSQL, MySQL, Oracle
     * {@code snapshot_key}), SQLite's {@code snapshot_after} and the incremental-snapshot state.
     */
    static Map<String, ?> positionWithoutValues(Map<String, ?> offset) {
        if (offset == null) {
            return Map.of();
        }
        Map<String, Object> copy = new java.util.TreeMap<>(offset);
        copy.keySet().removeIf(k -> k.contains("key") || k.equals("snapshot_after") || k.startsWith("incremental"));
        return copy;
    }

    public void close() {
        throttle.close();
        tracing.close();
        metrics.unregister();
        debeziumMetrics.unregister();
    }
}
