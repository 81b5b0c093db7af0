package io.entitynotifier.connect.mysql.schema;

import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.BitSet;
import java.util.Date;
import java.util.List;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;

import io.entitynotifier.connect.common.schema.DecimalHandlingMode;

/**
 * Connect schemas and values for MySQL columns, with Debezium's representations: the same value whether it came from
 * a binlog row (decoded by the binlog client with micro-second date/time longs and raw bytes for character data) or
 * from a snapshot row read over JDBC's text protocol.
 */
public final class TypeMapper {

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final DateTimeFormatter ZONED = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** The longest TIME MySQL stores, 838:59:59.999999; a longer decoded value is a mis-decoded negative one. */
    private static final long MAX_TIME_MICROS = ((838L * 60 + 59) * 60 + 59) * 1_000_000L + 999_999L;

    private final DecimalHandlingMode decimals;
    private final boolean bigintUnsignedPrecise;
    private final boolean adaptiveTime;

    public TypeMapper(DecimalHandlingMode decimals, boolean bigintUnsignedPrecise) {
        this(decimals, bigintUnsignedPrecise, false);
    }

    /**
     * @param adaptiveTime Debezium's {@code time.precision.mode=adaptive_time_microseconds}: DATE, DATETIME and TIME
     *                     as Debezium's int-based types, keeping microseconds and the whole TIME range
     */
    public TypeMapper(DecimalHandlingMode decimals, boolean bigintUnsignedPrecise, boolean adaptiveTime) {
        this.decimals = decimals;
        this.bigintUnsignedPrecise = bigintUnsignedPrecise;
        this.adaptiveTime = adaptiveTime;
    }

