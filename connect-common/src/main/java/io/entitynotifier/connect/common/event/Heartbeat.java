package io.entitynotifier.connect.common.event;

import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.config.EventConfig;

/**
 * {@code heartbeat.interval.ms}: on a source with no captured changes, a record to
 * {@code <topic.heartbeat.prefix>.<topic.prefix>} (Debezium's {@code __debezium-heartbeat.<topic.prefix>}) carrying the
 * current position, so Connect commits offsets (and a PostgreSQL slot or a purge can advance) while no captured table
 * changes. Key {@code io.debezium.connector.common.ServerNameKey {serverName}}, value
 * {@code io.debezium.connector.common.Heartbeat {ts_ms}}, as Debezium's heartbeats. Readers hand it to the same queue
 * as the change events, so it is written in the same exactly-once path.
 */
public final class Heartbeat {

    private final long intervalMs;
    private final String topic;
    private final String serverName;
    private final Map<String, ?> partition;
    private final LongSupplier clock;
    private final Schema keySchema;
    private final Schema valueSchema;
    private long last;

    public static final Schema KEY_SCHEMA = SchemaBuilder.struct()
            .name("io.debezium.connector.common.ServerNameKey")
            .version(1)
            .field("serverName", Schema.STRING_SCHEMA)
            .build();
    public static final Schema VALUE_SCHEMA = SchemaBuilder.struct()
            .name("io.debezium.connector.common.Heartbeat")
            .version(1)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();

    /** With {@code heartbeat.interval.ms}, {@code topic.prefix} and {@code topic.heartbeat.prefix} from the config. */
    public Heartbeat(CommonSourceConfig config, Map<String, ?> partition, LongSupplier clock) {
        this(config.heartbeatIntervalMs(), EventConfig.heartbeatTopic(config), config.topicPrefix(), partition, clock);
    }

    public Heartbeat(long intervalMs, String topic, String topicPrefix, Map<String, ?> partition, LongSupplier clock) {
        this.intervalMs = intervalMs;
        this.topic = topic;
        this.serverName = topicPrefix;
        this.partition = partition;
        this.clock = clock;
        this.keySchema = KEY_SCHEMA;
        this.valueSchema = VALUE_SCHEMA;
        this.last = clock.getAsLong();
    }

    public String topic() {
        return topic;
    }

    /** Records that something else was sent, so no heartbeat is due until a full interval of quiet. */
    public void activity() {
        last = clock.getAsLong();
    }

    /** A heartbeat carrying {@code offset} when one is due, else null. */
    public SourceRecord maybeBeat(Map<String, ?> offset) {
        if (intervalMs <= 0 || offset == null) {
            return null;
        }
        long now = clock.getAsLong();
        if (now - last < intervalMs) {
            return null;
        }
        last = now;
        Struct key = new Struct(keySchema).put("serverName", serverName);
        Struct value = new Struct(valueSchema).put("ts_ms", now);
        return new SourceRecord(partition, offset, topic, null, keySchema, key, valueSchema, value, now);
    }
}
