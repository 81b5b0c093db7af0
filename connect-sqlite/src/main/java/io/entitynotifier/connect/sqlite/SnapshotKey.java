package io.entitynotifier.connect.sqlite;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.entitynotifier.connect.common.offset.SnapshotKeyText;
import io.entitynotifier.connect.sqlite.changelog.JsonRowParser;

/**
 * A snapshot key (rowid or primary-key values: Long, Double, String, byte[] or null) in the offset, written with
 * the project's one snapshot-key encoder ({@link SnapshotKeyText}). SQLite values carry their own type, so each
 * value's text starts with a type letter: {@code i<integer>}, {@code f<real>}, {@code s<text>}, {@code b<hex>},
 * {@code n} (null). Offsets written by earlier versions hold a JSON object ({@code {"0":v0,...}}) and are still read.
 */
public final class SnapshotKey {

    private SnapshotKey() {}

    public static String encode(List<Object> key) {
        if (key == null) {
            return null;
        }
        List<String> texts = new ArrayList<>(key.size());
        for (Object v : key) {
            if (v == null) {
                texts.add("n");
            } else if (v instanceof Long || v instanceof Integer) {
                texts.add("i" + v);
            } else if (v instanceof Double d) {
                texts.add("f" + d);
            } else if (v instanceof byte[] b) {
                texts.add("b" + HexFormat.of().formatHex(b));
            } else {
                texts.add("s" + v);
            }
        }
        return SnapshotKeyText.encode(texts);
    }

    /** @throws IllegalArgumentException naming the text, when it is neither format */
    public static List<Object> decode(String text) {
        if (text == null) {
            return null;
        }
        if (text.startsWith("{")) {
            return legacy(text);
        }
        List<Object> key = new ArrayList<>();
        for (String t : SnapshotKeyText.decode(text)) {
            char type = t.isEmpty() ? '?' : t.charAt(0);
            String v = t.isEmpty() ? "" : t.substring(1);
            key.add(
                    switch (type) {
                        case 'n' -> null;
                        case 'i' -> Long.parseLong(v);
                        case 'f' -> Double.parseDouble(v);
                        case 'b' -> HexFormat.of().parseHex(v);
                        case 's' -> v;
                        default ->
                            throw new IllegalArgumentException(
                                    "malformed snapshot key in the offset (type letter '" + type + "')");
                    });
        }
        return key;
    }

    /** The JSON object text of versions before the common encoder. */
    private static List<Object> legacy(String text) {
        Map<String, Object> m = JsonRowParser.parse(text);
        List<Object> key = new ArrayList<>(m.size());
        for (int i = 0; i < m.size(); i++) {
            key.add(m.get(Integer.toString(i)));
        }
        return key;
    }
}
