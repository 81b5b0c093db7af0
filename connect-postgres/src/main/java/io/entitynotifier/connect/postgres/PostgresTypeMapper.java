package io.entitynotifier.connect.postgres;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.postgres.Catalog.PgType;

/**
 * Maps a PostgreSQL column type (OID plus type modifier) to the Connect schema Debezium 3.6's PostgreSQL connector
 * gives it with the same settings, and to a parser from PostgreSQL's text representation to Debezium's value. A type
 * Debezium leaves out of its events (it has no converter for it and {@code include.unknown.datatypes} is off: box,
 * circle, path, tsquery, pg_lsn, money[], interval[], ... and unknown extension types) maps to null: the column is
 * left out here too. The table of types is in docs/postgres.md.
 */
public final class PostgresTypeMapper {

    /** Text of one value to its Connect value; never called with null. */
    @FunctionalInterface
    public interface ValueParser {
        Object parse(String text);
    }

    /** Schema and parser of one column. */
    public record ColumnType(Schema schema, ValueParser parser) {}

    /** The settings that change a schema or value, with Debezium's names. */
    public record Settings(
            DecimalHandlingMode decimals,
            boolean intervalAsString,
            BinaryHandlingMode binary,
            TimePrecisionMode time,
            boolean hstoreAsMap,
            int moneyFractionDigits) {

        public static Settings defaults() {
            return new Settings(
                    DecimalHandlingMode.PRECISE, false, BinaryHandlingMode.BYTES, TimePrecisionMode.ADAPTIVE, false, 2);
        }
    }

    /** The schema builder and parser of a type before optionality and default are applied. */
    private record Mapped(SchemaBuilder builder, ValueParser parser) {}

    /** Array element types Debezium has no array converter for: such columns are left out, as by Debezium. */
    private static final Set<String> UNSUPPORTED_ARRAY_ELEMENTS =
            Set.of("money", "name", "interval", "varbit", "bit", "xml", "point", "refcursor");

    private final Catalog catalog;
    private final Settings settings;

    public PostgresTypeMapper(Catalog catalog, Settings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    public PostgresTypeMapper(Catalog catalog, DecimalHandlingMode decimals, boolean intervalAsString) {
        this(
                catalog,
                new Settings(
                        decimals, intervalAsString, BinaryHandlingMode.BYTES, TimePrecisionMode.ADAPTIVE, false, 2));
    }

    /**
     * @param optional false for NOT NULL columns (Debezium's schema marks them required)
     * @return null when Debezium leaves a column of this type out of its events
     */
    public ColumnType map(int typeOid, int typmod, boolean optional) throws SQLException {
        return map(typeOid, typmod, optional, null);
    }

    /**
     * As {@link #map(int, int, boolean)}, with the column's default expression ({@code pg_get_expr} of
     * pg_attrdef, or null) turned into the schema's default value where Debezium does so ({@link ColumnDefaults}).
     */
    public ColumnType map(int typeOid, int typmod, boolean optional, String defaultExpression) throws SQLException {
        PgType t = catalog.type(typeOid);
        Mapped m = mapped(typeOid, typmod);
        if (m == null) {
            return null;
        }
        SchemaBuilder b = m.builder();
        if (defaultExpression != null) {
            Object dflt = ColumnDefaults.value(t, defaultExpression, m.parser());
            if (dflt != null) {
                b.defaultValue(dflt);
            }
        }
        Schema schema = optional ? b.optional().build() : b.build();
        return new ColumnType(schema, forSchema(m.parser(), schema));
    }

    /** A struct parser whose structs carry {@code schema} itself (Connect compares a struct's schema by equality). */
    private static ValueParser forSchema(ValueParser parser, Schema schema) {
        if (schema.type() != Schema.Type.STRUCT) {
            return parser;
        }
        return s -> {
            Struct v = (Struct) parser.parse(s);
            if (v == null) {
                return null;
            }
            Struct out = new Struct(schema);
            for (org.apache.kafka.connect.data.Field f : schema.fields()) {
                out.put(f, v.get(f.name()));
            }
            return out;
        };
    }

    private Mapped mapped(int typeOid, int typmod) throws SQLException {
        PgType t = catalog.type(typeOid);
        if (t.kind() == 'd') { // a domain: its base type, with the domain's modifier
            return mapped(t.baseOid(), t.baseTypmod());
        }
        if (t.kind() == 'e') {
            return new Mapped(enumBuilder(t), s -> s);
        }
        if (t.category() == 'A' && t.elementOid() != 0) {
            return array(t, typmod);
        }
        switch (t.name()) {
            case "hstore":
                return settings.hstoreAsMap()
                        ? new Mapped(
                                SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA),
                                PgValues::hstore)
                        : new Mapped(
                                named(SchemaBuilder.string(), "io.debezium.data.Json"),
                                s -> PgValues.hstoreJson(PgValues.hstore(s)));
            case "ltree":
                return new Mapped(named(SchemaBuilder.string(), "io.debezium.data.Ltree"), s -> s);
            case "citext":
            case "isbn":
                return new Mapped(SchemaBuilder.string(), s -> s);
            default:
                break;
        }
        if (!"pg_catalog".equals(t.namespace())) {
            return null; // an extension's type Debezium has no converter for
        }
        return builtIn(t.name(), typmod);
    }

