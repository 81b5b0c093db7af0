package io.entitynotifier.connect.sqlite.changelog;

import static io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader.literal;
import static io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.entitynotifier.connect.sqlite.schema.SqliteTable;

/**
 * SQLite has no change log, so each connector makes its own: a table with an AUTOINCREMENT sequence, filled by
 * AFTER INSERT/UPDATE/DELETE triggers on each captured table with the old and new rows as JSON. The triggers run in
 * the writer's transaction, so a change and its log row commit together, and the sequence orders them by commit
 * (SQLite has one writer at a time). They stay installed while the connector is stopped, so nothing written
 * meanwhile is missed. Names come from {@link LogLayout}, so connectors sharing a file never touch each other's.
 * Every method here runs inside the caller's write transaction.
 */
public final class ChangeLogTriggers {

    /** Milliseconds since the epoch, at the change. */
    private static final String NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
    /** SQLite's default limit on function arguments is 127; stay well under it per json_object call. */
    private static final int COLUMNS_PER_OBJECT = 60;

    private final LogLayout layout;
    private final String log;

    public ChangeLogTriggers(LogLayout layout) {
        this.layout = layout;
        this.log = quote(layout.logTable());
    }

    public LogLayout layout() {
        return layout;
    }

    /** Puts the file in WAL mode (readers then never block the writer); outside any transaction. */
    public static void walMode(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
            rs.next();
        }
    }

    /** Creates this connector's change-log table if needed. */
    public void ensureLogTable(Statement s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS " + log + " (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                + "tbl TEXT NOT NULL, op TEXT NOT NULL, ts INTEGER NOT NULL, old_row TEXT, new_row TEXT, "
                + "old_rowid INTEGER, new_rowid INTEGER)");
    }

    /** Adds the rowid columns to a log created by a version without them (the adopted one-per-file log). */
    static void addRowidColumns(Statement s, String logTable) throws SQLException {
        s.execute("ALTER TABLE " + quote(logTable) + " ADD COLUMN old_rowid INTEGER");
        s.execute("ALTER TABLE " + quote(logTable) + " ADD COLUMN new_rowid INTEGER");
    }

    /**
     * Replaces the three triggers of {@code table} with ones writing {@code columns} and returns the last sequence
     * number written before they took effect (rows after it carry the new column set).
     */
    public long install(Statement s, SqliteTable t) throws SQLException {
        String table = t.name();
        List<String> columns = t.schema().columnNames();
        drop(s, table);
        s.execute(trigger(table, "ins", "INSERT", "'c'", null, "NEW", columns, t.rowid()));
        s.execute(trigger(table, "upd", "UPDATE", "'u'", "OLD", "NEW", columns, t.rowid()));
        s.execute(trigger(table, "del", "DELETE", "'d'", "OLD", null, columns, t.rowid()));
        return lastSeq(s.getConnection());
    }

    /** Removes this connector's triggers of a table it no longer captures. */
    public void uninstall(Statement s, String table) throws SQLException {
        drop(s, table);
    }

    /** For each table carrying triggers that write into this connector's log: how many of them. */
    public Map<String, Integer> triggersByTable(Connection c) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tbl_name, count(*) FROM sqlite_schema "
                + "WHERE type = 'trigger' AND instr(sql, ?) > 0 GROUP BY tbl_name")) {
            ps.setString(1, "INSERT INTO " + log + " (");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** Whether {@code table} carries all three of this connector's triggers. */
    public boolean hasTriggers(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
                + "AND tbl_name = ? AND name IN (?, ?, ?)")) {
            ps.setString(1, table);
            for (int i = 0; i < 3; i++) {
                ps.setString(i + 2, layout.trigger(table, LogLayout.KINDS.get(i)));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 3;
            }
        }
    }

    /** The highest sequence number ever assigned in this connector's log (0 before the first), even if purged. */
    public long lastSeq(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COALESCE((SELECT seq FROM sqlite_sequence " + "WHERE name = ?), 0)")) {
            ps.setString(1, layout.logTable());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table: sqlite_sequence")) {
                return 0;
            }
            throw e;
        }
    }

    private void drop(Statement s, String table) throws SQLException {
        for (String kind : LogLayout.KINDS) {
            s.execute("DROP TRIGGER IF EXISTS " + quote(layout.trigger(table, kind)));
        }
    }

    private String trigger(
            String table,
            String kind,
            String event,
            String op,
            String oldRef,
            String newRef,
            List<String> columns,
            boolean rowid) {
        return "CREATE TRIGGER " + quote(layout.trigger(table, kind)) + " AFTER " + event + " ON " + quote(table)
                + " BEGIN INSERT INTO " + log + " (tbl, op, ts, old_row, new_row, old_rowid, new_rowid) VALUES ("
                + literal(table) + ", " + op + ", " + NOW_MS + ", "
                + (oldRef == null ? "NULL" : rowJson(oldRef, columns)) + ", "
                + (newRef == null ? "NULL" : rowJson(newRef, columns)) + ", "
                + (oldRef == null || !rowid ? "NULL" : oldRef + ".rowid") + ", "
                + (newRef == null || !rowid ? "NULL" : newRef + ".rowid") + "); END";
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
                sb.append(literal(part.get(k)))
                        .append(", CASE typeof(")
                        .append(col)
                        .append(") WHEN 'blob' THEN json_object('b', hex(")
                        .append(col)
                        .append(")) ELSE ")
                        .append(col)
                        .append(" END");
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
