package io.entitynotifier.connect.sqlite;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.entitynotifier.connect.sqlite.changelog.JsonRowParser;

/**
 * A snapshot key (rowid or primary-key values: Long, Double, String or byte[]) as text, because Connect offsets may
 * hold only primitive values. The text is a JSON object the change-log parser already reads: {@code {"0":v0,...}}.
 */
final class KeyText {

    private KeyText() {
    }

    static String encode(List<Object> key) {
        if (key == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < key.size(); i++) {
            Object v = key.get(i);
            sb.append(i > 0 ? "," : "").append('"').append(i).append("\":");
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Long || v instanceof Integer) {
                sb.append(v);
            } else if (v instanceof Double d) {
                sb.append(Double.isFinite(d) ? d.toString() : "null");
            } else if (v instanceof byte[] b) {
                sb.append("{\"b\":\"").append(HexFormat.of().formatHex(b)).append("\"}");
            } else {
                string(sb, v.toString());
            }
        }
        return sb.append('}').toString();
    }

    static List<Object> decode(String text) {
        if (text == null) {
            return null;
        }
        Map<String, Object> m = JsonRowParser.parse(text);
        List<Object> key = new ArrayList<>(m.size());
        for (int i = 0; i < m.size(); i++) {
            key.add(m.get(Integer.toString(i)));
        }
        return key;
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
