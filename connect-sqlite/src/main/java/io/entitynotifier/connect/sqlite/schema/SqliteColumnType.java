package io.entitynotifier.connect.sqlite.schema;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;

/**
 * Maps a column's declared type to a Connect schema and converts SQLite values (Long, Double, String, byte[]: the
 * storage classes) to it. The declared type is read with SQLite's own affinity rules (a type containing "INT" is
 * INTEGER, "CHAR"/"CLOB"/"TEXT" is TEXT, "BLOB" or nothing is BLOB, "REAL"/"FLOA"/"DOUB" is REAL, anything else
 * NUMERIC); within NUMERIC, BOOLEAN, DATE, DATETIME/TIMESTAMP, TIME and DECIMAL(p,s) get their natural logical types.
 * SQLite lets any column hold any storage class; a value that does not fit the declared type is an error that names
 * the row, never a silently changed value.
 */
public final class SqliteColumnType {

    /** The Connect-side kind a declared type maps to. */
    public enum Kind {
        INT64,
        FLOAT64,
        STRING,
        BYTES,
        BOOLEAN,
        DECIMAL,
        NUMERIC_TEXT,
        DATE,
        TIMESTAMP,
        TIME
    }

    private static final Pattern PRECISION_SCALE = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    private final String declared;
    private final Kind kind;
    private final int scale;
    private final DecimalHandlingMode decimalMode;
    private final Schema schema;

    private final BinaryHandlingMode binaryMode;

    private SqliteColumnType(
            String declared,
            Kind kind,
            int precision,
            int scale,
            DecimalHandlingMode decimalMode,
            BinaryHandlingMode binaryMode,
            boolean optional) {
        this.binaryMode = binaryMode;
        this.declared = declared;
        this.kind = kind;
        this.scale = scale;
        this.decimalMode = decimalMode;
        this.schema = kind == Kind.BYTES
                ? binaryMode.schema(optional)
                : buildSchema(kind, precision, scale, decimalMode, optional);
    }

    public static SqliteColumnType of(String declaredType, boolean optional, DecimalHandlingMode decimalMode) {
        return of(declaredType, optional, decimalMode, BinaryHandlingMode.BYTES);
    }

    /** @param binaryMode {@code binary.handling.mode}: how BLOB columns are represented */
    public static SqliteColumnType of(
            String declaredType, boolean optional, DecimalHandlingMode decimalMode, BinaryHandlingMode binaryMode) {
        String d = declaredType == null ? "" : declaredType.trim();
        String u = d.toUpperCase(Locale.ROOT);
        int precision = 0;
        int scale = -1;
        Matcher m = PRECISION_SCALE.matcher(u);
        if (m.find()) {
            precision = Integer.parseInt(m.group(1));
            scale = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        }
        Kind kind;
        if (u.contains("INT")) {
            kind = Kind.INT64;
        } else if (u.contains("CHAR") || u.contains("CLOB") || u.contains("TEXT")) {
            kind = Kind.STRING;
        } else if (u.contains("BLOB") || u.isEmpty()) {
            kind = u.isEmpty() ? Kind.STRING : Kind.BYTES;
        } else if (u.contains("REAL") || u.contains("FLOA") || u.contains("DOUB")) {
            kind = Kind.FLOAT64;
        } else if (u.startsWith("BOOL")) {
            kind = Kind.BOOLEAN;
        } else if (u.startsWith("DATETIME") || u.startsWith("TIMESTAMP")) {
            kind = Kind.TIMESTAMP;
        } else if (u.startsWith("DATE")) {
            kind = Kind.DATE;
        } else if (u.startsWith("TIME")) {
            kind = Kind.TIME;
        } else if ((u.startsWith("DECIMAL") || u.startsWith("NUMERIC")) && scale >= 0) {
            kind = Kind.DECIMAL;
        } else {
            kind = Kind.NUMERIC_TEXT; // NUMERIC affinity without a fixed scale
        }
        return new SqliteColumnType(d, kind, precision, Math.max(scale, 0), decimalMode, binaryMode, optional);
    }

