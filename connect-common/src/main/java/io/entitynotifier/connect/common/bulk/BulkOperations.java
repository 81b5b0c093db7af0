package io.entitynotifier.connect.common.bulk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.entitynotifier.connect.common.bulk.BulkConfig.Mode;
import io.entitynotifier.connect.common.event.Envelope;
import io.entitynotifier.connect.common.txn.PendingRecord;

/**
 * Finds bulk operations (one source transaction changing at least {@code threshold} rows of one table with one
 * operation) in the record stream and tags, summarizes or skips them.
 * <p>
 * A transaction's rows are held until it ends, so the row count is known before its rows move on. Memory stays
 * bounded: in summarize and skip modes a group stops being held the moment it reaches the threshold (its rows are
 * then only counted); in every mode, once more than {@code maxHeld} rows are held, the held rows move on early: in tag
 * mode a bulk group's rows then carry the count so far, and rows of a group that only later reaches the threshold
 * may already have been delivered (the summary still counts them). Snapshot reads and non-change records pass
 * through unchanged, in order.
 */
public final class BulkOperations {

    public static final String HEADER = "cdc.bulk";
    static final int SAMPLE_KEYS = 10;

    private final Mode mode;
    private final int threshold;
    private final int maxHeld;
    private final String summaryTopic;
    private final Schema summaryKeySchema;
    private final Schema summarySchema;

    private final List<PendingRecord> held = new ArrayList<>();
    private final Map<GroupKey, Group> groups = new LinkedHashMap<>();
    private long detected;

    private record GroupKey(String topic, String op) {}

    private static final class Group {
        long count;
        boolean bulk;
        long firstTs = Long.MAX_VALUE;
        long lastTs = Long.MIN_VALUE;
        final List<String> samples = new ArrayList<>(SAMPLE_KEYS);
        String table;
    }

