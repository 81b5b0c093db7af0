package io.entitynotifier.connect.sqlite.changelog;

import java.util.List;

/**
 * The names one connector uses inside the database file, so that several connectors on one file never touch each
 * other's change log, triggers or registry rows. The identity is the connector's {@code topic.prefix} (which also
 * names its source partition and topics); its tag keeps only letters and digits (others become {@code _}).
 *
 * <ul>
 * <li>change log: {@code _entitynotifier_changes_<tag>}</li>
 * <li>triggers: {@code _entitynotifier_<tag>$<table>_ins|upd|del} (the tag holds no {@code $}, so no two
 * connectors' trigger names can be equal)</li>
 * <li>registry (shared, one row per connector or captured table): {@code _entitynotifier_connectors},
 * {@code _entitynotifier_captured}</li>
 * </ul>
 *
 * @param tag           the sanitized topic prefix
 * @param topicPrefix   the connector's topic prefix
 * @param connectorName the Connect connector name
 */
public record LogLayout(String tag, String topicPrefix, String connectorName) {

    /** Every object the connectors create starts with this. */
    public static final String PREFIX = "_entitynotifier_";
    /** The change log of versions that allowed one connector per file; adopted by that connector at its start. */
    public static final String LEGACY_LOG = PREFIX + "changes";

    public static final String CONNECTORS = PREFIX + "connectors";
    public static final String CAPTURED = PREFIX + "captured";
    static final List<String> KINDS = List.of("ins", "upd", "del");

    public static LogLayout of(String topicPrefix, String connectorName) {
        return new LogLayout(
                topicPrefix.replaceAll("[^A-Za-z0-9]", "_"),
                topicPrefix,
                connectorName == null ? topicPrefix : connectorName);
    }

    public String logTable() {
        return LEGACY_LOG + "_" + tag;
    }

    public String trigger(String table, String kind) {
        return PREFIX + tag + "$" + table + "_" + kind;
    }

    /** Whether {@code table} is one of the connectors' own tables (never captured). */
    public static boolean isInternal(String table) {
        return table.startsWith(PREFIX);
    }
}
