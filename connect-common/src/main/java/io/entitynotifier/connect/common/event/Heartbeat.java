package io.entitynotifier.connect.common.event;

import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.entitynotifier.connect.common.schema.SchemaNames;

/**
 * {@code heartbeat.interval.ms}: on a source with no captured changes, a record to {@code <topic.prefix>.heartbeat}
 * carrying the current position, so Connect commits offsets (and a PostgreSQL slot or a purge can advance) while no
 * captured table changes. Key {@code {serverName}}, value {@code {ts_ms}}, as Debezium's heartbeats.
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

    public Heartbeat(long intervalMs, String topicPrefix, Map<String, ?> partition, LongSupplier clock) {
        this.intervalMs = intervalMs;
        this.topic = topicPrefix + ".heartbeat";
        this.serverName = topicPrefix;
        this.partition = partition;
        this.clock = clock;
        String ns = SchemaNames.avroFullName("io.entitynotifier.connect.common");
        this.keySchema = SchemaBuilder.struct().name(ns + ".ServerNameKey").field("serverName", Schema.STRING_SCHEMA).build();
        this.valueSchema = SchemaBuilder.struct().name(ns + ".Heartbeat").field("ts_ms", Schema.INT64_SCHEMA).build();
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
