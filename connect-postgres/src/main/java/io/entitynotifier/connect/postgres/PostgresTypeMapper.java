package io.entitynotifier.connect.postgres;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.postgres.Catalog.PgType;

/**
 * Maps a PostgreSQL column type (OID plus type modifier) to its Connect schema and to a parser from PostgreSQL's text
 * representation to the Connect value. Debezium's semantic type names are used where Connect has no logical type.
 * Types without a mapping of their own (inet, point, money, xml, ...) become optional strings holding PostgreSQL's text.
 */
public final class PostgresTypeMapper {

    /** Text of one value to its Connect value; never called with null. */
    @FunctionalInterface
    public interface ValueParser {
        Object parse(String text);
    }

    /** Schema and parser of one column. */
    public record ColumnType(Schema schema, ValueParser parser) {}

    static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
    static final Schema VARIABLE_SCALE_SCHEMA = variableScaleSchema(true);
    static final Schema REQUIRED_VARIABLE_SCALE_SCHEMA = variableScaleSchema(false);

    private final Catalog catalog;
    private final DecimalHandlingMode decimals;
    private final boolean intervalAsString;

    private final BinaryHandlingMode binary;

    public PostgresTypeMapper(Catalog catalog, DecimalHandlingMode decimals, boolean intervalAsString) {
        this(catalog, decimals, intervalAsString, BinaryHandlingMode.BYTES);
    }

    /** @param binary {@code binary.handling.mode}, for bytea */
    public PostgresTypeMapper(
            Catalog catalog, DecimalHandlingMode decimals, boolean intervalAsString, BinaryHandlingMode binary) {
        this.catalog = catalog;
        this.decimals = decimals;
        this.intervalAsString = intervalAsString;
        this.binary = binary;
    }

    /**
     * @param optional false only for primary-key columns (every other column may be null in a key-only before image)
     */
    public ColumnType map(int typeOid, int typmod, boolean optional) throws SQLException {
        PgType t = catalog.type(typeOid);
        if (t.kind() == 'd') { // a domain: its base type, with the domain's modifier
            return map(t.baseOid(), t.baseTypmod(), optional);
        }
        if (t.kind() == 'e') {
            SchemaBuilder b = SchemaBuilder.string()
                    .name("io.debezium.data.Enum")
                    .version(1)
                    .parameter("allowed", String.join(",", t.enumLabels()));
            return new ColumnType(build(b, optional), s -> s);
        }
        if (t.category() == 'A' && t.elementOid() != 0) {
            ColumnType element = map(t.elementOid(), typmod, true);
            Schema schema = build(SchemaBuilder.array(element.schema()), optional);
            return new ColumnType(schema, s -> {
                List<Object> out = new ArrayList<>();
                for (String e : PgArrayLiteral.elements(s)) {
                    out.add(e == null ? null : element.parser().parse(e));
                }
                return out;
            });
        }
        if (!"pg_catalog".equals(t.namespace())) {
            return text(null, optional); // an extension's type, e.g. citext or hstore
        }
        switch (t.name()) {
            case "bool":
                return new ColumnType(build(SchemaBuilder.bool(), optional), s -> s.equals("t") || s.equals("true"));
            case "int2":
                return new ColumnType(build(SchemaBuilder.int16(), optional), Short::valueOf);
            case "int4":
                return new ColumnType(build(SchemaBuilder.int32(), optional), Integer::valueOf);
            case "int8":
            case "oid":
                return new ColumnType(build(SchemaBuilder.int64(), optional), Long::valueOf);
            case "float4":
                return new ColumnType(build(SchemaBuilder.float32(), optional), Float::valueOf);
            case "float8":
                return new ColumnType(build(SchemaBuilder.float64(), optional), Double::valueOf);
            case "numeric":
                return numeric(typmod, optional);
            case "text":
            case "varchar":
            case "bpchar":
            case "char":
            case "name":
                return text(null, optional);
            case "bytea":
                return new ColumnType(build(binary.builder(), optional), s -> binary.convert(bytea(s)));
            case "date":
                return new ColumnType(
                        build(Date.builder(), optional),
                        s -> new java.util.Date(TemporalText.date(s).toEpochDay() * 86_400_000L));
            case "time":
                return new ColumnType(
                        build(Time.builder(), optional), s -> new java.util.Date(TemporalText.timeMillis(s)));
            case "timestamp":
                return new ColumnType(
                        build(Timestamp.builder(), optional),
                        s -> new java.util.Date(TemporalText.timestamp(s)
                                .toInstant(java.time.ZoneOffset.UTC)
                                .toEpochMilli()));
            case "timestamptz":
                return new ColumnType(
                        named(SchemaBuilder.string(), "io.debezium.time.ZonedTimestamp", optional),
                        TemporalText::zonedTimestamp);
            case "timetz":
                return new ColumnType(
                        named(SchemaBuilder.string(), "io.debezium.time.ZonedTime", optional), TemporalText::zonedTime);
            case "interval":
                return intervalAsString
                        ? text("io.debezium.time.Interval", optional)
                        : new ColumnType(
                                named(SchemaBuilder.int64(), "io.debezium.time.MicroDuration", optional),
                                TemporalText::intervalMicros);
            case "uuid":
                return text("io.debezium.data.Uuid", optional);
            case "json":
            case "jsonb":
                return text("io.debezium.data.Json", optional);
            case "xml":
                return text("io.debezium.data.Xml", optional);
            default:
                return text(null, optional);
        }
    }

