package io.entitynotifier.connect.oracle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;

/**
 * A column the connector captures: its metadata, how it is carried ({@link ColumnKind}) and its Connect schema. The
 * {@code from*} methods turn decoded Java values into the column's Connect value; both the snapshot (JDBC) and the
 * redo parser go through them, so a row reads the same whichever path delivered it.
 */
public final class CapturedColumn {

    public static final String ZONED_TIMESTAMP_NAME = OracleTemporal.ZONED_TIMESTAMP_NAME;
    public static final String XML_NAME = "io.debezium.data.Xml";
    public static final String VARIABLE_SCALE_DECIMAL_NAME = "io.debezium.data.VariableScaleDecimal";

    private final OracleColumn column;
    private final ColumnKind kind;
    private final DecimalHandlingMode decimals;
    private Schema schema;
    private final String unavailable;

    private final BinaryHandlingMode binary;
    private final TemporalMode temporal;
    private final IntervalMode intervals;
    private final int digits;

    public CapturedColumn(OracleColumn column, ColumnKind kind, DecimalHandlingMode decimals, String unavailable) {
        this(column, kind, decimals, BinaryHandlingMode.BYTES, unavailable);
    }

    /** @param binary {@code binary.handling.mode}, for RAW and BLOB */
    public CapturedColumn(
            OracleColumn column,
            ColumnKind kind,
            DecimalHandlingMode decimals,
            BinaryHandlingMode binary,
            String unavailable) {
        this(column, kind, decimals, binary, TemporalMode.ADAPTIVE, IntervalMode.NUMERIC, unavailable);
    }

    /**
     * @param temporal {@code time.precision.mode}, for DATE and TIMESTAMP
     * @param intervals {@code interval.handling.mode}, for the INTERVAL types
     */
    public CapturedColumn(
            OracleColumn column,
            ColumnKind kind,
            DecimalHandlingMode decimals,
            BinaryHandlingMode binary,
            TemporalMode temporal,
            IntervalMode intervals,
            String unavailable) {
        this.column = column;
        this.kind = kind;
        this.decimals = decimals;
        this.binary = binary;
        this.temporal = temporal;
        this.intervals = intervals;
        this.unavailable = unavailable;
        this.digits = ColumnKind.fractionDigits(column);
        Schema s = schema(column, kind, decimals, temporal, intervals, digits);
        if ((kind == ColumnKind.BYTES || kind == ColumnKind.BLOB) && binary != BinaryHandlingMode.BYTES) {
            s = binary.schema(s.isOptional());
        }
        this.schema = s;
    }

    private static Schema schema(
            OracleColumn c,
            ColumnKind kind,
            DecimalHandlingMode decimals,
            TemporalMode temporal,
            IntervalMode intervals,
            int digits) {
        boolean optional = c.nullable() && !c.primaryKey();
        if (kind == ColumnKind.DECIMAL) {
            return decimals.schema(
                    c.precision() == null ? 38 : c.precision(), c.scale() == null ? 0 : c.scale(), optional);
        }
        SchemaBuilder b = switch (kind) {
            case INT8 -> SchemaBuilder.int8();
            case INT16 -> SchemaBuilder.int16();
            case INT32 -> SchemaBuilder.int32();
            case INT64 -> SchemaBuilder.int64();
            case DECIMAL -> throw new IllegalStateException("handled above");
            case VARIABLE_DECIMAL ->
                switch (decimals) {
                    case PRECISE ->
                        SchemaBuilder.struct()
                                .name(VARIABLE_SCALE_DECIMAL_NAME)
                                .version(1)
                                .doc("Variable scaled decimal")
                                .field("scale", Schema.INT32_SCHEMA)
                                .field("value", Schema.BYTES_SCHEMA);
                    case DOUBLE -> SchemaBuilder.float64();
                    case STRING -> SchemaBuilder.string();
                };
            case FLOAT32 -> SchemaBuilder.float32();
            case FLOAT64 -> SchemaBuilder.float64();
            case STRING, CLOB -> SchemaBuilder.string();
            case XML -> SchemaBuilder.string().name(XML_NAME).version(1);
            case BYTES, BLOB -> SchemaBuilder.bytes();
            case TIMESTAMP -> OracleTemporal.timestampSchema(digits, temporal);
            case ZONED_TIMESTAMP, LOCAL_ZONED_TIMESTAMP -> OracleTemporal.zonedSchema();
            case INTERVAL_YEAR_MONTH, INTERVAL_DAY_SECOND -> OracleTemporal.intervalSchema(intervals);
        };
        return optional ? b.optional().build() : b.build();
    }

