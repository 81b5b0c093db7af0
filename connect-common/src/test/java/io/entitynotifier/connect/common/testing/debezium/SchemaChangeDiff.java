package io.entitynotifier.connect.common.testing.debezium;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Compares the schema-change events (Debezium's {@code <topic.prefix>} topic) of two connectors in order, key and
 * value schema and payload field by field. Only streamed events ({@code source.snapshot = "false"}) are compared: the
 * snapshot's schema-change events are listed separately by {@link #snapshotDdl}. Always left out:
 * {@code ts_ms}, {@code source.ts_*} and {@code source.name}, as in {@link EventDiff}.
 */
public final class SchemaChangeDiff {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> differences = new ArrayList<>();
    private final int paired;

    private record Change(Schema keySchema, JsonNode key, Schema valueSchema, JsonNode value) {}

    private SchemaChangeDiff(List<Change> a, List<Change> b, Set<String> ignored) {
        ConnectDiff diff =
                new ConnectDiff("debezium", UnaryOperator.identity(), "ours", UnaryOperator.identity(), ignored);
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i >= n) {
                Change only = i < a.size() ? a.get(i) : b.get(i);
                differences.add("#" + i + ": only " + (i < a.size() ? "debezium" : "ours") + " has the event for "
                        + only.value().path("ddl").asText());
                continue;
            }
            Change x = a.get(i);
            Change y = b.get(i);
            String where = "#" + i + " (" + x.value().path("ddl").asText() + ") ";
            diff.schemas(
                    "key",
                    x.keySchema(),
                    y.keySchema(),
                    null,
                    (p, d) -> differences.add(where + "key schema " + p + ": " + d));
            diff.schemas(
                    "",
                    x.valueSchema(),
                    y.valueSchema(),
                    null,
                    (p, d) -> differences.add(where + "value schema " + p + ": " + d));
            diff.values("key", x.keySchema(), x.key(), y.key(), null, (p, d) -> differences.add(where + p + ": " + d));
            diff.values(
                    "", x.valueSchema(), x.value(), y.value(), null, (p, d) -> differences.add(where + p + ": " + d));
        }
        paired = n;
    }

    /** Compares the streamed schema-change events, not comparing {@code ignoredPaths} (e.g. "source.version"). */
    public static SchemaChangeDiff compare(
            List<ConsumerRecord<byte[], byte[]>> debezium,
            List<ConsumerRecord<byte[], byte[]>> ours,
            String... ignoredPaths) {
        Set<String> ignored =
                new LinkedHashSet<>(List.of("ts_ms", "source.ts_ms", "source.ts_us", "source.ts_ns", "source.name"));
        ignored.addAll(List.of(ignoredPaths));
        return new SchemaChangeDiff(streamed(debezium), streamed(ours), ignored);
    }

    /** The ddl of the snapshot's schema-change events, in order. */
    public static List<String> snapshotDdl(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> out = new ArrayList<>();
        for (Change c : decode(records)) {
            if (!"false".equals(c.value().path("source").path("snapshot").asText())) {
                out.add(c.value().path("ddl").asText());
            }
        }
        return out;
    }

    private static List<Change> streamed(List<ConsumerRecord<byte[], byte[]>> records) {
        return decode(records).stream()
                .filter(c ->
                        "false".equals(c.value().path("source").path("snapshot").asText()))
                .toList();
    }

    private static List<Change> decode(List<ConsumerRecord<byte[], byte[]>> records) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
        List<Change> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode k = tree(r.key());
            JsonNode v = tree(r.value());
            out.add(new Change(
                    converter.asConnectSchema(k.get("schema")),
                    k.get("payload"),
                    converter.asConnectSchema(v.get("schema")),
                    v.get("payload")));
        }
        return out;
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("record is not JSON (use the JsonConverter with schemas)", e);
        }
    }

    public List<String> differences() {
        return differences;
    }

    public int pairedEvents() {
        return paired;
    }

    public void assertNone() {
        if (!differences.isEmpty()) {
            throw new AssertionError(
                    differences.size() + " differences from Debezium:\n" + String.join("\n", differences));
        }
    }
}
