package io.entitynotifier.connect.common.txn;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Estimates the bytes a record holds (key and value contents, not Java object overhead), for byte-rate throttling
 * and the bound on buffered bytes. Cheap and deterministic; the serialized size depends on the converter.
 */
public final class RecordSizeEstimator {

    private RecordSizeEstimator() {
    }

    public static long estimate(SourceRecord r) {
        return 16 + size(r.key()) + size(r.value());
    }

    public static long estimate(List<SourceRecord> records) {
        long n = 0;
        for (SourceRecord r : records) {
            n += estimate(r);
        }
        return n;
    }

    static long size(Object v) {
        if (v == null) {
            return 1;
        }
        if (v instanceof Struct s) {
            long n = 0;
            for (Field f : s.schema().fields()) {
                n += size(s.get(f));
            }
            return n;
        }
        if (v instanceof String s) {
            return s.length() + 2L;
        }
        if (v instanceof byte[] b) {
            return b.length;
        }
        if (v instanceof ByteBuffer b) {
            return b.remaining();
        }
        if (v instanceof List<?> l) {
            long n = 2;
            for (Object o : l) {
                n += size(o);
            }
            return n;
        }
        if (v instanceof Map<?, ?> m) {
            long n = 2;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += size(e.getKey()) + size(e.getValue());
            }
            return n;
        }
        return 8;
    }
}