    public String name() {
        return column.name();
    }

    /** Sets the field schema's default (the column's DEFAULT, see ColumnDefaults); null leaves none. */
    public CapturedColumn defaultValue(Object value) {
        if (value == null) {
            return this;
        }
        SchemaBuilder b = new SchemaBuilder(schema.type());
        if (schema.name() != null) {
            b.name(schema.name());
        }
        if (schema.version() != null) {
            b.version(schema.version());
        }
        if (schema.doc() != null) {
            b.doc(schema.doc());
        }
        if (schema.parameters() != null) {
            b.parameters(schema.parameters());
        }
        if (schema.isOptional()) {
            b.optional();
        }
        schema = b.defaultValue(value).build();
        return this;
    }

    public OracleColumn column() {
        return column;
    }

    public ColumnKind kind() {
        return kind;
    }

    public Schema schema() {
        return schema;
    }

    /** The declared scale; negative for NUMBER(p,s<0) (Debezium's Decimal keeps it: NUMBER(20,-2) has scale -2). */
    public int scale() {
        return column.scale() == null ? 0 : column.scale();
    }

    /** LOB columns whose value LogMiner does not carry in the statement get the placeholder instead of a guess. */
    public boolean isLob() {
        return kind == ColumnKind.CLOB || kind == ColumnKind.BLOB || kind == ColumnKind.XML;
    }

    public Object unavailableValue() {
        return kind == ColumnKind.BLOB ? binary.convert(unavailable.getBytes(StandardCharsets.UTF_8)) : unavailable;
    }

