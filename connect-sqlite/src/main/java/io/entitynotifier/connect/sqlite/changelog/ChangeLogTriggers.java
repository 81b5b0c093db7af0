package io.entitynotifier.connect.sqlite.changelog;

import static io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader.literal;
import static io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader.quote;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.entitynotifier.connect.sqlite.SqliteConnectorConfig;

/**
 * SQLite has no change log, so the connector makes one: a table with an AUTOINCREMENT sequence, filled by
 * AFTER INSERT/UPDATE/DELETE triggers on each captured table with the old and new rows as JSON. The triggers run in
 * the writer's transaction, so a change and its log row commit together, and the sequence orders them by commit
 * (SQLite has one writer at a time). They stay installed while the connector is stopped, so nothing written
 * meanwhile is missed.
 */
public final class ChangeLogTriggers {

    static final String LOG = quote(SqliteConnectorConfig.CHANGELOG_TABLE);
    /** Milliseconds since the epoch, at the change. */
    private static final String NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
    /** SQLite's default limit on function arguments is 127; stay well under it per json_object call. */
    private static final int COLUMNS_PER_OBJECT = 60;

    private ChangeLogTriggers() {
    }

    /** Creates the change-log table if needed and puts the file in WAL mode (readers then never block the writer). */
    public static void ensureLogTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                rs.next();
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + LOG + " (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "tbl TEXT NOT NULL, op TEXT NOT NULL, ts INTEGER NOT NULL, old_row TEXT, new_row TEXT)");
        }
    }

    /**
     * Replaces the three triggers of {@code table} with ones writing {@code columns}, in one write transaction, and
     * returns the last sequence number written before the new triggers took effect (rows after it carry the new
     * column set).
     */
    public static long install(Connection c, String table, List<String> columns) throws SQLException {
        boolean auto = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                drop(s, table);
                s.execute(trigger(table, "ins", "INSERT", "'c'", null, "NEW", columns));
                s.execute(trigger(table, "upd", "UPDATE", "'u'", "OLD", "NEW", columns));
                s.execute(trigger(table, "del", "DELETE", "'d'", "OLD", null, columns));
                long last = lastSeq(s);
                s.execute("COMMIT");
                return last;
            } catch (SQLException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Removes the triggers of a table that is no longer captured. */
    public static void uninstall(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            drop(s, table);
        }
    }

    /** Tables that carry this connector's triggers. */
    public static List<String> tablesWithTriggers(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT tbl_name FROM sqlite_schema WHERE type = 'trigger' "
                     + "AND name LIKE '" + SqliteConnectorConfig.TRIGGER_PREFIX.replace("_", "\\_") + "%' ESCAPE '\\'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The highest sequence number ever assigned (0 before the first change), even if purged since. */
    public static long lastSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            return lastSeq(s);
        }
    }

    private static long lastSeq(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = "
                + literal(SqliteConnectorConfig.CHANGELOG_TABLE) + "), 0)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void drop(Statement s, String table) throws SQLException {
        for (String kind : List.of("ins", "upd", "del")) {
            s.execute("DROP TRIGGER IF EXISTS " + quote(triggerName(table, kind)));
        }
    }

    static String triggerName(String table, String kind) {
        return SqliteConnectorConfig.TRIGGER_PREFIX + table + "_" + kind;
    }

    private static String trigger(String table, String kind, String event, String op, String oldRef, String newRef,
                                  List<String> columns) {
        return "CREATE TRIGGER " + quote(triggerName(table, kind)) + " AFTER " + event + " ON " + quote(table)
                + " BEGIN INSERT INTO " + LOG + " (tbl, op, ts, old_row, new_row) VALUES ("
                + literal(table) + ", " + op + ", " + NOW_MS + ", "
                + (oldRef == null ? "NULL" : rowJson(oldRef, columns)) + ", "
                + (newRef == null ? "NULL" : rowJson(newRef, columns)) + "); END";
    }

    /** JSON of one row image; BLOBs become {"b":"<hex>"} because JSON cannot hold bytes. */
    static String rowJson(String ref, List<String> columns) {
        List<String> objects = new ArrayList<>();
        for (int from = 0; from < columns.size(); from += COLUMNS_PER_OBJECT) {
            StringBuilder sb = new StringBuilder("json_object(");
            List<String> part = columns.subList(from, Math.min(columns.size(), from + COLUMNS_PER_OBJECT));
            for (int k = 0; k < part.size(); k++) {
                String col = ref + "." + quote(part.get(k));
                if (k > 0) {
                    sb.append(", ");
                }
                sb.append(literal(part.get(k))).append(", CASE typeof(").append(col)
                        .append(") WHEN 'blob' THEN json_object('b', hex(").append(col).append(")) ELSE ")
                        .append(col).append(" END");
            }
            objects.add(sb.append(')').toString());
        }
        String json = objects.get(0);
        for (int k = 1; k < objects.size(); k++) {
            json = "json_patch(" + json + ", " + objects.get(k) + ")";
        }
        return json;
    }
}