    private Mapped builtIn(String name, int typmod) {
        switch (name) {
            case "bool":
                return new Mapped(SchemaBuilder.bool(), s -> s.equals("t") || s.equals("true"));
            case "int2":
                return new Mapped(SchemaBuilder.int16(), Short::valueOf);
            case "int4":
                return new Mapped(SchemaBuilder.int32(), Integer::valueOf);
            case "int8":
            case "oid":
                return new Mapped(SchemaBuilder.int64(), Long::valueOf);
            case "float4":
                return new Mapped(SchemaBuilder.float32(), Float::valueOf);
            case "float8":
                return new Mapped(SchemaBuilder.float64(), Double::valueOf);
            case "numeric":
                return numeric(typmod);
            case "money":
                return money();
            case "text":
            case "varchar":
            case "bpchar":
            case "char":
            case "name":
            case "inet":
            case "cidr":
            case "macaddr":
            case "macaddr8":
            case "int4range":
            case "int8range":
            case "numrange":
            case "tsrange":
            case "tstzrange":
            case "daterange":
                return new Mapped(SchemaBuilder.string(), s -> s);
            case "bytea":
                BinaryHandlingMode binary = settings.binary();
                return new Mapped(binary.builder(), s -> binary.convert(PgValues.bytea(s)));
            case "date":
                return settings.time() == TimePrecisionMode.CONNECT
                        ? new Mapped(Date.builder(), s -> new java.util.Date(TemporalText.epochDay(s) * 86_400_000L))
                        : new Mapped(named(SchemaBuilder.int32(), "io.debezium.time.Date"), TemporalText::epochDay);
            case "time":
                return time(precision(typmod));
            case "timestamp":
                return timestamp(precision(typmod));
            case "timestamptz":
                int digits = precision(typmod);
                return new Mapped(
                        named(SchemaBuilder.string(), "io.debezium.time.ZonedTimestamp"),
                        s -> TemporalText.zonedTimestamp(s, digits));
            case "timetz":
                return new Mapped(named(SchemaBuilder.string(), "io.debezium.time.ZonedTime"), TemporalText::zonedTime);
            case "interval":
                return settings.intervalAsString()
                        ? new Mapped(
                                named(SchemaBuilder.string(), "io.debezium.time.Interval"), TemporalText::intervalIso)
                        : new Mapped(
                                named(SchemaBuilder.int64(), "io.debezium.time.MicroDuration"),
                                TemporalText::intervalMicros);
            case "uuid":
                return new Mapped(named(SchemaBuilder.string(), "io.debezium.data.Uuid"), s -> s);
            case "json":
            case "jsonb":
                return new Mapped(named(SchemaBuilder.string(), "io.debezium.data.Json"), s -> s);
            case "xml":
                return new Mapped(named(SchemaBuilder.string(), "io.debezium.data.Xml"), s -> s);
            case "tsvector":
                return new Mapped(named(SchemaBuilder.string(), "io.debezium.data.Tsvector"), s -> s);
            case "bit":
            case "varbit":
                return bits(name, typmod);
            case "point":
                Schema point = PgValues.pointBuilder().build();
                return new Mapped(PgValues.pointBuilder(), s -> PgValues.point(s, point));
            default:
                return null; // box, circle, line, lseg, path, polygon, pg_lsn, tsquery, ...: not in Debezium's events
        }
    }

    private Mapped array(PgType t, int typmod) throws SQLException {
        PgType element = catalog.type(t.elementOid());
        if (element.kind() == 'd' || UNSUPPORTED_ARRAY_ELEMENTS.contains(element.name())) {
            return null;
        }
        Mapped e = mapped(t.elementOid(), typmod);
        if (e == null) {
            return null;
        }
        // Debezium's enum arrays have required elements; all other element schemas are optional.
        Schema elementSchema = element.kind() == 'e'
                ? e.builder().build()
                : e.builder().optional().build();
        ValueParser parser = forSchema(e.parser(), elementSchema);
        return new Mapped(SchemaBuilder.array(elementSchema), s -> {
            List<Object> out = new ArrayList<>();
            for (String item : PgArrayLiteral.elements(s)) {
                // A sub-array of a multi-dimensional array: Debezium cannot convert it and emits null for it.
                out.add(item == null || item == PgArrayLiteral.NESTED ? null : parser.parse(item));
            }
            return out;
        });
    }

