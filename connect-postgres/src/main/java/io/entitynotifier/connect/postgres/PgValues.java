package io.entitynotifier.connect.postgres;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Parsers for PostgreSQL's text of the non-temporal types that need more than a string: numeric, money, bit
 * strings, point, hstore, bytea. Each produces the value Debezium's PostgreSQL connector emits.
 */
final class PgValues {

    static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";

    private PgValues() {}

    static boolean isSpecialNumeric(String s) {
        return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
    }

    /** A special numeric as Debezium's string mode writes it (its SpecialValueDecimal names): NAN, POSITIVE_INFINITY. */
    static String specialNumericName(String s) {
        return switch (s) {
            case "NaN" -> "NAN";
            case "Infinity" -> "POSITIVE_INFINITY";
            default -> "NEGATIVE_INFINITY";
        };
    }

    /** A numeric text in decimal.handling.mode=string: the plain decimal, or Debezium's name of a special value. */
    static String numericString(String s) {
        return isSpecialNumeric(s) ? specialNumericName(s) : new BigDecimal(s).toPlainString();
    }

    static SchemaBuilder variableScaleBuilder() {
        return SchemaBuilder.struct()
                .name(VARIABLE_SCALE_DECIMAL)
                .version(1)
                .doc("Variable scaled decimal")
                .field("scale", Schema.INT32_SCHEMA)
                .field("value", Schema.BYTES_SCHEMA);
    }

    /**
     * An unconstrained numeric as Debezium's VariableScaleDecimal: trailing zeros stripped, never a negative scale.
     * NaN and the infinities have no decimal form: null, as Debezium (it logs a warning and leaves the field empty).
     */
    static Struct variableScale(String s, Schema schema) {
        if (isSpecialNumeric(s)) {
            return null;
        }
        BigDecimal d = new BigDecimal(s).stripTrailingZeros();
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        return new Struct(schema)
                .put("scale", d.scale())
                .put("value", d.unscaledValue().toByteArray());
    }

    /** A money text ({@code $1,234.56}, {@code -$1.00}, {@code ($1.00)}) as a decimal of {@code scale} digits. */
    static BigDecimal money(String s, int scale) {
        boolean negative = s.startsWith("-") || s.startsWith("(");
        StringBuilder digits = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c) || c == '.') {
                digits.append(c);
            }
        }
        BigDecimal d = new BigDecimal(digits.toString());
        return (negative ? d.negate() : d).setScale(scale, RoundingMode.HALF_UP);
    }

    /**
     * A bit string ({@code 10100101}) as Debezium's io.debezium.data.Bits: the bits as an unsigned number in
     * little-endian bytes, as few as it needs (all zero bits: no bytes).
     */
    static byte[] bits(String s) {
        BitSet bits = new BitSet(s.length());
        int len = s.length();
        for (int i = len - 1; i >= 0; i--) {
            if (s.charAt(i) == '1') {
                bits.set(len - i - 1);
            }
        }
        return bits.toByteArray();
    }

    /** A one-bit string as Debezium's boolean for bit(1) and varbit(1). */
    static boolean bit(String s) {
        return s.indexOf('1') >= 0;
    }

    static SchemaBuilder pointBuilder() {
        return SchemaBuilder.struct()
                .name("io.debezium.data.geometry.Point")
                .version(1)
                .doc("Geometry (POINT)")
                .field("x", Schema.FLOAT64_SCHEMA)
                .field("y", Schema.FLOAT64_SCHEMA)
                .field("wkb", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("srid", Schema.OPTIONAL_INT32_SCHEMA);
    }

    /** A point text {@code (x,y)} as Debezium's Point: x, y and the point's WKB (little-endian), no SRID. */
    static Struct point(String s, Schema schema) {
        String inner = s.trim();
        if (inner.startsWith("(") && inner.endsWith(")")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        int comma = inner.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException("not a point");
        }
        double x = Double.parseDouble(inner.substring(0, comma).trim());
        double y = Double.parseDouble(inner.substring(comma + 1).trim());
        ByteBuffer wkb = ByteBuffer.allocate(21);
        wkb.put((byte) 1);
        wkb.order(ByteOrder.LITTLE_ENDIAN);
        wkb.putInt(1);
        wkb.putDouble(x);
        wkb.putDouble(y);
        return new Struct(schema).put("x", x).put("y", y).put("wkb", wkb.array());
    }

    /**
     * An hstore text ({@code "a"=>"1", "b"=>NULL}) as a map, in the iteration order of a {@link HashMap} filled in
     * text order, as pgjdbc's HStoreConverter (whose map Debezium serializes).
     */
    static Map<String, String> hstore(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            i = skipSpace(s, i);
            if (i >= n) {
                break;
            }
            StringBuilder key = new StringBuilder();
            i = quoted(s, i, key);
            i = skipSpace(s, i);
            if (!s.startsWith("=>", i)) {
                throw new IllegalArgumentException("not an hstore value");
            }
            i = skipSpace(s, i + 2);
            String value;
            if (s.startsWith("NULL", i)) {
                value = null;
                i += 4;
            } else {
                StringBuilder v = new StringBuilder();
                i = quoted(s, i, v);
                value = v.toString();
            }
            out.put(key.toString(), value);
            i = skipSpace(s, i);
            if (i < n && s.charAt(i) == ',') {
                i++;
            }
        }
        return out;
    }

    /** An hstore map as the compact JSON object text Debezium writes (Jackson's escaping). */
    static String hstoreJson(Map<String, String> map) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            jsonString(sb, e.getKey());
            sb.append(':');
            if (e.getValue() == null) {
                sb.append("null");
            } else {
                jsonString(sb, e.getValue());
            }
        }
        return sb.append('}').toString();
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int quoted(String s, int i, StringBuilder out) {
        if (i >= s.length() || s.charAt(i) != '"') {
            throw new IllegalArgumentException("not an hstore value");
        }
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                i++;
                c = s.charAt(i);
            }
            out.append(c);
            i++;
        }
        return i + 1;
    }

    static byte[] bytea(String s) {
        if (!s.startsWith("\\x")) {
            throw new IllegalArgumentException("bytea not in hex format (bytea_output must be 'hex')");
        }
        return HexFormat.of().parseHex(s, 2, s.length());
    }
}
