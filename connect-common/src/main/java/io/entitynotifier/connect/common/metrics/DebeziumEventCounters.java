package io.entitynotifier.connect.common.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.entitynotifier.connect.common.event.Envelope;
import io.entitynotifier.connect.common.event.SourceInfo;

/**
 * The event counts behind one Debezium-named MBean (the streaming or the snapshot context): totals and per-table
 * counts by operation, the last event (topic and source position, never row values), its transaction and the lag of
 * its source time behind the processing time. Written from the poll thread only; read from any thread.
 */
final class DebeziumEventCounters {

    private final LongSupplier clock;
    private final Map<String, String> tableOfTopic = new HashMap<>();
    private final Map<String, long[]> perTable = new ConcurrentHashMap<>(); // c, u, d, t, r

    private volatile long total;
    private volatile long creates;
    private volatile long updates;
    private volatile long deletes;
    private volatile long lastEventMs;
    private volatile String lastTopic;
    private volatile String lastOp;
    private volatile Map<String, ?> lastPosition = Map.of();
    private volatile String lastTransactionId;
    private volatile long lagMs = -1;
    private volatile long lagMin = Long.MAX_VALUE;
    private volatile long lagMax = Long.MIN_VALUE;
    private volatile long lagSum;
    private volatile long lagCount;

    DebeziumEventCounters(LongSupplier clock) {
        this.clock = clock;
    }

    /** Counts one change event whose value is {@code value} (an envelope). */
    void count(SourceRecord r, Struct value, String op, long now) {
        total++;
        int slot = switch (op) {
            case "c" -> 0;
            case "u" -> 1;
            case "d" -> 2;
            case "t" -> 3;
            default -> 4;
        };
        if (slot == 0) {
            creates++;
        } else if (slot == 1) {
            updates++;
        } else if (slot == 2) {
            deletes++;
        }
        Struct source = null;
        Field sf = value.schema().field(Envelope.SOURCE);
        if (sf != null && value.get(sf) instanceof Struct s) {
            source = s;
        }
        String table = tableOfTopic.computeIfAbsent(r.topic(), t -> tableName(value, t));
        perTable.computeIfAbsent(table, t -> new long[5])[slot]++;
        lastEventMs = now;
        lastPosition = r.sourceOffset() == null ? Map.of() : r.sourceOffset();
        lastTopic = r.topic();
        lastOp = op;
        if (source != null) {
            Field ts = source.schema().field(SourceInfo.TS_MS);
            if (ts != null && source.get(ts) instanceof Long t) {
                long lag = Math.max(0, now - t);
                lagMs = lag;
                lagMin = Math.min(lagMin, lag);
                lagMax = Math.max(lagMax, lag);
                lagSum += lag;
                lagCount++;
            }
            String tx = transactionId(value, source);
            if (tx != null) {
                lastTransactionId = tx;
            }
        }
    }

    private static String tableName(Struct value, String topic) {
        Struct s = value.getStruct(Envelope.SOURCE);
        if (s == null || s.schema().field(SourceInfo.TABLE) == null) {
            return topic;
        }
        String ns = null;
        if (s.schema().field(SourceInfo.SCHEMA) != null) {
            ns = s.getString(SourceInfo.SCHEMA);
        }
        if ((ns == null || ns.isEmpty()) && s.schema().field(SourceInfo.DB) != null) {
            ns = s.getString(SourceInfo.DB);
        }
        String table = s.getString(SourceInfo.TABLE);
        return ns == null || ns.isEmpty() ? String.valueOf(table) : ns + "." + table;
    }

    private static String transactionId(Struct value, Struct source) {
        Field tf = value.schema().field(Envelope.TRANSACTION);
        if (tf != null && value.get(tf) instanceof Struct t) {
            return t.getString("id");
        }
        for (String f : new String[] {SourceInfo.TX_ID, "gtid"}) {
            Field field = source.schema().field(f);
            if (field != null && source.get(field) != null) {
                return source.get(field).toString();
            }
        }
        return null;
    }

    void reset() {
        total = 0;
        creates = 0;
        updates = 0;
        deletes = 0;
        perTable.clear();
        lastTopic = null;
        lastOp = null;
        lastEventMs = 0;
        resetLag();
    }

    void resetLag() {
        lagMs = -1;
        lagMin = Long.MAX_VALUE;
        lagMax = Long.MIN_VALUE;
        lagSum = 0;
        lagCount = 0;
    }

    long total() {
        return total;
    }

    long creates() {
        return creates;
    }

    long updates() {
        return updates;
    }

    long deletes() {
        return deletes;
    }

    /** Built when read (JMX), not per event on the poll thread. */
    String lastEvent() {
        String topic = lastTopic;
        return topic == null ? "" : "topic=" + topic + ", op=" + lastOp + ", position=" + lastPosition;
    }

    long millisSinceLastEvent() {
        return lastEventMs == 0 ? -1 : clock.getAsLong() - lastEventMs;
    }

    Map<String, String> lastPosition() {
        Map<String, String> out = new TreeMap<>();
        lastPosition.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    String lastTransactionId() {
        return lastTransactionId;
    }

    long lag() {
        return lagMs;
    }

    Long lagMin() {
        return lagCount == 0 ? null : lagMin;
    }

    Long lagMax() {
        return lagCount == 0 ? null : lagMax;
    }

    Double lagAverage() {
        return lagCount == 0 ? null : (double) lagSum / lagCount;
    }

    String[] tables() {
        return new TreeMap<>(perTable).keySet().toArray(new String[0]);
    }

    /** Per-table counts of one operation slot: 0 c, 1 u, 2 d, 3 t, 4 r. */
    Map<String, Long> perTable(int slot) {
        Map<String, Long> out = new TreeMap<>();
        perTable.forEach((t, n) -> out.put(t, n[slot]));
        return out;
    }
}