    private static Schema buildSchema(Kind kind, int precision, int scale, DecimalHandlingMode mode, boolean optional) {
        if (kind == Kind.DECIMAL) {
            return mode.schema(precision, scale, optional);
        }
        SchemaBuilder b = switch (kind) {
            case INT64 -> SchemaBuilder.int64();
            case FLOAT64 -> SchemaBuilder.float64();
            case STRING -> SchemaBuilder.string();
            case BYTES -> SchemaBuilder.bytes();
            case BOOLEAN -> SchemaBuilder.bool();
            case NUMERIC_TEXT -> mode == DecimalHandlingMode.DOUBLE ? SchemaBuilder.float64() : SchemaBuilder.string();
            case DATE -> Date.builder();
            case TIMESTAMP -> Timestamp.builder();
            case TIME -> Time.builder();
            case DECIMAL -> throw new IllegalStateException();
        };
        return optional ? b.optional().build() : b.build();
    }

    public String declared() {
        return declared;
    }

    public Kind kind() {
        return kind;
    }

    public Schema schema() {
        return schema;
    }

    /**
     * Converts one stored value.
     *
     * @throws IllegalArgumentException saying why the value does not fit; the caller adds table, column and row
     */
    public Object convert(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Integer i) {
            v = i.longValue();
        }
        switch (kind) {
            case INT64:
                if (v instanceof Long) {
                    return v;
                }
                throw misfit(v);
            case FLOAT64:
                if (v instanceof Number n) {
                    return n.doubleValue();
                }
                throw misfit(v);
            case STRING:
                if (v instanceof String || v instanceof Long) {
                    return v.toString();
                }
                if (v instanceof Double d) {
                    return Double.toString(d);
                }
                throw misfit(v);
            case BYTES:
                if (v instanceof byte[] b) {
                    return binaryMode.convert(b);
                }
                if (v instanceof String s) {
                    return binaryMode.convert(s.getBytes(StandardCharsets.UTF_8));
                }
                throw misfit(v);
            case BOOLEAN:
                if (v instanceof Long l && (l == 0 || l == 1)) {
                    return l == 1;
                }
                throw misfit(v);
            case DECIMAL:
                return decimalMode.convert(fitScale(decimal(v)), scale);
            case NUMERIC_TEXT:
                BigDecimal n = decimal(v);
                return decimalMode == DecimalHandlingMode.DOUBLE ? n.doubleValue() : n.toPlainString();
            case DATE:
                return new java.util.Date(parseDate(v).toEpochDay() * 86_400_000L);
            case TIMESTAMP:
                return new java.util.Date(parseTimestamp(v));
            case TIME:
                return new java.util.Date(parseTime(v).toNanoOfDay() / 1_000_000L);
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private BigDecimal decimal(Object v) {
        if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw misfit(v);
            }
            return BigDecimal.valueOf(d); // the shortest decimal that reads back as the stored double
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw misfit(v);
            }
        }
        throw misfit(v);
    }

    private BigDecimal fitScale(BigDecimal d) {
        if (d.scale() > scale) {
            d = d.stripTrailingZeros();
            if (d.scale() > scale) {
                throw new IllegalArgumentException("value " + d.toPlainString() + " has more than " + scale
                        + " fractional digits, the scale of declared type " + declared);
            }
        }
        return d;
    }

    private LocalDate parseDate(Object v) {
        if (v instanceof String s && s.length() >= 10) {
            try {
                return LocalDate.parse(s.substring(0, 10));
            } catch (DateTimeParseException e) {
                throw misfit(v);
            }
        }
        throw misfit(v);
    }

    /** Epoch millis. Text in SQLite's date formats (space or 'T', optional fraction and zone); integers are Unix seconds. */
    private long parseTimestamp(Object v) {
        if (v instanceof Long l) {
            return l * 1000L;
        }
        if (v instanceof String s) {
            String t = s.trim().replace(' ', 'T');
            try {
                if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
                    return OffsetDateTime.parse(t).toInstant().toEpochMilli();
                }
                if (t.length() == 10) {
                    return LocalDate.parse(t).toEpochDay() * 86_400_000L;
                }
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw misfit(v);
            }
        }
        throw misfit(v);
    }

    private LocalTime parseTime(Object v) {
        if (v instanceof String s) {
            try {
                return LocalTime.parse(s.trim());
            } catch (DateTimeParseException e) {
                throw misfit(v);
            }
        }
        throw misfit(v);
    }

    private IllegalArgumentException misfit(Object v) {
        String storage =
                v instanceof Long ? "integer" : v instanceof Double ? "real" : v instanceof byte[] ? "blob" : "text";
        String shown = v instanceof byte[] b ? "blob of " + b.length + " bytes" : "'" + v + "'";
        return new IllegalArgumentException(
                "value " + shown + " (" + storage + ") does not fit declared type '" + declared + "' (" + kind + ")");
    }
}