    public Schema schema(MySqlColumn c) {
        boolean opt = c.nullable();
        if (c.type() == MySqlType.DECIMAL) {
            return decimals.schema(c.precision(), c.scale(), opt);
        }
        SchemaBuilder b = switch (c.type()) {
            case TINYINT -> SchemaBuilder.int16();
            case SMALLINT -> c.unsigned() ? SchemaBuilder.int32() : SchemaBuilder.int16();
            case MEDIUMINT -> SchemaBuilder.int32();
            case INT -> c.unsigned() ? SchemaBuilder.int64() : SchemaBuilder.int32();
            case BIGINT -> c.unsigned() && bigintUnsignedPrecise
                    ? Decimal.builder(0).parameter("connect.decimal.precision", "20") : SchemaBuilder.int64();
            case FLOAT -> SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case BIT -> c.length() == 1 ? SchemaBuilder.bool()
                    : SchemaBuilder.bytes().name("io.debezium.data.Bits").version(1)
                            .parameter("length", Integer.toString(c.length()));
            case DATE -> adaptiveTime ? SchemaBuilder.int32().name("io.debezium.time.Date").version(1)
                    : org.apache.kafka.connect.data.Date.builder();
            case DATETIME -> !adaptiveTime ? Timestamp.builder()
                    : c.fsp() <= 3 ? SchemaBuilder.int64().name("io.debezium.time.Timestamp").version(1)
                    : SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1);
            case TIMESTAMP -> SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1);
            case TIME -> adaptiveTime ? SchemaBuilder.int64().name("io.debezium.time.MicroTime").version(1)
                    : Time.builder();
            case YEAR -> SchemaBuilder.int32().name("io.debezium.time.Year").version(1);
            case STRING -> SchemaBuilder.string();
            case BINARY, VARBINARY, GEOMETRY -> SchemaBuilder.bytes();
            case ENUM -> SchemaBuilder.string().name("io.debezium.data.Enum").version(1)
                    .parameter("allowed", String.join(",", c.values()));
            case SET -> SchemaBuilder.string().name("io.debezium.data.EnumSet").version(1)
                    .parameter("allowed", String.join(",", c.values()));
            case JSON -> SchemaBuilder.string().name("io.debezium.data.Json").version(1);
            case DECIMAL -> throw new IllegalStateException();
        };
        return opt ? b.optional().build() : b.build();
    }

    /** Converts a value as the binlog client decoded it. */
    public Object fromBinlog(MySqlColumn c, Serializable v) {
        if (v == null) {
            return null;
        }
        return switch (c.type()) {
            case TINYINT -> (short) (c.unsigned() ? ((Integer) v) & 0xFF : (Integer) v);
            case SMALLINT -> c.unsigned() ? (Object) (((Integer) v) & 0xFFFF) : (Object) (short) (int) (Integer) v;
            case MEDIUMINT -> c.unsigned() ? (Object) (((Integer) v) & 0xFFFFFF) : v;
            case INT -> c.unsigned() ? (Object) Integer.toUnsignedLong((Integer) v) : v;
            case BIGINT -> bigint(c, (Long) v);
            case DECIMAL -> decimals.convert((BigDecimal) v, c.scale());
            case FLOAT, DOUBLE -> v;
            case BIT -> bits(c, ((BitSet) v).toByteArray());
            case DATE -> date(Math.floorDiv((Long) v, MICROS_PER_DAY));
            case DATETIME -> datetime(c, (Long) v);
            case TIMESTAMP -> zoned(c, (Long) v);
            case TIME -> time(c, (Long) v);
            case YEAR -> (Integer) v == 1900 ? 0 : v; // the client adds 1900 to the stored byte; 0 is YEAR 0000
            case STRING -> v instanceof byte[] b ? new String(b, c.charset()) : v.toString();
            case BINARY -> pad((byte[]) v, c.length());
            case VARBINARY, GEOMETRY -> v;
            case ENUM -> enumValue(c, (Integer) v);
            case SET -> setValue(c, ((Number) v).longValue());
            case JSON -> json((byte[]) v);
        };
    }

    /** Reads column {@code i} of a snapshot row (text protocol, session time zone UTC). */
    public Object fromJdbc(MySqlColumn c, ResultSet rs, int i) throws SQLException {
        Object v = switch (c.type()) {
            case TINYINT -> (short) rs.getInt(i);
            case SMALLINT -> c.unsigned() ? (Object) rs.getInt(i) : (Object) rs.getShort(i);
            case MEDIUMINT -> rs.getInt(i);
            case INT -> c.unsigned() ? (Object) rs.getLong(i) : (Object) rs.getInt(i);
            case BIGINT -> c.unsigned() ? unsignedBigint(rs.getString(i)) : (Object) rs.getLong(i);
            case DECIMAL -> decimals.convert(rs.getBigDecimal(i), c.scale());
            case FLOAT -> (float) rs.getDouble(i); // selected as DOUBLE: the text form of FLOAT has 6 digits only
            case DOUBLE -> rs.getDouble(i);
            case BIT -> bitsFromBigEndian(c, rs.getBytes(i));
            case DATE, DATETIME, TIMESTAMP, TIME, YEAR -> temporal(c, rs.getString(i));
            case STRING, ENUM, SET, JSON -> rs.getString(i);
            case BINARY -> {
                byte[] b = rs.getBytes(i);
                yield b == null ? null : pad(b, c.length());
            }
            case VARBINARY, GEOMETRY -> rs.getBytes(i);
        };
        return rs.wasNull() ? null : v;
    }

    private Object bigint(MySqlColumn c, long v) {
        if (!c.unsigned()) {
            return v;
        }
        if (bigintUnsignedPrecise) {
            return new BigDecimal(new BigInteger(Long.toUnsignedString(v)));
        }
        if (v < 0) {
            throw new IllegalArgumentException("BIGINT UNSIGNED value " + Long.toUnsignedString(v)
                    + " does not fit INT64; use bigint.unsigned.handling.mode=precise");
        }
        return v;
    }

    private Object unsignedBigint(String text) {
        if (text == null) {
            return null;
        }
        BigDecimal d = new BigDecimal(text);
        if (bigintUnsignedPrecise) {
            return d;
        }
        try {
            return d.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("BIGINT UNSIGNED value " + text
                    + " does not fit INT64; use bigint.unsigned.handling.mode=precise");
        }
    }

    private static Object bits(MySqlColumn c, byte[] littleEndian) {
        if (c.length() == 1) {
            return littleEndian.length > 0 && (littleEndian[0] & 1) != 0;
        }
        byte[] out = new byte[(c.length() + 7) / 8];
        System.arraycopy(littleEndian, 0, out, 0, Math.min(littleEndian.length, out.length));
        return out;
    }

    private static Object bitsFromBigEndian(MySqlColumn c, byte[] bigEndian) {
        if (bigEndian == null) {
            return null;
        }
        byte[] le = new byte[bigEndian.length];
        for (int k = 0; k < le.length; k++) {
            le[k] = bigEndian[bigEndian.length - 1 - k];
        }
        return bits(c, le);
    }

    private static byte[] pad(byte[] b, int length) {
        if (b.length >= length) {
            return b;
        }
        byte[] out = new byte[length];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    private static String enumValue(MySqlColumn c, int index) {
        if (index == 0) {
            return ""; // MySQL's error value for an invalid enum in non-strict mode
        }
        List<String> values = c.values();
        if (index > values.size()) {
            throw new IllegalArgumentException("ENUM index " + index + " outside the " + values.size()
                    + " values of the table map");
        }
        return values.get(index - 1);
    }

    private static String setValue(MySqlColumn c, long mask) {
        StringBuilder sb = new StringBuilder();
        List<String> values = c.values();
        for (int k = 0; k < values.size() && k < 64; k++) {
            if ((mask & (1L << k)) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(values.get(k));
            }
        }
        return sb.toString();
    }

    private static String json(byte[] b) {
        if (b.length == 0) {
            return "null";
        }
        try {
            return JsonBinary.parseAsString(b);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode binary JSON: " + e.getMessage(), e);
        }
    }

    private static Object zoned(MySqlColumn c, long micros) {
        Instant i = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        return ZONED.format(i.atOffset(ZoneOffset.UTC));
    }

    private Object date(long epochDay) {
        return adaptiveTime ? (Object) (int) epochDay : new Date(epochDay * 86_400_000L);
    }

    private Object datetime(MySqlColumn c, long micros) {
        if (!adaptiveTime) {
            return new Date(Math.floorDiv(micros, 1000L));
        }
        return c.fsp() <= 3 ? Math.floorDiv(micros, 1000L) : micros;
    }

    private Object time(MySqlColumn c, long micros) {
        if (micros > MAX_TIME_MICROS || micros < -MAX_TIME_MICROS) {
            throw new IllegalArgumentException("TIME value of " + micros + " microseconds is outside MySQL's TIME "
                    + "range: a negative TIME the binlog client cannot decode");
        }
        if (adaptiveTime) {
            return micros;
        }
        if (micros < 0 || micros >= MICROS_PER_DAY) {
            throw new IllegalArgumentException("TIME value of " + micros + " microseconds is outside 00:00:00-23:59:59"
                    + ".999999, which Connect's Time type cannot hold");
        }
        return new Date(micros / 1000L);
    }

    /** Parses MySQL's text form of DATE, DATETIME, TIMESTAMP (in UTC), TIME and YEAR. Zero dates become null. */
    Object temporal(MySqlColumn c, String text) {
        if (text == null) {
            return null;
        }
        switch (c.type()) {
            case YEAR:
                return Integer.parseInt(text.length() > 4 ? text.substring(0, 4) : text);
            case TIME:
                return time(c, parseTimeMicros(text));
            default:
                break;
        }
        if (text.startsWith("0000-00-00") || text.contains("-00")) {
            return null; // zero dates (and dates with a zero month or day) have no Connect value
        }
        if (c.type() == MySqlType.DATE) {
            return date(LocalDate.parse(text.substring(0, 10)).toEpochDay());
        }
        LocalDateTime ldt = LocalDateTime.parse(text.replace(' ', 'T'));
        long micros = ldt.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + ldt.getNano() / 1000;
        return c.type() == MySqlType.DATETIME ? datetime(c, micros) : zoned(c, micros);
    }

    static long parseTimeMicros(String text) {
        boolean negative = text.startsWith("-");
        String t = negative ? text.substring(1) : text;
        String[] parts = t.split(":");
        long h = Long.parseLong(parts[0]);
        long m = Long.parseLong(parts[1]);
        String sec = parts[2];
        long s;
        long frac = 0;
        int dot = sec.indexOf('.');
        if (dot >= 0) {
            s = Long.parseLong(sec.substring(0, dot));
            String f = (sec.substring(dot + 1) + "000000").substring(0, 6);
            frac = Long.parseLong(f);
        } else {
            s = Long.parseLong(sec);
        }
        long micros = ((h * 60 + m) * 60 + s) * 1_000_000L + frac;
        return negative ? -micros : micros;
    }
}