    public Object fromDecimal(BigDecimal v) {
        if (v == null) {
            return null;
        }
        try {
            return switch (kind) {
                case INT8 -> v.byteValueExact();
                case INT16 -> v.shortValueExact();
                case INT32 -> v.intValueExact();
                case INT64 -> v.longValueExact();
                case DECIMAL -> decimals.convert(v, scale());
                case VARIABLE_DECIMAL ->
                    switch (decimals) {
                        case PRECISE -> {
                            BigDecimal n = v.scale() < 0 ? v.setScale(0) : v;
                            yield new Struct(schema)
                                    .put("scale", n.scale())
                                    .put("value", n.unscaledValue().toByteArray());
                        }
                        case DOUBLE -> v.doubleValue();
                        case STRING -> v.toPlainString();
                    };
                case FLOAT32 -> v.floatValue();
                case FLOAT64 -> v.doubleValue();
                case STRING, CLOB, XML -> v.toPlainString();
                default -> throw mismatch("a number");
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a value with " + v.precision() + " digits (scale " + v.scale()
                    + ") does not fit column " + name() + " " + typeText());
        }
    }

    public Object fromDouble(double v) {
        return switch (kind) {
            case FLOAT32 -> (float) v;
            case FLOAT64 -> v;
            default -> fromDecimal(BigDecimal.valueOf(v));
        };
    }

    public Object fromString(String v) {
        if (v == null) {
            return null;
        }
        return switch (kind) {
            case STRING, CLOB, XML -> v;
            case INT8, INT16, INT32, INT64, DECIMAL, VARIABLE_DECIMAL -> fromDecimal(parseDecimal(v));
            case FLOAT32 -> (float) parseDouble(v, true);
            case FLOAT64 -> parseDouble(v, false);
            case INTERVAL_YEAR_MONTH -> interval(OracleTemporal.yearMonth(v, intervals), "YEAR TO MONTH");
            case INTERVAL_DAY_SECOND -> interval(OracleTemporal.daySecond(v, intervals), "DAY TO SECOND");
            default -> throw mismatch("a string");
        };
    }

    public Object fromBytes(byte[] v) {
        if (v == null) {
            return null;
        }
        if (kind != ColumnKind.BYTES && kind != ColumnKind.BLOB) {
            throw mismatch("binary data");
        }
        return binary.convert(v);
    }

    public Object fromLocalDateTime(LocalDateTime v) {
        if (v == null) {
            return null;
        }
        if (kind == ColumnKind.LOCAL_ZONED_TIMESTAMP) {
            // the session's TIME_ZONE is 00:00 (OracleDatabaseDialect), so a local value is UTC, as in Debezium
            return OracleTemporal.zoned(v.atZone(ZoneOffset.UTC), digits);
        }
        if (kind != ColumnKind.TIMESTAMP) {
            throw mismatch("a date-time without time zone");
        }
        try {
            return OracleTemporal.timestamp(v, digits, temporal);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a date-time outside the range of column " + name() + " " + typeText());
        }
    }

    public Object fromZoned(ZonedDateTime v) {
        if (v == null) {
            return null;
        }
        if (kind == ColumnKind.LOCAL_ZONED_TIMESTAMP) {
            return OracleTemporal.zoned(v.withZoneSameInstant(ZoneOffset.UTC), digits);
        }
        if (kind != ColumnKind.ZONED_TIMESTAMP) {
            throw mismatch("a date-time with time zone");
        }
        return OracleTemporal.zoned(v, digits);
    }

    private Object interval(Object value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(
                    "not an INTERVAL " + what + " value, for column " + name() + " " + typeText());
        }
        return value;
    }

    private BigDecimal parseDecimal(String v) {
        try {
            BigDecimal d = new BigDecimal(v.trim());
            // Oracle NUMBER holds magnitudes from 1E-130 to below 1E126; anything far outside is corrupt input
            // (and would cost unbounded memory to bring to a column's scale).
            if (d.signum() != 0 && (d.precision() - d.scale() > 127 || d.scale() > 170)) {
                throw new IllegalArgumentException(
                        "a value outside the range of Oracle NUMBER, for column " + name() + " " + typeText());
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a value that is not a number (" + v.length()
                    + " characters), for column " + name() + " " + typeText());
        }
    }

    /** Oracle prints infinities and NaN as Inf, -Inf and Nan; a FLOAT32 parses as float to avoid double rounding. */
    private double parseDouble(String v, boolean single) {
        String t = v.trim();
        switch (t) {
            case "Inf", "INF", "+Inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf", "-INF" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "Nan", "NaN", "NAN" -> {
                return Double.NaN;
            }
            default -> {
                try {
                    return single ? Float.parseFloat(t) : Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a value that is not a number (" + v.length()
                            + " characters), for column " + name() + " " + typeText());
                }
            }
        }
    }

    public String typeText() {
        StringBuilder sb = new StringBuilder(column.dataType());
        if (column.precision() != null) {
            sb.append('(').append(column.precision());
            if (column.scale() != null && column.scale() != 0) {
                sb.append(',').append(column.scale());
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private IllegalArgumentException mismatch(String what) {
        return new IllegalArgumentException("column " + name() + " " + typeText() + " cannot hold " + what);
    }

    /** Exposed for tests: the unscaled value of a VariableScaleDecimal. */
    static BigDecimal variableScaleDecimal(Struct s) {
        return new BigDecimal(new BigInteger(s.getBytes("value")), s.getInt32("scale"));
    }
}
