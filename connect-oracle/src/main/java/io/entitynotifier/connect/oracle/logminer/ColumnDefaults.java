package io.entitynotifier.connect.oracle.logminer;

import java.time.LocalDateTime;
import java.util.Locale;

import io.entitynotifier.connect.oracle.CapturedColumn;
import io.entitynotifier.connect.oracle.ColumnKind;

/**
 * A column's {@code DEFAULT} (ALL_TAB_COLUMNS.DATA_DEFAULT) as the default value of its field schema, with the rules
 * of Debezium 3.6.1's OracleDefaultValueConverter: literals of the character, numeric, temporal and interval types;
 * {@code SYSDATE} only on NOT NULL columns (as the epoch); {@code TO_DATE}/{@code TO_TIMESTAMP} evaluated (here by the
 * redo literal parser, where Debezium asks the database); anything else (other functions, expressions, RAW, ROWID,
 * XMLTYPE, variable-scale numbers, whose Struct Connect cannot hold as a default) has no default.
 */
public final class ColumnDefaults {

    private static final SqlRedoParser PARSER = new SqlRedoParser();

    private ColumnDefaults() {}

    /** The default value in the column's Connect representation, or null for none. Never throws. */
    public static Object of(CapturedColumn c, String dataDefault) {
        if (dataDefault == null) {
            return null;
        }
        String text = dataDefault.trim();
        if (text.isEmpty() || text.equalsIgnoreCase("NULL")) {
            return null;
        }
        try {
            return convert(c, text);
        } catch (RuntimeException e) {
            return null; // Debezium logs and leaves the default out; so do we (without the text)
        }
    }

    private static Object convert(CapturedColumn c, String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        switch (c.kind()) {
            case INT8, INT16, INT32, INT64, DECIMAL, FLOAT32, FLOAT64 -> {
                return c.fromString(unwrapParentheses(text));
            }
            case STRING -> {
                String type = c.column().dataType().toUpperCase(Locale.ROOT);
                if (type.equals("CHAR") || type.equals("NCHAR")) {
                    return pad(unquote(text), charLength(c));
                }
                return type.equals("ROWID") ? null : unquote(text);
            }
            case CLOB -> {
                return upper.equals("EMPTY_CLOB()") ? "" : text;
            }
            case BLOB -> {
                return upper.equals("EMPTY_BLOB()") ? c.fromBytes(new byte[0]) : null;
            }
            case TIMESTAMP, ZONED_TIMESTAMP, LOCAL_ZONED_TIMESTAMP -> {
                if (upper.equals("SYSDATE")) {
                    if (c.schema().isOptional()) {
                        return null;
                    }
                    return c.kind() == ColumnKind.TIMESTAMP
                            ? c.fromLocalDateTime(LocalDateTime.of(1970, 1, 1, 0, 0))
                            : "1970-01-01T00:00:00Z";
                }
                if (upper.startsWith("TO_DATE") || upper.startsWith("TO_TIMESTAMP")) {
                    return literal(c, text);
                }
                return null;
            }
            case INTERVAL_YEAR_MONTH, INTERVAL_DAY_SECOND -> {
                return text.length() > 2 && text.startsWith("'") && text.endsWith("'")
                        ? c.fromString(text.substring(1, text.length() - 1))
                        : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** A literal as LogMiner would write it, read by the same parser and converter as SQL_REDO values. */
    private static Object literal(CapturedColumn c, String text) {
        RedoStatement s = PARSER.parse("insert into \"D\".\"D\"(\"C\") values (" + text + ");");
        if (s.newValues().size() != 1) {
            return null;
        }
        return RedoRowDecoder.value(s.newValues().values().iterator().next(), c);
    }

    private static int charLength(CapturedColumn c) {
        Integer length = c.column().length();
        if (length == null) {
            return 0;
        }
        // DATA_LENGTH counts bytes: two per character for NCHAR (AL16UTF16)
        return c.column().dataType().equalsIgnoreCase("NCHAR") ? length / 2 : length;
    }

    private static String pad(String s, int length) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < length) {
            b.append(' ');
        }
        return b.toString();
    }

    private static String unwrapParentheses(String v) {
        while (v.startsWith("(") && v.endsWith(")")) {
            v = v.substring(1, v.length() - 1).trim();
        }
        return v;
    }

    /** Debezium's unquote: one pair of quotes (or of quotes in parentheses) is removed, nothing unescaped. */
    private static String unquote(String v) {
        if (v.startsWith("('") && v.endsWith("')")) {
            return v.substring(2, v.length() - 2);
        }
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
