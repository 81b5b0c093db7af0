package io.entitynotifier.connect.oracle;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.entitynotifier.connect.common.offset.SnapshotKeyText;

/**
 * The primary key of the last row of a snapshot chunk in the offset ({@link SnapshotKeyText}), read back with the key
 * columns' types so it can be bound again.
 */
public final class SnapshotKey {

    private SnapshotKey() {}

    public static String encode(List<Object> values) {
        List<String> texts = new ArrayList<>(values.size());
        for (Object v : values) {
            texts.add(text(v));
        }
        return SnapshotKeyText.encode(texts);
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
        List<String> texts = SnapshotKeyText.decode(encoded);
        if (texts.size() != keyColumns.size()) {
            throw new IllegalArgumentException("snapshot key '" + encoded + "' has " + texts.size() + " values for "
                    + keyColumns.size() + " key columns");
        }
        List<Object> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            out.add(
                    switch (keyColumns.get(i).kind()) {
                        case INT8, INT16, INT32, INT64, DECIMAL, VARIABLE_DECIMAL -> new BigDecimal(t);
                        case FLOAT32, FLOAT64 -> Double.valueOf(t);
                        case TIMESTAMP -> LocalDateTime.parse(t);
                        case ZONED_TIMESTAMP -> OffsetDateTime.parse(t);
                        case BYTES, BLOB -> HexFormat.of().parseHex(t);
                        default -> t;
                    });
        }
        return out;
    }
}
