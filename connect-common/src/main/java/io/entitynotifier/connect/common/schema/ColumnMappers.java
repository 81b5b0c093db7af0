package io.entitynotifier.connect.common.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The column mappers of a connector's configuration, with Debezium's {@code ColumnMappers} rules: each key adds a rule
 * (comma-separated regular expressions, case-insensitive, matched against the whole {@code <namespace>.<table>.<column>}
 * name, or {@code <namespace>.<table>.<type name>} for {@code datatype.propagate.source.type}), and a column gets the
 * mapper of the first rule that matches it. Rules come in Debezium's order: truncations, fixed masks, column
 * propagation, data-type propagation, V1 hashes, V2 hashes; keys of one kind in name order.
 */
public final class ColumnMappers {

    public static final String PROPAGATE_COLUMN_SOURCE_TYPE = "column.propagate.source.type";
    public static final String PROPAGATE_DATATYPE_SOURCE_TYPE = "datatype.propagate.source.type";

    public static final Pattern TRUNCATE = Pattern.compile("column\\.truncate\\.to\\.(\\d+)\\.chars");
    public static final Pattern MASK = Pattern.compile("column\\.mask\\.with\\.(\\d+)\\.chars");
    private static final String ALG_AND_SALT = "(?<alg>[^.]+)\\.with\\.salt\\.(?<salt>.+)";
    public static final Pattern HASH_V1 = Pattern.compile("column\\.mask\\.hash\\." + ALG_AND_SALT);
    public static final Pattern HASH_V2 = Pattern.compile("column\\.mask\\.hash\\.v2\\." + ALG_AND_SALT);

    /** Any key that looks like a column mapper key, implemented or malformed (refused by {@link #problems}). */
    private static final Pattern ANY_MAPPER_KEY = Pattern.compile(
            "column\\.(mask|truncate)\\..*|column\\.propagate\\.source\\.type|datatype\\.propagate\\.source\\.type");

    private record Rule(List<Pattern> patterns, boolean byType, ColumnMapper mapper) {}

    private static final ColumnMappers NONE = new ColumnMappers(List.of());

    private final List<Rule> rules;

    private ColumnMappers(List<Rule> rules) {
        this.rules = rules;
    }

    public static ColumnMappers none() {
        return NONE;
    }

    /** True for {@code column.mask.*}, {@code column.truncate.*} and the two propagation keys. */
    public static boolean isMapperKey(String key) {
        return ANY_MAPPER_KEY.matcher(key).matches();
    }

    /**
     * Builds the rules from the connector's original settings.
     *
     * @throws IllegalArgumentException on a key {@link #problems} would refuse
     */
    public static ColumnMappers of(Map<String, ?> originals) {
        Map<String, String> keys = mapperKeys(originals);
        if (keys.isEmpty()) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        for (var e : keys.entrySet()) {
            Matcher m = TRUNCATE.matcher(e.getKey());
            if (m.matches()) {
                rules.add(rule(e.getValue(), false, ColumnMapper.truncate(count(e.getKey(), m.group(1)))));
            }
        }
        for (var e : keys.entrySet()) {
            Matcher m = MASK.matcher(e.getKey());
            if (m.matches()) {
                rules.add(rule(e.getValue(), false, ColumnMapper.mask("*".repeat(count(e.getKey(), m.group(1))))));
            }
        }
        if (keys.containsKey(PROPAGATE_COLUMN_SOURCE_TYPE)) {
            rules.add(rule(keys.get(PROPAGATE_COLUMN_SOURCE_TYPE), false, ColumnMapper.propagateSourceType()));
        }
        if (keys.containsKey(PROPAGATE_DATATYPE_SOURCE_TYPE)) {
            rules.add(rule(keys.get(PROPAGATE_DATATYPE_SOURCE_TYPE), true, ColumnMapper.propagateSourceType()));
        }
        for (boolean v2 : new boolean[] {false, true}) {
            for (var e : keys.entrySet()) {
                Matcher m = (v2 ? HASH_V2 : HASH_V1).matcher(e.getKey());
                if (m.matches()) {
                    HashMask hash = new HashMask(m.group("alg"), m.group("salt"), v2);
                    rules.add(rule(e.getValue(), false, ColumnMapper.hash(hash)));
                }
            }
        }
        return new ColumnMappers(List.copyOf(rules));
    }

    /**
     * What is wrong with the mapper keys of {@code originals}, as key → message (values are regular expressions of
     * column names, never data, so they may be named).
     */
    public static Map<String, String> problems(Map<String, ?> originals) {
        Map<String, String> out = new TreeMap<>();
        for (var e : mapperKeys(originals).entrySet()) {
            String key = e.getKey();
            Matcher truncate = TRUNCATE.matcher(key);
            Matcher mask = MASK.matcher(key);
            Matcher v1 = HASH_V1.matcher(key);
            Matcher v2 = HASH_V2.matcher(key);
            try {
                if (truncate.matches()) {
                    count(key, truncate.group(1));
                } else if (mask.matches()) {
                    count(key, mask.group(1));
                } else if (v2.matches()) {
                    HashMask.check(v2.group("alg"));
                } else if (v1.matches()) {
                    HashMask.check(v1.group("alg"));
                } else if (!key.equals(PROPAGATE_COLUMN_SOURCE_TYPE) && !key.equals(PROPAGATE_DATATYPE_SOURCE_TYPE)) {
                    out.put(
                            key,
                            "not a column mapper Debezium defines: use column.mask.with.<N>.chars, "
                                    + "column.mask.hash.<algorithm>.with.salt.<salt>, "
                                    + "column.mask.hash.v2.<algorithm>.with.salt.<salt> or column.truncate.to.<N>.chars");
                    continue;
                }
                TableFilter.compile(split(e.getValue()));
            } catch (IllegalArgumentException ex) {
                out.put(key, ex.getMessage());
            }
        }
        return out;
    }

    /** The mapper of the first rule matching {@code column} of {@code table}, or null. */
    public ColumnMapper mapperFor(TableId table, Column column) {
        if (rules.isEmpty()) {
            return null;
        }
        String byName = table.identifier() + "." + column.name();
        String byType = table.identifier() + "." + column.sourceTypeName();
        for (Rule r : rules) {
            String subject = r.byType() ? byType : byName;
            for (Pattern p : r.patterns()) {
                if (p.matcher(subject).matches()) {
                    return r.mapper();
                }
            }
        }
        return null;
    }

    private static Map<String, String> mapperKeys(Map<String, ?> originals) {
        Map<String, String> keys = new TreeMap<>();
        for (var e : originals.entrySet()) {
            if (isMapperKey(e.getKey()) && e.getValue() != null) {
                keys.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        return keys;
    }

    private static Rule rule(String value, boolean byType, ColumnMapper mapper) {
        return new Rule(TableFilter.compile(split(value)), byType, mapper);
    }

    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static int count(String key, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the number in " + key + " is too large", e);
        }
    }
}
