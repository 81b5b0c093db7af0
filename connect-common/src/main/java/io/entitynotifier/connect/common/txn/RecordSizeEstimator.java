package io.entitynotifier.connect.common.txn;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Estimates the bytes a record holds (key and value contents, not Java object overhead), for byte-rate throttling
 * and the bound on buffered bytes. Cheap and deterministic; the serialized size depends on the converter. Text
 * counts its UTF-8 bytes, not its characters, so multi-byte text does not pass {@code record.max.bytes} only to be
 * refused by the producer.
 */
public final class RecordSizeEstimator {

    private RecordSizeEstimator() {}

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
            return utf8Length(s) + 2L;
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

    /**
     * The bytes {@code s} takes in UTF-8 (what the converters write), counted without encoding it: 1 byte up to
     * U+007F, 2 up to U+07FF, 3 for the rest of the BMP, 4 for a surrogate pair (a character beyond the BMP). A lone
     * surrogate counts 1, as the encoder writes it as {@code '?'}.
     */
    static long utf8Length(String s) {
        int n = s.length();
        long bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // two chars, four bytes
                i++;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            }
        }
        return bytes;
    }
}
