package io.entitynotifier.connect.common.testing.debezium;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * Field-by-field comparison of two Connect schemas (type, name, version, doc, parameters, optional, default, fields in
 * order, element/key/value schemas) and of two JSON payloads under a schema. Each difference is reported to a sink as
 * (path, description); names are compared after each side's topic prefix was replaced by a placeholder.
 */
final class ConnectDiff {

    private final UnaryOperator<String> leftNames;
    private final UnaryOperator<String> rightNames;
    private final Set<String> ignored;
    private final String left;
    private final String right;

    ConnectDiff(
            String left,
            UnaryOperator<String> leftNames,
            String right,
            UnaryOperator<String> rightNames,
            Set<String> ignoredPaths) {
        this.left = left;
        this.right = right;
        this.leftNames = leftNames;
        this.rightNames = rightNames;
        this.ignored = ignoredPaths;
    }

    /** Compares two schemas; only the named top-level fields of a struct when {@code onlyFields} is not null. */
    void schemas(String path, Schema a, Schema b, List<String> onlyFields, BiConsumer<String, String> out) {
        if (ignored.contains(path)) {
            return;
        }
        if (a == null || b == null) {
            if (a != b) {
                out.accept(path, "schema " + left + "=" + describe(a) + " " + right + "=" + describe(b));
            }
            return;
        }
        if (onlyFields == null) {
            if (a.type() != b.type()) {
                out.accept(path, "type " + left + "=" + describe(a) + " " + right + "=" + describe(b));
                return;
            }
            check(path, "name", leftNames.apply(a.name()), rightNames.apply(b.name()), out);
            check(path, "version", a.version(), b.version(), out);
            check(path, "doc", a.doc(), b.doc(), out);
            check(path, "parameters", params(a.parameters()), params(b.parameters()), out);
            check(path, "optional", a.isOptional(), b.isOptional(), out);
            if (!Objects.deepEquals(a.defaultValue(), b.defaultValue())) {
                out.accept(
                        path,
                        "default " + left + "=" + render(a.defaultValue()) + " " + right + "="
                                + render(b.defaultValue()));
            }
        }
        switch (a.type()) {
            case STRUCT -> {
                List<String> an = a.fields().stream().map(Field::name).toList();
                List<String> bn = b.fields().stream().map(Field::name).toList();
                if (onlyFields == null && !an.equals(bn)) {
                    out.accept(path, "fields " + left + "=" + an + " " + right + "=" + bn);
                }
                for (Field f : a.fields()) {
                    if (onlyFields != null && !onlyFields.contains(f.name())) {
                        continue;
                    }
                    Field g = b.field(f.name());
                    String p = join(path, f.name());
                    if (g == null) {
                        out.accept(p, "field only in " + left);
                    } else {
                        schemas(p, f.schema(), g.schema(), null, out);
                    }
                }
            }
            case ARRAY -> schemas(path + "[]", a.valueSchema(), b.valueSchema(), null, out);
            case MAP -> {
                schemas(path + "{key}", a.keySchema(), b.keySchema(), null, out);
                schemas(path + "{value}", a.valueSchema(), b.valueSchema(), null, out);
            }
            default -> {}
        }
    }

    /** Compares two payloads under the left side's schema (the reference). */
    void values(
            String path,
            Schema schema,
            JsonNode a,
            JsonNode b,
            List<String> onlyFields,
            BiConsumer<String, String> out) {
        if (ignored.contains(path)) {
            return;
        }
        boolean aNull = a == null || a.isNull();
        boolean bNull = b == null || b.isNull();
        if (aNull || bNull) {
            if (aNull != bNull) {
                out.accept(path, "value " + left + "=" + render(schema, a) + " " + right + "=" + render(schema, b));
            }
            return;
        }
        if (schema != null && schema.type() == Schema.Type.STRUCT && a.isObject() && b.isObject()) {
            for (Field f : schema.fields()) {
                if (onlyFields == null || onlyFields.contains(f.name())) {
                    values(join(path, f.name()), f.schema(), a.get(f.name()), b.get(f.name()), null, out);
                }
            }
            return;
        }
        if (schema != null && schema.type() == Schema.Type.ARRAY && a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                out.accept(
                        path,
                        "array length " + left + "=" + a.size() + " " + right + "=" + b.size() + ": " + left + "="
                                + render(schema, a) + " " + right + "=" + render(schema, b));
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                values(path + "[" + i + "]", schema.valueSchema(), a.get(i), b.get(i), null, out);
            }
            return;
        }
        if (!a.equals(b)) {
            out.accept(path, "value " + left + "=" + render(schema, a) + " " + right + "=" + render(schema, b));
        }
    }

    private void check(String path, String what, Object a, Object b, BiConsumer<String, String> out) {
        if (!Objects.equals(a, b)) {
            out.accept(path, what + " " + left + "=" + a + " " + right + "=" + b);
        }
    }

    private static Map<String, String> params(Map<String, String> p) {
        return p == null || p.isEmpty() ? null : new java.util.TreeMap<>(p);
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String describe(Schema s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder(s.type().toString());
        if (s.name() != null) {
            sb.append(' ').append(s.name());
        }
        if (s.type() == Schema.Type.ARRAY) {
            sb.append('<').append(describe(s.valueSchema())).append('>');
        }
        return sb.append(s.isOptional() ? " optional" : " required").toString();
    }

    private static String render(Object v) {
        if (v instanceof byte[] bytes) {
            return "0x" + java.util.HexFormat.of().formatHex(bytes);
        }
        return String.valueOf(v);
    }

    /** The JSON text, with a Decimal's number added (its payload is base64 of the unscaled value). */
    static String render(Schema schema, JsonNode v) {
        if (v == null) {
            return "(absent)";
        }
        String text = v.toString();
        if (text.length() > 200) {
            text = text.substring(0, 200) + "...";
        }
        if (schema != null && "org.apache.kafka.connect.data.Decimal".equals(schema.name()) && v.isTextual()) {
            try {
                int scale = Integer.parseInt(schema.parameters().get("scale"));
                text += " (" + new BigDecimal(new BigInteger(Base64.getDecoder().decode(v.asText())), scale) + ")";
            } catch (RuntimeException e) {
                // not base64: leave the text as it is
            }
        }
        return text;
    }
}
