package io.entitynotifier.connect.oracle;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The primary key of the last row of a snapshot chunk, as one string in the offset (offsets hold only primitives):
 * each value as {@code <length>:<text>}, read back with the key columns' types so it can be bound again.
 */
public final class SnapshotKey {

    private SnapshotKey() {
    }

    public static String encode(List<Object> values) {
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            String t = text(v);
            sb.append(t.length()).append(':').append(t);
        }
        return sb.toString();
    }

    private static String text(Object v) {
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        return v.toString();
    }

    public static List<Object> decode(String encoded, List<CapturedColumn> keyColumns) {
        List<Object> out = new ArrayList<>();
        int pos = 0;
        for (CapturedColumn c : keyColumns) {
            int colon = encoded.indexOf(':', pos);
            if (colon < 0) {
                throw new IllegalArgumentException("snapshot key '" + encoded + "' has fewer values than the key "
                        + "columns");
            }
            int len = Integer.parseInt(encoded.substring(pos, colon));
            String t = encoded.substring(colon + 1, colon + 1 + len);
            pos = colon + 1 + len;
            out.add(switch (c.kind()) {
                case INT8, INT16, INT32, INT64, DECIMAL, VARIABLE_DECIMAL -> new BigDecimal(t);
                case FLOAT32, FLOAT64 -> Double.valueOf(t);
                case TIMESTAMP -> LocalDateTime.parse(t);
                case ZONED_TIMESTAMP -> OffsetDateTime.parse(t);
                case BYTES, BLOB -> HexFormat.of().parseHex(t);
                default -> t;
            });
        }
        if (pos != encoded.length()) {
            throw new IllegalArgumentException("snapshot key '" + encoded + "' has more values than the key columns");
        }
        return out;
    }
}
