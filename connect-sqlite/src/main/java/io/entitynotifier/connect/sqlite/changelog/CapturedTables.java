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
    private final Map<String, NavigableMap<Long, SqliteTable>> versions = new HashMap<>();
    private long schemaVersion = -1;

    public CapturedTables(SqliteSchemaReader reader) {
        this.reader = reader;
    }

    /**
     * Reads the captured tables, (re)installs their triggers and removes this connector's triggers from tables no
     * longer captured. Returns the names, ordered.
     */
    public List<String> load(Connection c) throws SQLException {
        versions.clear();
        ChangeLogTriggers.ensureLogTable(c);
        List<String> tables = reader.capturedTables(c);
        for (String stale : ChangeLogTriggers.tablesWithTriggers(c)) {
            if (!tables.contains(stale)) {
                log.info("Removing change-log triggers from {}, which is no longer captured", stale);
                ChangeLogTriggers.uninstall(c, stale);
            }
        }
        for (String t : tables) {
            SqliteTable table = reader.read(c, t);
            ChangeLogTriggers.install(c, t, table.schema().columnNames());
            NavigableMap<Long, SqliteTable> v = new TreeMap<>();
            v.put(Long.MIN_VALUE, table);
            versions.put(t, v);
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
                log.warn("Captured table {} can no longer be read ({}); its later changes are not captured", t,
                        gone.getMessage());
                continue;
            }
            if (!sameColumns(old, fresh)) {
                long lastOld = ChangeLogTriggers.install(c, t, fresh.schema().columnNames());
                e.getValue().put(lastOld, fresh);
                log.info("Table {} changed: columns {} -> {}; rows after change-log seq {} carry the new columns",
                        t, old.schema().columnNames(), fresh.schema().columnNames(), lastOld);
            }
        }
        schemaVersion = schemaVersion(c);
    }

    private static boolean sameColumns(SqliteTable a, SqliteTable b) {
        if (a.schema().columns().size() != b.schema().columns().size()) {
            return false;
        }
        for (int i = 0; i < a.schema().columns().size(); i++) {
            var x = a.schema().columns().get(i);
            var y = b.schema().columns().get(i);
            if (!x.name().equals(y.name()) || !x.typeName().equalsIgnoreCase(y.typeName())
                    || x.primaryKey() != y.primaryKey() || x.schema().isOptional() != y.schema().isOptional()) {
                return false;
            }
        }
        return true;
    }

    private static long schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA schema_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
