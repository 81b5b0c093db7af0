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
import java.util.BitSet;
import java.util.List;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.mysql.MySqlConnectorConfig;

/**
 * Connect schemas and values for MySQL columns, as Debezium's MySQL connector (3.6) gives them with the same settings:
 * from a binlog row (decoded by {@link BinlogCells}: java.time values, TIME in microseconds, raw bytes for character
 * data) or from a snapshot row read over JDBC's text protocol. Where Debezium's snapshot and streaming values differ
 * (TIMESTAMP fraction digits, JSON spacing), each path gives what Debezium's same path gives.
 */
public final class TypeMapper {

    private final DecimalHandlingMode decimals;
    private final boolean bigintUnsignedPrecise;
    private final TemporalValues temporal;
    private final BinaryHandlingMode binary;

    public TypeMapper(
            DecimalHandlingMode decimals,
            boolean bigintUnsignedPrecise,
            TemporalMode temporal,
            BinaryHandlingMode binary) {
        this.decimals = decimals;
        this.bigintUnsignedPrecise = bigintUnsignedPrecise;
        this.temporal = new TemporalValues(temporal);
        this.binary = binary;
    }

    /** Debezium's defaults: decimal precise, bigint long, adaptive_time_microseconds, binary bytes. */
    public TypeMapper() {
        this(DecimalHandlingMode.PRECISE, false, TemporalMode.ADAPTIVE_TIME_MICROSECONDS, BinaryHandlingMode.BYTES);
    }

    public static TypeMapper of(MySqlConnectorConfig config) {
        return new TypeMapper(
                config.decimalHandlingMode(),
                config.bigintUnsignedPrecise(),
                config.temporalMode(),
                config.binaryHandlingMode());
    }

    /** The column's field schema, with its DEFAULT as the schema default value (as Debezium). */
    public Schema schema(MySqlColumn c) {
        Schema s = schemaWithoutDefault(c);
        Object d = ColumnDefaults.value(this, c);
        return d == null ? s : withDefault(s, d);
    }

    private static Schema withDefault(Schema s, Object value) {
        SchemaBuilder b = new SchemaBuilder(s.type());
        if (s.name() != null) {
            b.name(s.name());
        }
        if (s.version() != null) {
            b.version(s.version());
        }
        if (s.doc() != null) {
            b.doc(s.doc());
        }
        if (s.parameters() != null) {
            b.parameters(s.parameters());
        }
        if (s.isOptional()) {
            b.optional();
        }
        return b.defaultValue(value).build();
    }

    private Schema schemaWithoutDefault(MySqlColumn c) {
        boolean opt = c.nullable();
        if (c.type() == MySqlType.DECIMAL) {
            return decimals.schema(c.precision(), c.scale(), opt);
        }
        SchemaBuilder b = switch (c.type()) {
            case TINYINT -> SchemaBuilder.int16();
            case SMALLINT -> c.unsigned() ? SchemaBuilder.int32() : SchemaBuilder.int16();
            case MEDIUMINT -> SchemaBuilder.int32();
            case INT -> c.unsigned() ? SchemaBuilder.int64() : SchemaBuilder.int32();
            case BIGINT ->
                c.unsigned() && bigintUnsignedPrecise
                        ? Decimal.builder(0).parameter("connect.decimal.precision", "20")
                        : SchemaBuilder.int64();
            case FLOAT -> c.scaledFloat() ? SchemaBuilder.float64() : SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case BIT ->
                c.length() <= 1
                        ? SchemaBuilder.bool()
                        : SchemaBuilder.bytes()
                                .name("io.debezium.data.Bits")
                                .version(1)
                                .parameter("length", Integer.toString(c.length()));
            case DATE -> temporal.dateSchema();
            case DATETIME -> temporal.datetimeSchema(c.fsp());
            case TIMESTAMP -> TemporalValues.timestampSchema();
            case TIME -> temporal.timeSchema();
            case YEAR -> TemporalValues.yearSchema();
            case STRING -> SchemaBuilder.string();
            case BINARY, VARBINARY -> binary.builder();
            case GEOMETRY -> Geometries.geometryBuilder();
            case POINT -> Geometries.pointBuilder();
            case ENUM ->
                SchemaBuilder.string()
                        .name("io.debezium.data.Enum")
                        .version(1)
                        .parameter("allowed", String.join(",", c.values()));
            case SET ->
                SchemaBuilder.string()
                        .name("io.debezium.data.EnumSet")
                        .version(1)
                        .parameter("allowed", String.join(",", c.values()));
            case JSON -> SchemaBuilder.string().name("io.debezium.data.Json").version(1);
            case UUID -> SchemaBuilder.string().name("io.debezium.data.Uuid").version(1);
            case DECIMAL -> throw new IllegalStateException();
        };
        if (opt && !b.isOptional()) {
            b.optional();
        }
        return b.build();
    }

