package io.entitynotifier.connect.sqlite.changelog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader;
import io.entitynotifier.connect.sqlite.schema.SqliteTable;

/**
 * The captured tables and every version of their definition seen while running. Change-log rows written before a
 * definition change (for example {@code ALTER TABLE ... ADD COLUMN}) are read with the version in force when they
 * were written; the version switch happens at the sequence number where the re-installed triggers took effect.
 */
public final class CapturedTables {

    private static final Logger log = LoggerFactory.getLogger(CapturedTables.class);

    private final SqliteSchemaReader reader;
    private final ChangeLogTriggers triggers;
    private final ConnectorRegistry registry;
    private final Map<String, NavigableMap<Long, SqliteTable>> versions = new HashMap<>();
    private long schemaVersion = -1;

    public CapturedTables(SqliteSchemaReader reader, LogLayout layout) {
        this.reader = reader;
        this.triggers = new ChangeLogTriggers(layout);
        this.registry = new ConnectorRegistry(layout);
    }

    public ChangeLogTriggers triggers() {
        return triggers;
    }

    /**
     * In one write transaction: registers the connector (refusing a second one with its identity), adopts the
     * one-connector-per-file change log when this connector owned it ({@code hasOffset}), (re)installs the
     * triggers of the captured tables and removes this connector's triggers from tables no longer captured. Never
     * touches another connector's log or triggers. Returns the names, ordered.
     *
     * @throws org.apache.kafka.connect.errors.ConnectException when a captured table lost this connector's triggers
     *                                                          (its changes since then were not captured)
     */
    public List<String> load(Connection c, boolean hasOffset) throws SQLException {
        versions.clear();
        ChangeLogTriggers.walMode(c);
        Map<String, Long> lost = new java.util.TreeMap<>();
        List<String> tables;
        boolean auto = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("BEGIN IMMEDIATE");
            try {
                registry.ensureTables(s);
                if (registry.register(c) && hasOffset) {
                    registry.adoptLegacy(c, s);
                }
                triggers.ensureLogTable(s);
                tables = reader.capturedTables(c);
                Map<String, Integer> installed = triggers.triggersByTable(c);
                Map<String, Long> known = registry.captured(c);
                for (String stale : installed.keySet()) {
                    if (!tables.contains(stale)) {
                        log.info("Removing change-log triggers from {}, which is no longer captured", stale);
                        triggers.uninstall(s, stale);
                    }
                }
                for (String gone : known.keySet()) {
                    if (!tables.contains(gone)) {
                        registry.forget(c, gone);
                    }
                }
                for (String t : tables) {
                    SqliteTable table = reader.read(c, t);
                    boolean hadTriggers = triggers.hasTriggers(c, t);
                    long seq = triggers.install(s, table);
                    if (!known.containsKey(t)) {
                        registry.recordCaptured(c, t, seq);
                    } else {
                        Long lostAfter = known.get(t);
                        if (lostAfter != null || !hadTriggers) {
                            if (lostAfter == null) {
                                registry.markLost(c, t, seq);
                                lostAfter = seq;
                            }
                            lost.put(t, lostAfter);
                        }
                    }
                    NavigableMap<Long, SqliteTable> v = new TreeMap<>();
                    v.put(Long.MIN_VALUE, table);
                    versions.put(t, v);
                }
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        } finally {
            c.setAutoCommit(auto);
        }
        if (!lost.isEmpty()) {
            Map.Entry<String, Long> first = lost.entrySet().iterator().next();
            throw registry.lostTriggers(first.getKey(), first.getValue());
        }
        schemaVersion = schemaVersion(c);
        return new ArrayList<>(tables);
    }

    /** The table's definition for a change-log row, or null when the table is not captured. */
    public SqliteTable forRow(String table, long seq) {
        NavigableMap<Long, SqliteTable> v = versions.get(table);
        if (v == null) {
            return null;
        }
        // Versions are keyed by the last sequence written under the previous definition.
        Entry<Long, SqliteTable> e = v.lowerEntry(seq);
        return e.getValue();
    }

    public SqliteTable current(String table) {
        NavigableMap<Long, SqliteTable> v = versions.get(table);
        return v == null ? null : v.lastEntry().getValue();
    }

    /**
     * Cheap check ({@code PRAGMA schema_version}) for definition changes; a captured table whose columns changed gets
     * new triggers and a new version.
     */
    public void refreshIfChanged(Connection c) throws SQLException {
        long now = schemaVersion(c);
        if (now == schemaVersion) {
            return;
        }
        for (Map.Entry<String, NavigableMap<Long, SqliteTable>> e : versions.entrySet()) {
            String t = e.getKey();
            SqliteTable old = e.getValue().lastEntry().getValue();
            SqliteTable fresh;
            try {
                fresh = reader.read(c, t);
            } catch (SQLException gone) {
                log.warn(
                        "Captured table {} can no longer be read ({}); its later changes are not captured",
                        t,
                        gone.getMessage());
                continue;
            }
            boolean rebuilt = !triggers.hasTriggers(c, t);
            if (rebuilt || !sameColumns(old, fresh)) {
                long lastOld = reinstall(c, t, fresh, rebuilt);
                e.getValue().put(lastOld, fresh);
                if (rebuilt) {
                    throw registry.lostTriggers(t, lastOld);
                }
                log.info(
                        "Table {} changed: columns {} -> {}; rows after change-log seq {} carry the new columns",
                        t,
                        old.schema().columnNames(),
                        fresh.schema().columnNames(),
                        lastOld);
            }
        }
        schemaVersion = schemaVersion(c);
    }

    /** New triggers for {@code t} in one write transaction; a table that had lost them is marked in the registry. */
    private long reinstall(Connection c, String t, SqliteTable fresh, boolean rebuilt) throws SQLException {
        boolean auto = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("BEGIN IMMEDIATE");
            try {
                long last = triggers.install(s, fresh);
                if (rebuilt) {
                    registry.markLost(c, t, last);
                }
                s.execute("COMMIT");
                return last;
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static boolean sameColumns(SqliteTable a, SqliteTable b) {
        if (a.schema().columns().size() != b.schema().columns().size()) {
            return false;
        }
        for (int i = 0; i < a.schema().columns().size(); i++) {
            var x = a.schema().columns().get(i);
            var y = b.schema().columns().get(i);
            if (!x.name().equals(y.name())
                    || !x.typeName().equalsIgnoreCase(y.typeName())
                    || x.primaryKey() != y.primaryKey()
                    || x.schema().isOptional() != y.schema().isOptional()) {
                return false;
            }
        }
        return true;
    }

    private static long schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA schema_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
