package io.entitynotifier.connect.common.metrics;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.event.Envelope;
import io.entitynotifier.connect.common.event.TransactionMetadata;
import io.entitynotifier.connect.common.txn.PendingRecord;

/**
 * The two MBeans Debezium 3.6 registers for a task, with Debezium's object names and attributes, beside the suite's
 * own tenant-tagged {@link TaskMetrics} (which stays as it is):
 * {@code debezium.<type>:type=connector-metrics,context=streaming,server=<topic.prefix>[,<custom.metric.tags>]} and
 * {@code ...,context=snapshot,...}, where {@code <type>} is {@code postgres}, {@code mysql}, {@code oracle} (ours:
 * {@code sqlite}). Debezium's dashboards and alerts (JMX exporter rules on these names) therefore work unchanged.
 * Snapshot reads count in the snapshot context, changes in the streaming context, as Debezium counts them.
 */
public final class DebeziumMetrics {

    private static final Logger log = LoggerFactory.getLogger(DebeziumMetrics.class);

    private final DebeziumEventCounters streamingCounts;
    private final DebeziumEventCounters snapshotCounts;
    private final DebeziumStreamingMetrics streaming;
    private final DebeziumSnapshotMetrics snapshot;
    private final ObjectName streamingName;
    private final ObjectName snapshotName;
    private final LongSupplier clock;
    private volatile long committed;

    public DebeziumMetrics(
            String type, String topicPrefix, Map<String, String> customTags, TaskMetrics task, LongSupplier clock) {
        this.clock = clock;
        this.streamingCounts = new DebeziumEventCounters(clock);
        this.snapshotCounts = new DebeziumEventCounters(clock);
        this.streaming = new DebeziumStreamingMetrics(streamingCounts, task, () -> committed);
        this.snapshot = new DebeziumSnapshotMetrics(snapshotCounts, task);
        this.streamingName = name(type, "streaming", topicPrefix, customTags);
        this.snapshotName = name(type, "snapshot", topicPrefix, customTags);
    }

    /** Debezium's object name: {@code debezium.<type>:type=connector-metrics,context=<c>,server=<prefix>,<tags>}. */
    public static ObjectName name(String type, String context, String topicPrefix, Map<String, String> customTags) {
        StringBuilder b = new StringBuilder("debezium.")
                .append(type.toLowerCase(java.util.Locale.ROOT))
                .append(":type=connector-metrics,context=")
                .append(sanitize(context))
                .append(",server=")
                .append(sanitize(topicPrefix));
        customTags.forEach((k, v) -> b.append(',').append(k).append('=').append(sanitize(v)));
        try {
            return new ObjectName(b.toString());
        } catch (JMException e) {
            throw new IllegalArgumentException("invalid MBean name " + b + ": " + e.getMessage(), e);
        }
    }

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[\\w-%\\. \t]*");

    /** As Kafka's {@code Sanitizer.jmxSanitize}, which Debezium uses: quote a value with JMX-special characters. */
    static String sanitize(String value) {
        return PLAIN.matcher(value).matches() ? value : ObjectName.quote(value);
    }

    public DebeziumMetrics register() {
        register(streamingName, streaming);
        register(snapshotName, snapshot);
        return this;
    }

    private static void register(ObjectName name, Object bean) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            try {
                server.registerMBean(bean, name);
            } catch (InstanceAlreadyExistsException e) {
                server.unregisterMBean(name); // left by an earlier run of the same task in this worker
                server.registerMBean(bean, name);
            }
        } catch (JMException e) {
            log.warn("Could not register the Debezium metrics MBean {}: {}", name, e.getMessage());
        }
    }

    public void unregister() {
        for (ObjectName n : List.of(streamingName, snapshotName)) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(n);
            } catch (JMException ignored) {
                // already gone
            }
        }
    }

    public ObjectName streamingName() {
        return streamingName;
    }

    public ObjectName snapshotName() {
        return snapshotName;
    }

    /** Counts the change events among records read from the source (before bulk handling). */
    public void onRead(List<PendingRecord> records) {
        long now = clock.getAsLong();
        for (PendingRecord p : records) {
            SourceRecord r = p.record();
            Field op;
            if (!(r.value() instanceof Struct s)) {
                continue;
            }
            if ((op = s.schema().field(Envelope.OP)) == null) {
                if (p.endsSourceTransaction()
                        && TransactionMetadata.VALUE_SCHEMA
                                .name()
                                .equals(s.schema().name())) {
                    committed++; // the END record of a source transaction
                }
                continue;
            }
            String code = (String) s.get(op);
            boolean read = code.equals("r");
            (read ? snapshotCounts : streamingCounts).count(r, s, code, now);
            if (!read && p.endsSourceTransaction()) {
                committed++;
            }
        }
    }
}
