package io.entitynotifier.connect.common.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Where an incremental snapshot stands: the tables still to read (the first is being read), each with its
 * additional condition, the key of the last row delivered in the first one and, for connectors that stop at it,
 * the key of that table's last row when its snapshot started ({@link #maximum()}). The state travels in every record's
 * source offset ({@link #encode}), so a restart resumes after the last committed chunk row. Tables are named by
 * their {@code TableId.identifier()}; the key is the connector's own text encoding.
 */
public final class IncrementalSnapshot {

    /** A table to snapshot and its {@code additional-conditions} filter, or null. */
    public record Table(String id, String condition) {}

    /** What an {@code execute-snapshot} or {@code stop-snapshot} signal matched. */
    public record Resolution(List<String> matched, List<String> unmatched) {}

    private final List<Table> tables = new ArrayList<>();
    private String after;
    private String maximum;
    private Long signalOffset;

    /** The Kafka signal topic's offset of the last signal processed, or null. */
    public Long signalOffset() {
        return signalOffset;
    }

    public void signalOffset(long offset) {
        signalOffset = offset;
    }

    public boolean active() {
        return !tables.isEmpty();
    }

    /** The table being read, or null. */
    public Table current() {
        return tables.isEmpty() ? null : tables.get(0);
    }

    /** The key text of the last row delivered in {@link #current()}, or null for its start. */
    public String after() {
        return after;
    }

    /**
     * The key text of the current table's last row when its snapshot started (a connector that stops there, as
     * Debezium's PostgreSQL connector does), or null when not known yet or not used.
     */
    public String maximum() {
        return maximum;
    }

    public void maximum(String keyText) {
        maximum = keyText;
    }

    public List<Table> tables() {
        return List.copyOf(tables);
    }

    /** A chunk row of the current table was delivered. */
    public void advance(String keyText) {
        after = keyText;
    }

    /** The current table has no rows after {@link #after()}: the next one starts. */
    public void tableDone() {
        if (!tables.isEmpty()) {
            tables.remove(0);
        }
        after = null;
        maximum = null;
    }

    /**
     * Queues the captured tables (ids in {@code captured}) that the signal's {@code data-collections} (regular
     * expressions, as Debezium's, matched against the whole id) name, unless queued already.
     */
    public Resolution execute(Signal.ExecuteSnapshot s, List<String> captured) {
        List<String> matched = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (String pattern : s.dataCollections()) {
            List<String> hits = matching(pattern, captured);
            if (hits.isEmpty()) {
                unmatched.add(pattern);
            }
            for (String id : hits) {
                if (!matched.contains(id)) {
                    matched.add(id);
                }
            }
        }
        for (String id : matched) {
            if (tables.stream().noneMatch(t -> t.id().equals(id))) {
                tables.add(new Table(id, conditionFor(id, s.additionalConditions())));
            }
        }
        return new Resolution(matched, unmatched);
    }

    /** Removes the tables the signal names (all of them when it names none). */
    public Resolution stop(Signal.StopSnapshot s) {
        List<String> ids = tables.stream().map(Table::id).toList();
        if (s.dataCollections().isEmpty()) {
            tables.clear();
            after = null;
            maximum = null;
            return new Resolution(ids, List.of());
        }
        List<String> matched = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (String pattern : s.dataCollections()) {
            List<String> hits = matching(pattern, ids);
            if (hits.isEmpty()) {
                unmatched.add(pattern);
            }
            matched.addAll(hits);
        }
        if (current() != null && matched.contains(current().id())) {
            after = null;
            maximum = null;
        }
        tables.removeIf(t -> matched.contains(t.id()));
        return new Resolution(matched, unmatched);
    }

    private static String conditionFor(String id, Map<String, String> conditions) {
        for (Map.Entry<String, String> c : conditions.entrySet()) {
            if (!matching(c.getKey(), List.of(id)).isEmpty()) {
                return c.getValue();
            }
        }
        return null;
    }

    private static List<String> matching(String pattern, List<String> ids) {
        Pattern p;
        try {
            p = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            p = Pattern.compile(Pattern.quote(pattern), Pattern.CASE_INSENSITIVE);
        }
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            if (id.equalsIgnoreCase(pattern) || p.matcher(id).matches()) {
                out.add(id);
            }
        }
        return out;
    }

    /** The state as offset text, or null when no incremental snapshot runs and no Kafka signal was read. */
    public String encode() {
        if (tables.isEmpty() && signalOffset == null) {
            return null;
        }
        StringBuilder b = new StringBuilder("{\"tables\":[");
        for (int i = 0; i < tables.size(); i++) {
            Table t = tables.get(i);
            b.append(i > 0 ? "," : "").append("{\"id\":").append(Json.quote(t.id()));
            if (t.condition() != null) {
                b.append(",\"condition\":").append(Json.quote(t.condition()));
            }
            b.append('}');
        }
        b.append(']');
        if (after != null) {
            b.append(",\"after\":").append(Json.quote(after));
        }
        if (maximum != null) {
            b.append(",\"max\":").append(Json.quote(maximum));
        }
        if (signalOffset != null) {
            b.append(",\"signal_offset\":").append(signalOffset);
        }
        return b.append('}').toString();
    }

    /** The state {@link #encode} wrote; empty for null. */
    public static IncrementalSnapshot decode(String text) {
        IncrementalSnapshot s = new IncrementalSnapshot();
        if (text == null) {
            return s;
        }
        if (!(Json.parse(text) instanceof Map<?, ?> m) || !(m.get("tables") instanceof List<?> l)) {
            throw new IllegalArgumentException("malformed incremental snapshot state in the offset");
        }
        for (Object o : l) {
            if (!(o instanceof Map<?, ?> t) || !(t.get("id") instanceof String id)) {
                throw new IllegalArgumentException("malformed incremental snapshot state in the offset");
            }
            s.tables.add(new Table(id, t.get("condition") instanceof String c ? c : null));
        }
        s.after = m.get("after") instanceof String a ? a : null;
        s.maximum = m.get("max") instanceof String x ? x : null;
        s.signalOffset = m.get("signal_offset") instanceof Long o ? o : null;
        return s;
    }

    /** For logs: the queued table ids. */
    @Override
    public String toString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tables", tables.stream().map(Table::id).toList());
        return m.toString();
    }
}