    private ColumnType numeric(int typmod, boolean optional) {
        if (typmod < 4) { // numeric without precision and scale: any scale per value
            return switch (decimals) {
                case PRECISE -> {
                    Schema schema = optional ? VARIABLE_SCALE_SCHEMA : REQUIRED_VARIABLE_SCALE_SCHEMA;
                    yield new ColumnType(schema, s -> variableScale(s, schema));
                }
                case DOUBLE -> new ColumnType(build(SchemaBuilder.float64(), optional), Double::valueOf);
                case STRING -> text(null, optional);
            };
        }
        int precision = ((typmod - 4) >> 16) & 0xffff;
        int scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024; // scale is an 11-bit signed field
        Schema schema = decimals.schema(precision, scale, optional);
        return new ColumnType(schema, s -> {
            if (isSpecial(s)) {
                if (decimals == DecimalHandlingMode.PRECISE) {
                    throw new IllegalArgumentException("numeric value '" + s + "' has no Decimal representation; "
                            + "use decimal.handling.mode=string or double");
                }
                return decimals == DecimalHandlingMode.DOUBLE ? Double.valueOf(s) : s;
            }
            return decimals.convert(new BigDecimal(s), scale);
        });
    }

    private static boolean isSpecial(String s) {
        return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
    }

    private static Schema variableScaleSchema(boolean optional) {
        SchemaBuilder b = SchemaBuilder.struct()
                .name(VARIABLE_SCALE_DECIMAL)
                .version(1)
                .doc("Variable scaled decimal")
                .field("scale", Schema.INT32_SCHEMA)
                .field("value", Schema.BYTES_SCHEMA);
        return optional ? b.optional().build() : b.build();
    }

    private static Object variableScale(String s, Schema schema) {
        if (isSpecial(s)) {
            throw new IllegalArgumentException("numeric value '" + s + "' has no decimal representation; "
                    + "use decimal.handling.mode=string or double");
        }
        BigDecimal d = new BigDecimal(s);
        return new Struct(schema)
                .put("scale", d.scale())
                .put("value", d.unscaledValue().toByteArray());
    }

    private static byte[] bytea(String s) {
        if (!s.startsWith("\\x")) {
            throw new IllegalArgumentException("bytea not in hex format (bytea_output must be 'hex')");
        }
        return HexFormat.of().parseHex(s, 2, s.length());
    }

    private static ColumnType text(String name, boolean optional) {
        return new ColumnType(named(SchemaBuilder.string(), name, optional), s -> s);
    }

    private static Schema named(SchemaBuilder b, String name, boolean optional) {
        if (name != null) {
            b.name(name).version(1);
        }
        return build(b, optional);
    }

    private static Schema build(SchemaBuilder b, boolean optional) {
        return optional ? b.optional().build() : b.build();
    }
}