    public BulkOperations(Mode mode, int threshold, int maxHeld, String topicPrefix) {
        this.mode = mode;
        this.threshold = threshold;
        this.maxHeld = Math.max(maxHeld, 1);
        this.summaryTopic = topicPrefix + ".bulk";
        this.summaryKeySchema = SchemaBuilder.struct()
                .name("io.entitynotifier.connect.BulkOperationKey")
                .field("table", Schema.STRING_SCHEMA)
                .field("op", Schema.STRING_SCHEMA)
                .build();
        this.summarySchema = SchemaBuilder.struct()
                .name("io.entitynotifier.connect.BulkOperation")
                .field("table", Schema.STRING_SCHEMA)
                .field("topic", Schema.STRING_SCHEMA)
                .field("op", Schema.STRING_SCHEMA)
                .field("row_count", Schema.INT64_SCHEMA)
                .field("duration_ms", Schema.INT64_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("tx_id", Schema.OPTIONAL_STRING_SCHEMA)
                .field("sample_keys", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .build();
    }

    public boolean enabled() {
        return threshold > 0;
    }

    /** Bulk operations found so far. */
    public long detected() {
        return detected;
    }

    public String summaryTopic() {
        return summaryTopic;
    }

    /** Takes records in source order and returns those to pass on, in order. */
    public List<PendingRecord> process(List<PendingRecord> incoming) {
        if (!enabled()) {
            return incoming;
        }
        List<PendingRecord> out = new ArrayList<>(incoming.size());
        for (PendingRecord r : incoming) {
            accept(r, out);
            if (r.endsSourceTransaction()) {
                endTransaction(r, out);
            } else if (held.size() > maxHeld) {
                passHeld(out); // memory bound: rows move on before their transaction ends
            }
        }
        return out;
    }

    private void accept(PendingRecord r, List<PendingRecord> out) {
        String op = changeOp(r.record());
        if (op == null) {
            if (held.isEmpty()) {
                out.add(r);
            } else {
                held.add(r);
            }
            return;
        }
        if (r.record().value() == null) { // tombstone: follows its delete
            Group g = groups.get(new GroupKey(r.record().topic(), "d"));
            if (g == null || !g.bulk || mode == Mode.TAG) {
                held.add(r);
            }
            return;
        }
        Group g = groups.computeIfAbsent(new GroupKey(r.record().topic(), op), k -> new Group());
        g.count++;
        long ts = sourceTsMs(r.record());
        g.firstTs = Math.min(g.firstTs, ts);
        g.lastTs = Math.max(g.lastTs, ts);
        if (g.table == null) {
            g.table = tableOf(r.record());
        }
        if (g.samples.size() < SAMPLE_KEYS && r.record().key() != null) {
            g.samples.add(String.valueOf(r.record().key()));
        }
        if (!g.bulk && g.count >= threshold) {
            g.bulk = true;
            detected++;
            if (mode != Mode.TAG) {
                GroupKey key = new GroupKey(r.record().topic(), op);
                held.removeIf(h -> key.equals(groupKeyOf(h.record()))
                        || (op.equals("d")
                                && isTombstone(h.record())
                                && h.record().topic().equals(key.topic())));
                return;
            }
        }
        if (g.bulk && mode != Mode.TAG) {
            return; // counted, not delivered
        }
        held.add(r);
    }

    private void endTransaction(PendingRecord end, List<PendingRecord> out) {
        int before = out.size();
        passHeld(out);
        if (mode == Mode.SUMMARIZE) {
            for (Map.Entry<GroupKey, Group> e : groups.entrySet()) {
                if (e.getValue().bulk) {
                    out.add(new PendingRecord(summary(e.getKey(), e.getValue(), end.record()), false, false));
                }
            }
        }
        groups.clear();
        if (out.size() > before) {
            // The last record passed on ends the transaction; a summary carries the transaction's end offset.
            PendingRecord last = out.remove(out.size() - 1);
            SourceRecord r = last.record();
            if (!Objects.equals(r.sourceOffset(), end.record().sourceOffset())) {
                r = withOffset(r, end.record());
            }
            out.add(PendingRecord.last(r));
        }
    }

    private void passHeld(List<PendingRecord> out) {
        for (PendingRecord h : held) {
            if (mode == Mode.TAG) {
                GroupKey k = groupKeyOf(h.record());
                if (k == null && isTombstone(h.record())) {
                    k = new GroupKey(h.record().topic(), "d");
                }
                Group g = k == null ? null : groups.get(k);
                if (g != null && g.bulk) {
                    h.record().headers().addLong(HEADER, g.count);
                }
            }
            out.add(h);
        }
        // Groups stay until the transaction ends: counts go on, and a bulk group's later rows carry the running count.
        held.clear();
    }

    private SourceRecord summary(GroupKey key, Group g, SourceRecord end) {
        Struct k = new Struct(summaryKeySchema).put("table", g.table).put("op", key.op());
        Struct v = new Struct(summarySchema)
                .put("table", g.table)
                .put("topic", key.topic())
                .put("op", key.op())
                .put("row_count", g.count)
                .put("duration_ms", Math.max(0, g.lastTs - g.firstTs))
                .put("ts_ms", g.lastTs)
                .put("tx_id", txId(end))
                .put("sample_keys", List.copyOf(g.samples));
        return new SourceRecord(
                end.sourcePartition(),
                end.sourceOffset(),
                summaryTopic,
                null,
                summaryKeySchema,
                k,
                summarySchema,
                v,
                end.timestamp());
    }

    private static SourceRecord withOffset(SourceRecord r, SourceRecord offsetOf) {
        return new SourceRecord(
                r.sourcePartition(),
                offsetOf.sourceOffset(),
                r.topic(),
                r.kafkaPartition(),
                r.keySchema(),
                r.key(),
                r.valueSchema(),
                r.value(),
                r.timestamp(),
                r.headers());
    }

    private static String changeOp(SourceRecord r) {
        if (r.value() == null) {
            return r.valueSchema() == null && r.keySchema() != null ? "tombstone" : null;
        }
        if (!(r.value() instanceof Struct s) || s.schema().field(Envelope.OP) == null) {
            return null;
        }
        String op = s.getString(Envelope.OP);
        return op.equals("r") || op.equals("t") ? null : op;
    }

    private static boolean isTombstone(SourceRecord r) {
        return r.value() == null && r.keySchema() != null;
    }

    private static GroupKey groupKeyOf(SourceRecord r) {
        String op = changeOp(r);
        return op == null || op.equals("tombstone") ? null : new GroupKey(r.topic(), op);
    }

    private static String tableOf(SourceRecord r) {
        Struct source = ((Struct) r.value()).getStruct(Envelope.SOURCE);
        String schema = source.schema().field("schema") != null ? source.getString("schema") : null;
        String db = source.schema().field("db") != null ? source.getString("db") : null;
        String table = source.getString("table");
        String ns = schema != null ? schema : db;
        return ns == null ? table : ns + "." + table;
    }

    /** The change's time at the source, {@code source.ts_ms} (the record timestamp is left to the producer). */
    private static long sourceTsMs(SourceRecord r) {
        if (r.value() instanceof Struct s && s.schema().field(Envelope.SOURCE) != null) {
            Struct source = s.getStruct(Envelope.SOURCE);
            if (source != null && source.schema().field("ts_ms") != null && source.get("ts_ms") instanceof Long t) {
                return t;
            }
        }
        return r.timestamp() == null ? 0 : r.timestamp();
    }

    private static String txId(SourceRecord r) {
        if (r.value() instanceof Struct s && s.schema().field(Envelope.SOURCE) != null) {
            Struct source = s.getStruct(Envelope.SOURCE);
            for (String f : new String[] {"txId", "gtid"}) { // PostgreSQL's is INT64, Oracle's a string, MySQL: gtid
                if (source.schema().field(f) != null && source.get(f) != null) {
                    return source.get(f).toString();
                }
            }
        }
        return null;
    }

    /** For tests and metrics: rows currently held. */
    public int held() {
        return held.size();
    }
}