    /** Converts a value as {@link BinlogCells} decoded it; {@code field} is the column's schema. */
    public Object fromBinlog(MySqlColumn c, Schema field, Serializable v) {
        Object out = v == null
                ? null
                : switch (c.type()) {
                    case TINYINT -> (short) (c.unsigned() ? ((Integer) v) & 0xFF : (Integer) v);
                    case SMALLINT ->
                        c.unsigned() ? (Object) (((Integer) v) & 0xFFFF) : (Object) (short) (int) (Integer) v;
                    case MEDIUMINT -> c.unsigned() ? (Object) (((Integer) v) & 0xFFFFFF) : v;
                    case INT -> c.unsigned() ? (Object) Integer.toUnsignedLong((Integer) v) : v;
                    case BIGINT ->
                        c.unsigned() && bigintUnsignedPrecise
                                ? new BigDecimal(new BigInteger(Long.toUnsignedString((Long) v)))
                                : v;
                    case DECIMAL -> decimals.convert((BigDecimal) v, c.scale());
                    case FLOAT -> c.scaledFloat() ? (Object) ((Float) v).doubleValue() : v;
                    case DOUBLE -> v;
                    case BIT -> bits(c, ((BitSet) v).toByteArray());
                    case DATE -> temporal.date((LocalDate) v);
                    case DATETIME -> temporal.datetime((LocalDateTime) v, c.fsp());
                    case TIMESTAMP -> TemporalValues.zonedFromBinlog((Instant) v, c.fsp());
                    case TIME -> temporal.time((Long) v);
                    case YEAR -> v;
                    case STRING -> v instanceof byte[] b ? new String(b, c.charset()) : v.toString();
                    case BINARY -> binary.convert(pad((byte[]) v, c.length()));
                    case VARBINARY -> binary.convert((byte[]) v);
                    case GEOMETRY -> Geometries.geometry(field, (byte[]) v);
                    case POINT -> Geometries.point(field, (byte[]) v);
                    case ENUM -> enumValue(c, (Integer) v);
                    case SET -> setValue(c, ((Number) v).longValue());
                    case JSON -> json(c, (byte[]) v);
                    case UUID -> MariaDbUuids.fromBinlog((byte[]) v);
                };
        return out == null && !c.nullable() ? zeroValue(c) : out;
    }

    /** Reads column {@code i} of a snapshot row (text protocol, session time zone UTC). */
    public Object fromJdbc(MySqlColumn c, Schema field, ResultSet rs, int i) throws SQLException {
        Object v = switch (c.type()) {
            case TINYINT -> (short) rs.getInt(i);
            case SMALLINT -> c.unsigned() ? (Object) rs.getInt(i) : (Object) rs.getShort(i);
            case MEDIUMINT -> rs.getInt(i);
            case INT -> c.unsigned() ? (Object) rs.getLong(i) : (Object) rs.getInt(i);
            case BIGINT -> c.unsigned() ? unsignedBigint(rs.getString(i)) : (Object) rs.getLong(i);
            case DECIMAL -> decimals.convert(rs.getBigDecimal(i), c.scale());
            case FLOAT -> snapshotFloat(c, rs.getString(i));
            case DOUBLE -> rs.getDouble(i);
            case BIT -> bitsFromBigEndian(c, rs.getBytes(i));
            case DATE, DATETIME, TIMESTAMP, TIME, YEAR -> temporal(c, rs.getString(i));
            case STRING, ENUM, SET, JSON, UUID -> rs.getString(i);
            case BINARY -> {
                byte[] b = rs.getBytes(i);
                yield b == null ? null : binary.convert(pad(b, c.length()));
            }
            case VARBINARY -> binary.convert(rs.getBytes(i));
            case GEOMETRY, POINT -> {
                byte[] b = rs.getBytes(i);
                yield b == null
                        ? null
                        : c.type() == MySqlType.POINT ? Geometries.point(field, b) : Geometries.geometry(field, b);
            }
        };
        if (rs.wasNull()) {
            v = null;
        }
        return v == null && !c.nullable() ? zeroValue(c) : v;
    }

