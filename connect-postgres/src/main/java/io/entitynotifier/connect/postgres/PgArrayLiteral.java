package io.entitynotifier.connect.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text of a one-dimensional PostgreSQL array ({@code {1,2,NULL}}, {@code {"a b","q\"t",NULL}}) into
 * element texts, null for NULL. Multi-dimensional arrays are rejected rather than flattened.
 */
final class PgArrayLiteral {

    private PgArrayLiteral() {}

    static List<String> elements(String text) {
        String s = text;
        if (s.startsWith("[")) { // explicit bounds: [0:2]={...}
            int eq = s.indexOf('=');
            s = s.substring(eq + 1);
        }
        if (s.length() < 2 || s.charAt(0) != '{' || s.charAt(s.length() - 1) != '}') {
            throw new IllegalArgumentException("not an array literal: " + text);
        }
        List<String> out = new ArrayList<>();
        if (s.length() == 2) {
            return out;
        }
        int i = 1;
        int end = s.length() - 1;
        while (i <= end) {
            char c = s.charAt(i);
            if (c == '{') {
                throw new IllegalArgumentException("multi-dimensional arrays are not supported: " + text);
            }
            StringBuilder sb = new StringBuilder();
            boolean quoted = false;
            if (c == '"') {
                quoted = true;
                i++;
                while (i < end && s.charAt(i) != '"') {
                    char q = s.charAt(i);
                    if (q == '\\') {
                        i++;
                        q = s.charAt(i);
                    }
                    sb.append(q);
                    i++;
                }
                i++; // closing quote
            } else {
                while (i < end && s.charAt(i) != ',') {
                    char q = s.charAt(i);
                    if (q == '\\') {
                        i++;
                        q = s.charAt(i);
                    }
                    sb.append(q);
                    i++;
                }
            }
            String element = sb.toString();
            out.add(!quoted && element.equalsIgnoreCase("NULL") ? null : element);
            i++; // the comma, or past the end
        }
        return out;
    }
}
