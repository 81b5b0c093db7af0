package io.entitynotifier.connect.common.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Debezium signal, parsed from its {@code id}, {@code type} and {@code data} (the columns of the signal table, or a
 * Kafka signal message), in Debezium 3.6's formats:
 * <ul>
 *   <li>{@code execute-snapshot}: {@code {"data-collections": ["<regex>", ...], "type": "incremental",
 *       "additional-conditions": [{"data-collection": "<regex>", "filter": "<SQL condition>"}]}}
 *   <li>{@code stop-snapshot}: {@code {"data-collections": [...], "type": "incremental"}}; without
 *       {@code data-collections} the whole incremental snapshot stops
 *   <li>{@code log}: {@code {"message": "..."}}
 * </ul>
 * {@link #parse} throws {@link IllegalArgumentException} whose message is the reason, for the caller to log; it names
 * fields, never their values.
 */
public sealed interface Signal {

    String id();

    /** {@code execute-snapshot} of type incremental. */
    record ExecuteSnapshot(String id, List<String> dataCollections, Map<String, String> additionalConditions)
            implements Signal {}

    /** {@code stop-snapshot} of type incremental; empty {@code dataCollections}: all of them. */
    record StopSnapshot(String id, List<String> dataCollections) implements Signal {}

    /** {@code log}. */
    record Log(String id, String message) implements Signal {}

    static Signal parse(String id, String type, String data) {
        return parse(id, type, data, null);
    }

    /** @param parsedData the data already parsed (the Kafka channel's messages hold it as a JSON object), or null */
    @SuppressWarnings("unchecked") // Json.parse returns objects as Map<String, Object>
    static Signal parse(String id, String type, String data, Object parsedData) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("the signal has no type");
        }
        String t = type.trim().toLowerCase(Locale.ROOT);
        if (parsedData != null && !(parsedData instanceof Map)) {
            throw new IllegalArgumentException("the signal's data is not a JSON object");
        }
        Map<String, Object> d = parsedData != null ? (Map<String, Object>) parsedData : data(t, data);
        return switch (t) {
            case "execute-snapshot" -> {
                snapshotType(d, t);
                List<String> collections = strings(d.get("data-collections"), "data-collections");
                if (collections.isEmpty()) {
                    throw new IllegalArgumentException("execute-snapshot needs a non-empty 'data-collections' array");
                }
                yield new ExecuteSnapshot(id, collections, conditions(d.get("additional-conditions")));
            }
            case "stop-snapshot" -> {
                snapshotType(d, t);
                Object c = d.get("data-collections");
                yield new StopSnapshot(id, c == null ? List.of() : strings(c, "data-collections"));
            }
            case "log" -> {
                if (!(d.get("message") instanceof String m)) {
                    throw new IllegalArgumentException("a log signal needs a string 'message'");
                }
                yield new Log(id, m);
            }
            case "pause-snapshot", "resume-snapshot" ->
                throw new IllegalArgumentException("signal type '" + t + "' is not supported (yet)");
            default -> throw new IllegalArgumentException("unknown signal type (not a Debezium signal type)");
        };
    }

    @SuppressWarnings("unchecked") // Json.parse returns objects as Map<String, Object>
    private static Map<String, Object> data(String type, String data) {
        if (data == null || data.isBlank()) {
            if (type.equals("stop-snapshot")) {
                return Map.of();
            }
            throw new IllegalArgumentException("the signal has no data");
        }
        Object v;
        try {
            v = Json.parse(data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signal's data is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("the signal's data is not a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private static void snapshotType(Map<String, Object> d, String signal) {
        Object type = d.get("type");
        if (type == null) {
            return; // Debezium's default: incremental
        }
        if (!(type instanceof String s)) {
            throw new IllegalArgumentException(signal + ": 'type' is not a string");
        }
        if (!s.trim().equalsIgnoreCase("incremental")) {
            throw new IllegalArgumentException(
                    signal + ": only snapshot type 'incremental' is supported (blocking snapshots are not)");
        }
    }

    private static List<String> strings(Object v, String field) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("'" + field + "' is not an array");
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s) || s.isBlank()) {
                throw new IllegalArgumentException("'" + field + "' holds an element that is not a non-empty string");
            }
            out.add(s.trim());
        }
        return out;
    }

    private static Map<String, String> conditions(Object v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("'additional-conditions' is not an array");
        }
        for (Object o : l) {
            if (!(o instanceof Map<?, ?> m)
                    || !(m.get("data-collection") instanceof String dc)
                    || !(m.get("filter") instanceof String f)) {
                throw new IllegalArgumentException("'additional-conditions' holds an element without a string "
                        + "'data-collection' and a string 'filter'");
            }
            if (!f.isBlank()) {
                out.put(dc.trim(), f);
            }
        }
        return out;
    }
}
