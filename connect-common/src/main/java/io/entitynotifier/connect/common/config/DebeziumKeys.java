package io.entitynotifier.connect.common.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Every configuration key Debezium 3.6 defines for its PostgreSQL, MySQL, MariaDB and Oracle connectors (the resource
 * {@code debezium-keys.tsv}) and what a connector of this suite does when one is set: a key in the connector's
 * {@link ConfigDef} is implemented; any other Debezium key is either accepted because it makes no difference here (the
 * resource {@code debezium-key-status.tsv} says why, and for which values) or refused by {@code validate} and at start
 * with an error on that key that says why and what to use instead. A Debezium key is therefore never silently ignored.
 *
 * <p>A patterned key (for example {@code column.mask.with.<N>.chars}) counts as implemented once the connector's
 * {@code ConfigDef} defines a key named by the pattern itself ({@code column.mask.with.<N>.chars}), which documents
 * it in docs/config. Keys Debezium does not define (Connect's, transforms', this suite's own) are left alone.
 */
public final class DebeziumKeys {

    /** A connector of this suite, by the Debezium connectors whose keys are its own. */
    public enum Family {
        POSTGRES("PostgreSQL", "postgres"),
        MYSQL("MySQL/MariaDB", "mysql", "mariadb"),
        ORACLE("Oracle", "oracle"),
        SQLITE("SQLite");

        private final String label;
        private final Set<String> debezium;

        Family(String label, String... debezium) {
            this.label = label;
            this.debezium = Set.of(debezium);
        }

        public String label() {
            return label;
        }

        /** The Debezium connectors (as named in debezium-keys.tsv) whose keys this connector takes. */
        public Set<String> debeziumConnectors() {
            return debezium;
        }
    }

    /** What happens to a Debezium key here. */
    public enum Verdict {
        /** In the connector's ConfigDef: Debezium's meaning. */
        IMPLEMENTED,
        /** Accepted (with any value, or with the values given) because it makes no difference here. */
        NO_EFFECT,
        /** Refused by validate and at start. */
        REFUSED,
        /** Not a Debezium key: none of this class's business. */
        NOT_DEBEZIUM
    }

    /** A key or pattern of the catalogue and the Debezium connectors that define it. */
    public record Entry(String key, Set<String> connectors, Pattern pattern) {
        /** The literal characters of the key: a more specific pattern has more. */
        int specificity() {
            return key.replaceAll("<[^>]*>", "").length();
        }
    }

    /**
     * A line of debezium-key-status.tsv. {@code accepted} is null when every value is accepted, empty when the key is
     * always refused, otherwise the accepted values in lower case ({@code ""} for {@code <empty>}).
     */
    public record Rule(String match, Set<String> accepted, String reason) {
        boolean prefix() {
            return match.endsWith("*");
        }
    }

    /** The verdict on one key (and value), the reason, and the catalogue entry it matched (null if none). */
    public record Status(Verdict verdict, String reason, Entry entry, Rule rule) {}

    private static final List<Entry> CATALOGUE = readCatalogue();
    private static final List<Rule> RULES = readRules();

    private DebeziumKeys() {}

    /** The catalogue in file order: exact keys first, then patterns. */
    public static List<Entry> catalogue() {
        return CATALOGUE;
    }

    /** The lines of debezium-key-status.tsv in file order. */
    public static List<Rule> rules() {
        return RULES;
    }

    /** The Debezium catalogue entry {@code key} is, or matches; null if Debezium does not define it. */
    public static Entry entry(String key) {
        Entry best = null;
        for (Entry e : CATALOGUE) {
            if (e.key().equals(key)) {
                return e; // a key, or a pattern named as itself (for the documentation)
            }
            if (e.pattern() != null
                    && e.pattern().matcher(key).matches()
                    && (best == null || e.specificity() > best.specificity())) {
                best = e;
            }
        }
        return best;
    }

    /** The status line that applies to {@code key} (exact, its pattern, or the longest prefix); null if none. */
    public static Rule rule(String key, Entry entry) {
        Rule best = null;
        for (Rule r : RULES) {
            if (r.match().equals(key) || (entry != null && r.match().equals(entry.key()))) {
                return r;
            }
            if (r.prefix() && key.startsWith(r.match().substring(0, r.match().length() - 1))) {
                if (best == null || r.match().length() > best.match().length()) {
                    best = r;
                }
            }
        }
        return best;
    }

    /**
     * What {@code family}'s connector, whose keys are {@code def}, does with {@code key}. {@code value} is the value
     * set, or null to describe the key without one (for the documentation: then a key accepted only with some values
     * is {@link Verdict#NO_EFFECT} and the rule lists them).
     */
    public static Status status(Family family, ConfigDef def, String key, String value) {
        Entry entry = entry(key);
        if (def.configKeys().containsKey(key)
                || (entry != null && def.configKeys().containsKey(entry.key()))
                // column.mask.with.<N>.chars, column.mask.hash[.v2].<alg>.with.salt.<salt>,
                // column.truncate.to.<N>.chars:
                // pattern keys, honoured by every connector through ColumnMappers (not ConfigDef keys)
                || io.entitynotifier.connect.common.schema.ColumnMappers.isMapperKey(key)) {
            return new Status(Verdict.IMPLEMENTED, null, entry, null);
        }
        if (entry == null) {
            return new Status(Verdict.NOT_DEBEZIUM, null, null, null);
        }
        if (entry.connectors().stream().noneMatch(family.debeziumConnectors()::contains)) {
            String reason = family == Family.SQLITE
                    ? "SQLite has no Debezium connector and this connector does not implement this setting of Debezium's "
                            + connectorNames(entry.connectors()) + " connector"
                    : "a setting of Debezium's " + connectorNames(entry.connectors()) + " connector, not of its "
                            + family.label() + " connector, and this connector does not implement it";
            return new Status(Verdict.REFUSED, reason, entry, null);
        }
        Rule rule = rule(key, entry);
        if (rule == null) {
            return new Status(Verdict.REFUSED, "not implemented by this connector; remove it", entry, null);
        }
        if (rule.accepted() == null) {
            return new Status(Verdict.NO_EFFECT, rule.reason(), entry, rule);
        }
        if (rule.accepted().isEmpty()) {
            return new Status(Verdict.REFUSED, rule.reason(), entry, rule);
        }
        if (value == null || rule.accepted().contains(value.trim().toLowerCase(Locale.ROOT))) {
            return new Status(Verdict.NO_EFFECT, rule.reason(), entry, rule);
        }
        return new Status(
                Verdict.REFUSED, "only " + acceptedText(rule) + " is supported (" + rule.reason() + ")", entry, rule);
    }

    /**
     * The refusals for {@code props}: key to error message, in key order. Also refuses the keys of the custom
     * converters and post processors named in {@code converters} / {@code post.processors} ({@code <name>.type} ...).
     */
    public static Map<String, String> refusals(Family family, ConfigDef def, Map<?, ?> props) {
        Map<String, String> out = new java.util.TreeMap<>();
        Set<String> pluginNames = new LinkedHashSet<>();
        for (String listKey : List.of("converters", "post.processors")) {
            Object names = props.get(listKey);
            if (names != null && !def.configKeys().containsKey(listKey)) {
                for (String n : names.toString().split(",")) {
                    if (!n.isBlank()) {
                        pluginNames.add(n.trim());
                    }
                }
            }
        }
        for (Map.Entry<?, ?> p : props.entrySet()) {
            String key = String.valueOf(p.getKey());
            Object v = p.getValue();
            Status s = status(family, def, key, v == null ? null : v.toString());
            if (s.verdict() == Verdict.REFUSED) {
                out.put(key, message(key, s.reason()));
            } else if (s.verdict() == Verdict.NOT_DEBEZIUM) {
                int dot = key.indexOf('.');
                if (dot > 0
                        && pluginNames.contains(key.substring(0, dot))
                        && !def.configKeys().containsKey(key)) {
                    out.put(
                            key,
                            message(key, "a setting of a custom converter or post processor, which are not supported"));
                }
            }
        }
        return out;
    }

    /**
     * Adds an error to each refused key of {@code props} in the {@code validate()} result {@code result} (whose values
     * by name are {@code values}). A refused key is not in the ConfigDef, so it gets a new entry in the result.
     */
    public static void validate(
            Family family, ConfigDef def, Map<String, String> props, Config result, Map<String, ConfigValue> values) {
        refusals(family, def, props).forEach((k, m) -> {
            ConfigValue v = values.get(k);
            if (v == null) {
                v = new ConfigValue(k, props.get(k), new ArrayList<>(), new ArrayList<>());
                values.put(k, v);
                result.configValues().add(v);
            }
            v.addErrorMessage(m);
        });
    }

    /** Fails with the first refusal (and the number of others): for connector and task start. */
    public static void enforce(Family family, ConfigDef def, Map<?, ?> props) {
        Map<String, String> refused = refusals(family, def, props);
        if (!refused.isEmpty()) {
            Map.Entry<String, String> first = refused.entrySet().iterator().next();
            String more =
                    refused.size() > 1 ? " (and " + (refused.size() - 1) + " more: " + refused.keySet() + ")" : "";
            throw new ConfigException(first.getValue() + more);
        }
    }

    static String message(String key, String reason) {
        return "'" + key + "' is a Debezium setting that this connector refuses: " + reason;
    }

    static String acceptedText(Rule rule) {
        return String.join(
                " or ",
                rule.accepted().stream()
                        .map(v -> v.isEmpty() ? "an empty value" : "'" + v + "'")
                        .toList());
    }

    static String connectorNames(Set<String> connectors) {
        List<String> names = new ArrayList<>();
        for (String c : List.of("postgres", "mysql", "mariadb", "oracle")) {
            if (connectors.contains(c)) {
                names.add(
                        switch (c) {
                            case "postgres" -> "PostgreSQL";
                            case "mysql" -> "MySQL";
                            case "mariadb" -> "MariaDB";
                            default -> "Oracle";
                        });
            }
        }
        return String.join("/", names);
    }

    /** {@code <N>} is a number, any other {@code <...>} any text; the rest is literal. */
    static Pattern patternOf(String template) {
        if (!template.contains("<")) {
            return null;
        }
        StringBuilder re = new StringBuilder();
        Matcher m = Pattern.compile("<([^>]*)>").matcher(template);
        int last = 0;
        while (m.find()) {
            re.append(Pattern.quote(template.substring(last, m.start())));
            re.append("N".equals(m.group(1)) ? "\\d+" : ".+");
            last = m.end();
        }
        re.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(re.toString());
    }

    private static List<Entry> readCatalogue() {
        List<Entry> out = new ArrayList<>();
        for (String[] f : lines("debezium-keys.tsv", 2)) {
            out.add(new Entry(f[0], Set.copyOf(Arrays.asList(f[1].split(","))), patternOf(f[0])));
        }
        return List.copyOf(out);
    }

    private static List<Rule> readRules() {
        List<Rule> out = new ArrayList<>();
        for (String[] f : lines("debezium-key-status.tsv", 3)) {
            Set<String> accepted;
            if ("*".equals(f[1])) {
                accepted = null;
            } else if ("-".equals(f[1])) {
                accepted = Set.of();
            } else {
                accepted = new LinkedHashSet<>();
                for (String v : f[1].split(",")) {
                    accepted.add("<empty>".equals(v) ? "" : v.trim().toLowerCase(Locale.ROOT));
                }
            }
            out.add(new Rule(f[0], accepted, f[2]));
        }
        return List.copyOf(out);
    }

    private static List<String[]> lines(String resource, int columns) {
        List<String[]> out = new ArrayList<>();
        InputStream in = DebeziumKeys.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != columns || Arrays.stream(f).anyMatch(String::isBlank)) {
                    throw new IllegalStateException(
                            resource + " line " + n + ": expected " + columns + " tab-separated columns");
                }
                out.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
