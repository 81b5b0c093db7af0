package io.entitynotifier.connect.postgres;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.postgres.Catalog.PgType;
import io.entitynotifier.connect.postgres.PostgresTypeMapper.ValueParser;

/**
 * A column's default expression as the schema default value Debezium's PostgreSQL connector gives it: a literal
 * ({@code 42}, {@code 'abc'::text}) is parsed like a value of the column; a function call ({@code nextval(...)},
 * {@code now()}) stands for a placeholder value of the type (0, '', epoch); other expressions and types Debezium
 * does not parse (bytea, money, domains, arrays, ...) give no default, nor does a value that becomes a struct.
 */
final class ColumnDefaults {

    private static final Pattern LITERAL = Pattern.compile("'(.*?)'");
    private static final Pattern FUNCTION = Pattern.compile("^[(]?[A-Za-z0-9_.]+\\((?:.+(?:, ?.+)*)?\\)");
    private static final Set<String> CURRENT_DATE_TIMES =
            Set.of("current_timestamp", "current_time", "current_date", "localtime", "localtimestamp");
    private static final Set<String> TRIMMED = Set.of(
            "bit",
            "varbit",
            "bool",
            "numeric",
            "float4",
            "float8",
            "int2",
            "int4",
            "int8",
            "uuid",
            "date",
            "time",
            "timestamp",
            "timestamptz",
            "interval");

    /** Placeholder text per type for a generated default (Debezium's), in the text form the parsers read. */
    private static final Map<String, String> GENERATED = Map.ofEntries(
            Map.entry("bit", "00"),
            Map.entry("varbit", "0"),
            Map.entry("bool", "false"),
            Map.entry("bpchar", ""),
            Map.entry("varchar", ""),
            Map.entry("text", ""),
            Map.entry("numeric", "0.0"),
            Map.entry("float4", "0.0"),
            Map.entry("float8", "0.0"),
            Map.entry("int2", "0"),
            Map.entry("int4", "0"),
            Map.entry("int8", "0"),
            Map.entry("json", "{}"),
            Map.entry("jsonb", "{}"),
            Map.entry("xml", ""),
            Map.entry("uuid", "00000000-0000-0000-0000-000000000000"),
            Map.entry("date", "1970-01-01"),
            Map.entry("time", "00:00:00"),
            Map.entry("timestamp", "1970-01-01 00:00:00"),
            Map.entry("timestamptz", "1970-01-01 00:00:00+00"));

    private ColumnDefaults() {}

    /** The default value for a column of type {@code type}, or null for none. */
    static Object value(PgType type, String expression, ValueParser parser) {
        String text = text(type, expression);
        if (text == null) {
            return null;
        }
        try {
            Object v = parser.parse(text);
            return v instanceof Struct ? null : v; // Debezium: a struct cannot be a default (KAFKA-12694)
        } catch (RuntimeException e) {
            return null; // Debezium: "Expression evaluation is not supported", no default
        }
    }

    /** The text of the default as a value of the column, or null when Debezium gives none. */
    static String text(PgType type, String expression) {
        if (expression == null || expression.startsWith("NULL::")) {
            return null;
        }
        if (type.kind() == 'e') {
            int cast = expression.lastIndexOf("::");
            String v = cast < 0 ? "" : expression.substring(0, cast);
            return v.length() >= 2 && v.startsWith("'") && v.endsWith("'") ? v.substring(1, v.length() - 1) : null;
        }
        if (type.kind() != 'b' || !"pg_catalog".equals(type.namespace())) {
            return null;
        }
        String name = type.name();
        if (name.equals("interval")) {
            return FUNCTION.matcher(expression.trim()).find() ? null : literal(expression.trim());
        }
        String generated = GENERATED.get(name);
        if (generated == null) {
            return null;
        }
        String e = TRIMMED.contains(name) ? expression.trim() : expression;
        if (FUNCTION.matcher(e).find() || CURRENT_DATE_TIMES.contains(e.toLowerCase(Locale.ROOT))) {
            return generated;
        }
        return literal(e);
    }

    /** A raw literal ({@code 1234}) as it is, a cast one ({@code '12'::bigint}) from inside its quotes. */
    private static String literal(String e) {
        if (!e.contains("'")) {
            return e;
        }
        Matcher m = LITERAL.matcher(e);
        return m.find() ? m.group(1) : null;
    }
}
