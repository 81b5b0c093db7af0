package io.entitynotifier.connect.common.testing.debezium;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Compares the change events two connectors wrote for the same tables (records serialized by the JsonConverter with
 * schemas): Debezium's (the reference, "left") and ours ("right"), each under its own topic prefix. Events are
 * paired per table by key, op and order of arrival; for each pair the key schema and value, the op and the
 * {@code before}/{@code after} schemas and values are compared field by field (type, name, version, doc, parameters,
 * optional, default, then the value). With {@link Options#envelope(boolean)} the rest of the envelope ({@code source},
 * {@code transaction}, ...) is compared too, minus {@link Options#ignore ignored} paths. Tombstones pair as op "tombstone".
 * Every difference is collected; {@link #assertNone()} fails with all of them in one readable list.
 */
public final class EventDiff {

    /** The records one connector wrote, with the topic prefix it was configured with. */
    public record Side(String label, String topicPrefix, List<ConsumerRecord<byte[], byte[]>> records) {}

    /** What to compare. Defaults: key, op, before, after; not the rest of the envelope. */
    public static final class Options {
        private boolean envelope;
        private final Set<String> ignored = new LinkedHashSet<>(
                List.of("ts_ms", "ts_us", "ts_ns", "source.ts_ms", "source.ts_us", "source.ts_ns", "source.name"));
        private int valueDifferencesPerPath = 5;

        public static Options defaults() {
            return new Options();
        }

        /** Also compare the value schema and payload outside before/after (source block, transaction, ts). */
        public Options envelope(boolean on) {
            this.envelope = on;
            return this;
        }

        /** Paths (from the value root, e.g. "source.lsn" or "after.updated_at") not to compare. */
        public Options ignore(String... paths) {
            ignored.addAll(List.of(paths));
            return this;
        }

        /** How many value differences to list per table and path before summarising the rest (default 5). */
        public Options valueDifferencesPerPath(int n) {
            this.valueDifferencesPerPath = n;
            return this;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ROW_FIELDS = List.of("op", "before", "after");

    private final List<String> differences = new ArrayList<>();
    private final int paired;

    private EventDiff(Side left, Side right, Options options) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
        Map<String, List<Event>> l = group(left, converter);
        Map<String, List<Event>> r = group(right, converter);
        ConnectDiff diff = new ConnectDiff(
                left.label(),
                prefixNames(left.topicPrefix()),
                right.label(),
                prefixNames(right.topicPrefix()),
                options.ignored);
        Map<String, Integer> schemaDiffs = new LinkedHashMap<>();
        Map<String, Integer> valueDiffsPerPath = new LinkedHashMap<>();
        int n = 0;
        Set<String> groups = new LinkedHashSet<>(l.keySet());
        groups.addAll(r.keySet());
        for (String g : groups) {
            List<Event> a = l.getOrDefault(g, List.of());
            List<Event> b = r.getOrDefault(g, List.of());
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                if (i >= b.size()) {
                    differences.add(g + " #" + i + ": only " + left.label() + " has this event");
                    continue;
                }
                if (i >= a.size()) {
                    differences.add(g + " #" + i + ": only " + right.label() + " has this event");
                    continue;
                }
                n++;
                Event x = a.get(i);
                Event y = b.get(i);
                String table = "[" + x.table() + "] ";
                diff.schemas(
                        "key",
                        x.keySchema(),
                        y.keySchema(),
                        null,
                        (p, d) -> schemaDiffs.merge(table + "key schema " + p + ": " + d, 1, Integer::sum));
                List<String> only = options.envelope ? null : ROW_FIELDS;
                diff.schemas(
                        "",
                        x.valueSchema(),
                        y.valueSchema(),
                        only,
                        (p, d) -> schemaDiffs.merge(table + "value schema " + p + ": " + d, 1, Integer::sum));
                String where = g + " #" + i + ": ";
                diff.values(
                        "key",
                        x.keySchema(),
                        x.key(),
                        y.key(),
                        null,
                        (p, d) -> valueDiff(where, table + p, d, options, valueDiffsPerPath));
                diff.values(
                        "",
                        x.valueSchema(),
                        x.value(),
                        y.value(),
                        only,
                        (p, d) -> valueDiff(where, table + p, d, options, valueDiffsPerPath));
            }
        }
        schemaDiffs.forEach((d, count) -> differences.add(d + " (" + count + (count == 1 ? " event)" : " events)")));
        valueDiffsPerPath.forEach((p, count) -> {
            if (count > options.valueDifferencesPerPath) {
                differences.add(p + ": " + (count - options.valueDifferencesPerPath) + " more value differences");
            }
        });
        this.paired = n;
    }

    private void valueDiff(String where, String tablePath, String d, Options options, Map<String, Integer> perPath) {
        int count = perPath.merge(tablePath, 1, Integer::sum);
        if (count <= options.valueDifferencesPerPath) {
            differences.add(where + tablePath.substring(tablePath.indexOf("] ") + 2) + ": " + d);
        }
    }

    /** Compares {@code debezium} (the reference) with {@code ours}. */
    public static EventDiff compare(Side debezium, Side ours, Options options) {
        return new EventDiff(debezium, ours, options);
    }

    public static EventDiff compare(Side debezium, Side ours) {
        return compare(debezium, ours, Options.defaults());
    }

    /** Every difference found, one readable line each; empty when the two sides agree. */
    public List<String> differences() {
        return List.copyOf(differences);
    }

    /** How many event pairs were compared. */
    public int pairedEvents() {
        return paired;
    }

    /** Fails listing every difference. */
    public void assertNone() {
        if (!differences.isEmpty()) {
            throw new AssertionError(differences.size() + " differences after comparing " + paired + " event pairs:\n  "
                    + String.join("\n  ", differences));
        }
    }

    /** One decoded record: table = topic without the prefix; op = the envelope's op or "tombstone". */
    record Event(String table, Schema keySchema, JsonNode key, Schema valueSchema, JsonNode value, String op) {}

    private static Map<String, List<Event>> group(Side side, JsonConverter converter) {
        Map<String, List<Event>> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> rec : side.records()) {
            Event e = decode(side, rec, converter);
            String key = "[" + e.table() + "] key "
                    + (e.key() == null ? "null" : e.key().toString()) + " op " + e.op();
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    private static Event decode(Side side, ConsumerRecord<byte[], byte[]> rec, JsonConverter converter) {
        String topic = rec.topic();
        String table = topic.startsWith(side.topicPrefix() + ".")
                ? topic.substring(side.topicPrefix().length() + 1)
                : topic;
        JsonNode k = tree(rec.key());
        JsonNode v = tree(rec.value());
        Schema ks = schema(k, converter);
        Schema vs = schema(v, converter);
        JsonNode kp = k == null ? null : k.get("payload");
        JsonNode vp = v == null ? null : v.get("payload");
        String op = vp == null || vp.isNull()
                ? "tombstone"
                : vp.hasNonNull("op") ? vp.get("op").asText() : "(no op)";
        return new Event(table, ks, kp, vs, vp, op);
    }

    private static JsonNode tree(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("record is not JSON (use the JsonConverter with schemas)", e);
        }
    }

    private static Schema schema(JsonNode envelope, JsonConverter converter) {
        if (envelope == null
                || envelope.get("schema") == null
                || envelope.get("schema").isNull()) {
            return null;
        }
        return converter.asConnectSchema(envelope.get("schema"));
    }

    /** A schema name with the topic prefix (its first segment) replaced by "<prefix>". */
    private static UnaryOperator<String> prefixNames(String prefix) {
        return name ->
                name != null && name.startsWith(prefix + ".") ? "<prefix>" + name.substring(prefix.length()) : name;
    }
}
