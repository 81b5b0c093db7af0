package io.entitynotifier.connect.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads change events written by the JSON converter (schemas enabled) back into a form tests can assert on. */
public final class ChangeEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeEvents() {}

    /** One consumed record: its key payload and value payload (null for tombstones), plus the raw record. */
    public record Event(ConsumerRecord<byte[], byte[]> record, JsonNode key, JsonNode value) {
        public boolean isTombstone() {
            return value == null;
        }

        public String op() {
            return value.get("op").asText();
        }

        public JsonNode before() {
            return value.get("before");
        }

        public JsonNode after() {
            return value.get("after");
        }

        public JsonNode source() {
            return value.get("source");
        }

        /** The row image that identifies the row: after for c/u/r, before for d. */
        public JsonNode row() {
            JsonNode a = after();
            return a == null || a.isNull() ? before() : a;
        }

        public String header(String name) {
            var h = record.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public static List<Event> parse(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Event> out = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(new Event(r, payload(r.key()), payload(r.value())));
        }
        return out;
    }

    /** The full JSON (schema and payload) of a record value, for tests that check schemas. */
    public static JsonNode envelopeJson(byte[] bytes) {
        return read(bytes);
    }

    private static JsonNode payload(byte[] bytes) {
        JsonNode n = read(bytes);
        if (n == null) {
            return null;
        }
        JsonNode p = n.get("payload");
        return p == null || p.isNull() ? null : p;
    }

    private static JsonNode read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Event> withoutTombstones(List<Event> events) {
        return events.stream().filter(e -> !e.isTombstone()).toList();
    }
}
