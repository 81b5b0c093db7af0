package io.entitynotifier.connect.common.testing.debezium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.debezium.EventDiff.Options;
import io.entitynotifier.connect.common.testing.debezium.EventDiff.Side;

class EventDiffTest {

    static final JsonConverter JSON = new JsonConverter();

    static {
        JSON.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
    }

    /** An envelope record as a connector with topic prefix {@code prefix} writes it. */
    static ConsumerRecord<byte[], byte[]> event(String prefix, Schema column, Object value, String op, String source) {
        String topic = prefix + ".public.t";
        Schema key = SchemaBuilder.struct()
                .name(prefix + ".public.t.Key")
                .field("id", Schema.INT32_SCHEMA)
                .build();
        Schema row = SchemaBuilder.struct()
                .name(prefix + ".public.t.Value")
                .optional()
                .field("id", Schema.INT32_SCHEMA)
                .field("c", column)
                .build();
        Schema env = SchemaBuilder.struct()
                .name(prefix + ".public.t.Envelope")
                .field("before", row)
                .field("after", row)
                .field("op", Schema.STRING_SCHEMA)
                .field("source", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .build();
        Struct after = new Struct(row).put("id", 1).put("c", value);
        Struct v = new Struct(env)
                .put("after", after)
                .put("op", op)
                .put("source", source)
                .put("ts_ms", System.nanoTime());
        return new ConsumerRecord<>(
                topic,
                0,
                0,
                JSON.fromConnectData(topic, key, new Struct(key).put("id", 1)),
                JSON.fromConnectData(topic, env, v));
    }

    static Side side(String label, String prefix, ConsumerRecord<byte[], byte[]>... records) {
        return new Side(label, prefix, new ArrayList<>(List.of(records)));
    }

    @Test
    void equalEventsUnderDifferentPrefixesAgree() {
        EventDiff d = EventDiff.compare(
                side("debezium", "a", event("a", Schema.OPTIONAL_STRING_SCHEMA, "x", "c", "s1")),
                side("ours", "b", event("b", Schema.OPTIONAL_STRING_SCHEMA, "x", "c", "s1")));
        assertEquals(List.of(), d.differences());
        assertEquals(1, d.pairedEvents());
        d.assertNone();
    }

    @Test
    void reportsSchemaValueAndMissingEventsAllAtOnce() {
        Schema named = SchemaBuilder.int64()
                .name("io.debezium.time.MicroTimestamp")
                .version(1)
                .optional()
                .build();
        EventDiff d = EventDiff.compare(
                side("debezium", "a", event("a", named, 5L, "c", "s"), event("a", named, 6L, "u", "s")),
                side("ours", "b", event("b", Schema.OPTIONAL_INT64_SCHEMA, 7L, "c", "s")));
        List<String> diffs = d.differences();
        assertEquals(6, diffs.size(), String.join("\n", diffs)); // name and version, in before and after
        assertTrue(diffs.contains("[public.t] key {\"id\":1} op u #0: only debezium has this event"), diffs.toString());
        assertTrue(
                diffs.contains("[public.t] key {\"id\":1} op c #0: after.c: value debezium=5 ours=7"),
                diffs.toString());
        assertTrue(
                diffs.contains("[public.t] value schema after.c: name debezium=io.debezium.time.MicroTimestamp "
                        + "ours=null (1 event)"),
                diffs.toString());
        assertTrue(
                diffs.contains("[public.t] value schema after.c: version debezium=1 ours=null (1 event)"),
                diffs.toString());
        AssertionError e = assertThrows(AssertionError.class, d::assertNone);
        assertTrue(e.getMessage().startsWith("6 differences after comparing 1 event pairs"), e.getMessage());
    }

    @Test
    void envelopeOnlyWhenAsked() {
        Side a = side("debezium", "a", event("a", Schema.OPTIONAL_STRING_SCHEMA, "x", "c", "s1"));
        Side b = side("ours", "b", event("b", Schema.OPTIONAL_STRING_SCHEMA, "x", "c", "s2"));
        assertEquals(List.of(), EventDiff.compare(a, b).differences());
        assertEquals(
                List.of("[public.t] key {\"id\":1} op c #0: source: value debezium=\"s1\" ours=\"s2\""),
                EventDiff.compare(a, b, Options.defaults().envelope(true)).differences());
        assertEquals(
                List.of(),
                EventDiff.compare(a, b, Options.defaults().envelope(true).ignore("source"))
                        .differences());
    }
}
