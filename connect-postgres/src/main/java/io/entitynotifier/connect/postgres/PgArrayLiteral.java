package io.entitynotifier.connect.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text of a one-dimensional PostgreSQL array ({@code {1,2,NULL}}, {@code {"a b","q\"t",NULL}}) into
 * element texts, null for NULL. In a multi-dimensional array each sub-array is one element, {@link #NESTED}.
 */
final class PgArrayLiteral {

    /** Stands for a sub-array of a multi-dimensional array (compare by identity). */
    static final String NESTED = new StringBuilder("{nested}").toString();

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
                i = skipSubArray(s, i);
                out.add(NESTED);
                i++; // the comma, or past the end
                continue;
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

    /** The index just past the sub-array starting at {@code start} (quotes and escapes respected). */
    private static int skipSubArray(String s, int start) {
        int depth = 0;
        boolean quoted = false;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '{') {
                depth++;
            } else if (!quoted && c == '}') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        throw new IllegalArgumentException("unbalanced array literal");
    }
}