    private static SchemaBuilder enumBuilder(PgType t) {
        return SchemaBuilder.string()
                .name("io.debezium.data.Enum")
                .version(1)
                .parameter("allowed", String.join(",", t.enumLabels()));
    }

    private Mapped numeric(int typmod) {
        DecimalHandlingMode decimals = settings.decimals();
        if (typmod < 4) { // numeric without precision and scale: any scale per value
            return switch (decimals) {
                case PRECISE -> {
                    Schema plain = PgValues.variableScaleBuilder().build();
                    yield new Mapped(PgValues.variableScaleBuilder(), s -> PgValues.variableScale(s, plain));
                }
                case DOUBLE -> new Mapped(SchemaBuilder.float64(), Double::valueOf);
                case STRING -> new Mapped(SchemaBuilder.string(), PgValues::numericString);
            };
        }
        int precision = ((typmod - 4) >> 16) & 0xffff;
        int scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024; // scale is an 11-bit signed field
        SchemaBuilder b = switch (decimals) {
            case PRECISE -> Decimal.builder(scale).parameter("connect.decimal.precision", Integer.toString(precision));
            case DOUBLE -> SchemaBuilder.float64();
            case STRING -> SchemaBuilder.string();
        };
        return new Mapped(b, s -> {
            if (PgValues.isSpecialNumeric(s)) {
                // Debezium: no Decimal for NaN/Infinity, a warning and an empty field; the other modes carry them.
                return switch (decimals) {
                    case PRECISE -> null;
                    case DOUBLE -> Double.valueOf(s);
                    case STRING -> PgValues.specialNumericName(s);
                };
            }
            return decimals.convert(new BigDecimal(s), scale);
        });
    }

    private Mapped money() {
        int digits = settings.moneyFractionDigits();
        return switch (settings.decimals()) {
            case PRECISE -> new Mapped(Decimal.builder(digits), s -> PgValues.money(s, digits));
            case DOUBLE ->
                new Mapped(
                        SchemaBuilder.float64(), s -> PgValues.money(s, digits).doubleValue());
            case STRING ->
                new Mapped(
                        SchemaBuilder.string(), s -> PgValues.money(s, digits).toPlainString());
        };
    }

    private static Mapped bits(String name, int typmod) {
        // bit(n)'s modifier is n; varbit without one is unbounded (Debezium: length 2147483647, not checked live).
        int length = typmod > 0 ? typmod : name.equals("bit") ? 1 : Integer.MAX_VALUE;
        if (length <= 1) {
            return new Mapped(SchemaBuilder.bool(), PgValues::bit);
        }
        return new Mapped(
                SchemaBuilder.bytes()
                        .name("io.debezium.data.Bits")
                        .version(1)
                        .parameter("length", Integer.toString(length)),
                PgValues::bits);
    }

    /** Fraction digits of a time/timestamp column: the modifier, 6 when there is none. */
    private static int precision(int typmod) {
        return typmod < 0 ? 6 : typmod;
    }

    private Mapped time(int precision) {
        TimePrecisionMode mode = settings.time();
        if (mode == TimePrecisionMode.CONNECT) {
            return new Mapped(Time.builder(), s -> new java.util.Date(TemporalText.timeMicros(s) / 1_000L));
        }
        return switch (mode.timeUnit(precision)) {
            case 'm' ->
                new Mapped(named(SchemaBuilder.int32(), "io.debezium.time.Time"), s ->
                        (int) (TemporalText.timeMicros(s) / 1_000L));
            case 'u' ->
                new Mapped(named(SchemaBuilder.int64(), "io.debezium.time.MicroTime"), TemporalText::timeMicros);
            default ->
                new Mapped(
                        named(SchemaBuilder.int64(), "io.debezium.time.NanoTime"),
                        s -> TemporalText.timeMicros(s) * 1_000L);
        };
    }

    private Mapped timestamp(int precision) {
        TimePrecisionMode mode = settings.time();
        if (mode == TimePrecisionMode.CONNECT) {
            return new Mapped(
                    Timestamp.builder(),
                    s -> new java.util.Date(Math.floorDiv(TemporalText.timestampMicros(s), 1_000L)));
        }
        return switch (mode.timestampUnit(precision)) {
            case 'm' ->
                new Mapped(
                        named(SchemaBuilder.int64(), "io.debezium.time.Timestamp"),
                        s -> Math.floorDiv(TemporalText.timestampMicros(s), 1_000L));
            case 'u' ->
                new Mapped(
                        named(SchemaBuilder.int64(), "io.debezium.time.MicroTimestamp"), TemporalText::timestampMicros);
            default ->
                new Mapped(
                        named(SchemaBuilder.int64(), "io.debezium.time.NanoTimestamp"), TemporalText::timestampNanos);
        };
    }

    private static SchemaBuilder named(SchemaBuilder b, String name) {
        return b.name(name).version(1);
    }
}