    /**
     * FLOAT in a snapshot, as Debezium's snapshot gives it: the server's text form (six significant digits, so it can
     * differ from the binlog's exact float) read as a float; FLOAT(M,D) widened to double.
     */
    private static Object snapshotFloat(MySqlColumn c, String text) {
        if (text == null) {
            return null;
        }
        float f = Float.parseFloat(text);
        return c.scaledFloat() ? (Object) (double) f : (Object) f;
    }

    TemporalValues temporalValues() {
        return temporal;
    }

    /** An integer column's value from its number (a DEFAULT literal). */
    Object integer(MySqlColumn c, BigInteger n) {
        return switch (c.type()) {
            case TINYINT -> n.shortValue();
            case SMALLINT -> c.unsigned() ? (Object) n.intValue() : (Object) n.shortValue();
            case MEDIUMINT -> n.intValue();
            case INT -> c.unsigned() ? (Object) n.longValue() : (Object) n.intValue();
            case BIGINT -> c.unsigned() ? unsignedBigint(n.toString()) : (Object) n.longValue();
            default -> throw new IllegalStateException();
        };
    }

    Object decimal(BigDecimal v, int scale) {
        return decimals.convert(v, scale);
    }

    /** Debezium's value for a NOT NULL column that has none here (a zero date, an empty JSON). */
    private Object zeroValue(MySqlColumn c) {
        return c.type() == MySqlType.JSON ? "{}" : temporal.zeroValue(c.type(), c.fsp());
    }

    private Object unsignedBigint(String text) {
        if (text == null) {
            return null;
        }
        BigInteger n = new BigInteger(text);
        // long mode wraps values above 2^63-1 to negative longs, as Debezium's does
        return bigintUnsignedPrecise ? new BigDecimal(n) : (Object) n.longValue();
    }

    private static Object bits(MySqlColumn c, byte[] littleEndian) {
        if (c.length() <= 1) {
            return littleEndian.length > 0 && (littleEndian[0] & 1) != 0;
        }
        int n = (c.length() + 7) / 8;
        if (littleEndian.length >= n) {
            return littleEndian;
        }
        byte[] out = new byte[n];
        System.arraycopy(littleEndian, 0, out, 0, littleEndian.length);
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
            throw new IllegalArgumentException("ENUM index outside the " + values.size() + " values of the table map");
        }
        return values.get(index - 1);
    }

    private static String setValue(MySqlColumn c, long mask) {
        StringBuilder sb = new StringBuilder();
        List<String> values = c.values();
        for (int k = 0; k < 64; k++) {
            if ((mask & (1L << k)) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                if (k < values.size()) {
                    sb.append(values.get(k));
                }
            }
        }
        return sb.toString();
    }

    private static String json(MySqlColumn c, byte[] b) {
        if (b.length == 0) {
            return null; // NOT NULL columns get "{}", as in Debezium
        }
        try {
            return JsonBinary.parseAsString(b);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot decode binary JSON: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Converts MySQL's text form of DATE, DATETIME, TIMESTAMP (in UTC), TIME and YEAR. */
    Object temporal(MySqlColumn c, String text) {
        if (text == null) {
            return null;
        }
        return switch (c.type()) {
            case YEAR -> TemporalValues.year(Integer.parseInt(text.length() > 4 ? text.substring(0, 4) : text));
            case TIME -> temporal.time(TemporalValues.parseTimeMicros(text));
            case DATE -> temporal.date(TemporalValues.parseDate(text));
            case DATETIME -> temporal.datetime(TemporalValues.parseDatetime(text), c.fsp());
            case TIMESTAMP -> TemporalValues.zonedFromSnapshot(TemporalValues.parseTimestamp(text));
            default -> throw new IllegalStateException();
        };
    }
}
