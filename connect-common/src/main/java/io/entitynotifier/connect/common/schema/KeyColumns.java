package io.entitynotifier.connect.common.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code message.key.columns}, as Debezium's {@code Key.CustomKeyMapper}: {@code <table regex>:<col>,<col>;...}, each
 * {@code <table regex>.<col>} a case-insensitive regular expression matched against the whole
 * {@code <namespace>.<table>.<column>} name. A table matched by any of them is keyed by the matching columns (for each
 * expression in order, the matching columns in table order); any other table keeps its primary key.
 */
public final class KeyColumns {

    public static final String CONFIG = "message.key.columns";

    /** Debezium's {@code MSG_KEY_COLUMNS_PATTERN}. */
    public static final Pattern ENTRY = Pattern.compile("^\\s*([^:]+):([^:,]+(,[^:,]+)*)\\s*$");

    private static final KeyColumns NONE = new KeyColumns(List.of());

    private final List<Pattern> patterns;

    private KeyColumns(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    public static KeyColumns none() {
        return NONE;
    }

    /** @param value the setting, null or blank for none (validated by {@link #problems}) */
    public static KeyColumns parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        List<Pattern> out = new ArrayList<>();
        for (String entry : value.split(";")) {
            String[] parts = entry.split(":", 2);
            if (parts.length < 2) {
                continue;
            }
            for (String col : parts[1].split(",")) {
                out.add(Pattern.compile(parts[0].trim() + "." + col.trim(), Pattern.CASE_INSENSITIVE));
            }
        }
        return new KeyColumns(List.copyOf(out));
    }

    /** Debezium's messages: an empty value, or an entry that is not {@code table:col[,col...]}; null when fine. */
    public static String problems(String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            return "Must not be empty";
        }
        List<String> bad = new ArrayList<>();
        for (String entry : value.split(";")) {
            if (!ENTRY.matcher(entry).find()) {
                bad.add(entry + " has an invalid format (expecting '" + ENTRY.pattern() + "')");
                continue;
            }
            try {
                parse(entry);
            } catch (IllegalArgumentException e) {
                bad.add(entry + ": " + e.getMessage());
            }
        }
        return bad.isEmpty() ? null : String.join("; ", bad);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** True when {@code column} is one of the key columns {@code message.key.columns} gives {@code table}. */
    public boolean matches(TableId table, String column) {
        String name = table.identifier() + "." + column;
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The indexes in {@code columns} of the table's key columns: those {@code message.key.columns} names, or, when it
     * names none of them, the primary-key columns.
     */
    public int[] keyIndexes(TableId table, List<Column> columns) {
        List<Integer> out = new ArrayList<>();
        for (Pattern p : patterns) {
            for (int i = 0; i < columns.size(); i++) {
                if (!out.contains(i)
                        && p.matcher(table.identifier() + "." + columns.get(i).name())
                                .matches()) {
                    out.add(i);
                }
            }
        }
        if (out.isEmpty()) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).primaryKey()) {
                    out.add(i);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
