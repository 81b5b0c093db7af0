package io.entitynotifier.connect.sqlite.changelog;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Parses the flat JSON objects the change-log triggers write: {@code {"col": value, ...}} where a value is null, an
 * integer (Long), a real (Double; SQLite writes the shortest text that reads back exactly), a string, or
 * {@code {"b":"<hex>"}} for a BLOB. Only this shape is accepted; anything else is reported with its position.
 */
public final class JsonRowParser {

    private static final HexFormat HEX = HexFormat.of();

    private final String s;
    private int i;

    private JsonRowParser(String s) {
        this.s = s;
    }

    public static Map<String, Object> parse(String json) {
        if (json == null) {
            return null;
        }
        JsonRowParser p = new JsonRowParser(json);
        Map<String, Object> row = p.object(true);
        p.ws();
        if (p.i != json.length()) {
            throw p.error("trailing characters");
        }
        return row;
    }

    private Map<String, Object> object(boolean top) {
        ws();
        expect('{');
        Map<String, Object> out = new HashMap<>();
        ws();
        if (peek() == '}') {
            i++;
            return out;
        }
        while (true) {
            ws();
            String key = string();
            ws();
            expect(':');
            ws();
            out.put(key, top ? value() : string());
            ws();
            char c = next();
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{') {
            Map<String, Object> blob = object(false);
            Object hex = blob.get("b");
            if (blob.size() != 1 || hex == null) {
                throw error("unexpected object value");
            }
            return HEX.parseHex((String) hex);
        }
        if (s.startsWith("null", i)) {
            i += 4;
            return null;
        }
        return number();
    }

    private Object number() {
        int start = i;
        boolean real = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                real = true;
            } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
                break;
            }
            i++;
        }
        if (start == i) {
            throw error("expected a value");
        }
        String text = s.substring(start, i);
        try {
            return real ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error("bad number '" + text + "'");
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw error("truncated \\u escape");
                    }
                    sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            i--;
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed change-log row at character " + i + ": " + what);
    }
}
