package io.entitynotifier.connect.oracle.incremental;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.oracle.OracleSourceInfo;

/** Record helpers of the incremental snapshot: the state in source offsets, keys compared as text, SCNs. */
final class Records {

    private Records() {}

    static long scnOf(Struct value) {
        if (value == null) {
            return 0;
        }
        Object scn = value.getStruct("source").get(OracleSourceInfo.SCN);
        try {
            return scn == null ? 0 : Long.parseLong(scn.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A record key as text for comparing a chunk row with streamed changes (binary values in hex). */
    static String keyText(Object key) {
        if (!(key instanceof Struct s)) {
            return String.valueOf(key);
        }
        StringBuilder b = new StringBuilder();
        for (org.apache.kafka.connect.data.Field f : s.schema().fields()) {
            Object v = s.get(f);
            if (v instanceof byte[] bytes) {
                v = java.util.HexFormat.of().formatHex(bytes);
            } else if (v instanceof java.nio.ByteBuffer bb) {
                byte[] copy = new byte[bb.remaining()];
                bb.duplicate().get(copy);
                v = java.util.HexFormat.of().formatHex(copy);
            }
            b.append(f.name()).append('=').append(v).append('\u0001');
        }
        return b.toString();
    }

    static Map<String, Object> offset(Map<String, ?> offset, String stateText, String max) {
        Map<String, Object> m = new HashMap<>(offset);
        m.remove(OracleIncrementalSnapshot.STATE_KEY);
        m.remove(OracleIncrementalSnapshot.MAX_KEY_KEY);
        if (stateText != null) {
            m.put(OracleIncrementalSnapshot.STATE_KEY, stateText);
        }
        if (max != null) {
            m.put(OracleIncrementalSnapshot.MAX_KEY_KEY, max);
        }
        return m;
    }

    static PendingRecord withState(PendingRecord p, boolean ends, String stateText, String max) {
        SourceRecord r = p.record();
        SourceRecord copy = new SourceRecord(
                r.sourcePartition(),
                r.sourceOffset() == null ? null : offset(r.sourceOffset(), stateText, max),
                r.topic(),
                r.kafkaPartition(),
                r.keySchema(),
                r.key(),
                r.valueSchema(),
                r.value(),
                r.timestamp(),
                r.headers());
        return new PendingRecord(copy, ends, p.resumable(), p.bytes());
    }

    /** A driver message up to the SQL text some drivers append (H2: "; SQL statement: ..."). */
    static String withoutStatement(String message) {
        if (message == null) {
            return "";
        }
        int cut = message.indexOf("; SQL statement:");
        int nl = message.indexOf('\n');
        int end = cut >= 0 ? cut : nl >= 0 ? nl : message.length();
        return message.substring(0, end);
    }
}
