package io.entitynotifier.connect.sqlite.changelog;

import static io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows in the file that say which connector owns which names ({@code _entitynotifier_connectors}) and which
 * tables each one captures ({@code _entitynotifier_captured}: since which sequence, and whether the table lost the
 * connector's triggers). Two connectors with one identity on one file are refused; the change log of the versions
 * that allowed one connector per file is adopted by the connector that has offsets for it. Every method runs inside
 * the caller's write transaction.
 */
public final class ConnectorRegistry {

    private static final Logger log = LoggerFactory.getLogger(ConnectorRegistry.class);

    private final LogLayout layout;

    public ConnectorRegistry(LogLayout layout) {
        this.layout = layout;
    }

    public void ensureTables(Statement s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS " + LogLayout.CONNECTORS + " (tag TEXT PRIMARY KEY, "
                + "topic_prefix TEXT NOT NULL, connector TEXT NOT NULL, registered_ms INTEGER NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS " + LogLayout.CAPTURED + " (tag TEXT NOT NULL, tbl TEXT NOT NULL, "
                + "since_seq INTEGER NOT NULL, lost_after_seq INTEGER, PRIMARY KEY (tag, tbl))");
    }

    /**
     * Registers this connector's identity, or checks that the file's registration is this connector's. Returns
     * true when it registered now (first start under this layout).
     *
     * @throws ConnectException when another connector holds the identity
     */
    public boolean register(Connection c) throws SQLException {
        String conflict = conflict(c, layout, true);
        if (conflict != null) {
            throw new ConnectException(conflict);
        }
        if (registered(c, layout)) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + LogLayout.CONNECTORS
                + " (tag, topic_prefix, connector, registered_ms) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, layout.tag());
            ps.setString(2, layout.topicPrefix());
            ps.setString(3, layout.connectorName());
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
        }
        return true;
    }

    private static boolean registered(Connection c, LogLayout layout) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + LogLayout.CONNECTORS + " WHERE tag = ?")) {
            ps.setString(1, layout.tag());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Why {@code layout}'s identity is held by another connector in this file, or null when it is free or this
     * connector's (also used by validation, on a file with or without the registry).
     *
     * @param checkOwner whether the registered connector name must be {@code layout}'s (false when the name is not
     *                   known, as in a validation request without {@code name})
     */
    public static String conflict(Connection c, LogLayout layout, boolean checkOwner) throws SQLException {
        if (!tableExists(c, LogLayout.CONNECTORS)) {
            return null;
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT topic_prefix, connector FROM " + LogLayout.CONNECTORS + " WHERE tag = ?")) {
            ps.setString(1, layout.tag());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String prefix = rs.getString(1);
                    String owner = rs.getString(2);
                    if (!prefix.equals(layout.topicPrefix())) {
                        return ("topic.prefix '" + layout.topicPrefix() + "' and the topic.prefix '"
                                + prefix + "' of connector '" + owner + "' on this SQLite file both map to the "
                                + "change-log name " + layout.logTable() + "; give this connector a topic.prefix that "
                                + "differs in its letters or digits");
                    }
                    if (checkOwner && !owner.equals(layout.connectorName())) {
                        return ("connector '" + owner + "' already captures this SQLite file with "
                                + "topic.prefix '" + prefix
                                + "'; each connector on one file needs its own topic.prefix. "
                                + "If '" + owner + "' was deleted and this connector is to take over its change log, "
                                + "run DELETE FROM " + LogLayout.CONNECTORS + " WHERE tag = '" + layout.tag()
                                + "' on the file and restart this connector");
                    }
                }
            }
        }
        return null;
    }

    /**
     * Adopts the one-connector-per-file change log ({@code _entitynotifier_changes} and its triggers) as this
     * connector's, keeping its rows and sequence, when it exists and this connector's own log does not. The caller
     * installs this connector's triggers in the same transaction, so no write falls between the two.
     */
    public boolean adoptLegacy(Connection c, Statement s) throws SQLException {
        if (!tableExists(c, LogLayout.LEGACY_LOG) || tableExists(c, layout.logTable())) {
            return false;
        }
        List<String> legacyTriggers = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name FROM sqlite_schema WHERE type = 'trigger' " + "AND instr(sql, ?) > 0")) {
            ps.setString(1, "INSERT INTO " + quote(LogLayout.LEGACY_LOG) + " (");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    legacyTriggers.add(rs.getString(1));
                }
            }
        }
        for (String t : legacyTriggers) {
            s.execute("DROP TRIGGER " + quote(t));
        }
        // RENAME keeps the rows and moves the AUTOINCREMENT counter (sqlite_sequence) with the table.
        s.execute("ALTER TABLE " + quote(LogLayout.LEGACY_LOG) + " RENAME TO " + quote(layout.logTable()));
        ChangeLogTriggers.addRowidColumns(s, layout.logTable());
        log.info(
                "Adopted the change log {} (and replaced its {} triggers) as {} of connector {}",
                LogLayout.LEGACY_LOG,
                legacyTriggers.size(),
                layout.logTable(),
                layout.connectorName());
        return true;
    }

    /** The tables this connector captured before, each with the sequence after which it lost triggers (or null). */
    public Map<String, Long> captured(Connection c) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT tbl, lost_after_seq FROM " + LogLayout.CAPTURED + " WHERE tag = ?")) {
            ps.setString(1, layout.tag());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    long lost = rs.getLong(2);
                    out.put(table, rs.wasNull() ? null : lost);
                }
            }
        }
        return out;
    }

    public void recordCaptured(Connection c, String table, long sinceSeq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO " + LogLayout.CAPTURED + " (tag, tbl, since_seq) VALUES (?, ?, ?)")) {
            ps.setString(1, layout.tag());
            ps.setString(2, table);
            ps.setLong(3, sinceSeq);
            ps.executeUpdate();
        }
    }

    /** Marks that {@code table}'s changes before {@code seq} (since it lost its triggers) were not captured. */
    public void markLost(Connection c, String table, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + LogLayout.CAPTURED + " SET lost_after_seq = ? WHERE tag = ? AND tbl = ?")) {
            ps.setLong(1, seq);
            ps.setString(2, layout.tag());
            ps.setString(3, table);
            ps.executeUpdate();
        }
    }

    public void forget(Connection c, String table) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM " + LogLayout.CAPTURED + " WHERE tag = ? AND tbl = ?")) {
            ps.setString(1, layout.tag());
            ps.setString(2, table);
            ps.executeUpdate();
        }
    }

    /** The error for a table whose changes were not all captured: what happened, and what the operator can do. */
    public ConnectException lostTriggers(String table, long seq) {
        return new ConnectException("table main." + table + " lost the change-log triggers of this connector (it was "
                + "dropped and created again, or rebuilt by SQLite's create/copy/drop/rename ALTER TABLE procedure): "
                + "its changes between then and change-log seq " + seq + " were not captured and cannot be recovered. "
                + "The triggers are installed again and capture every change after seq " + seq + ". To accept the "
                + "gap and continue streaming, run UPDATE " + LogLayout.CAPTURED + " SET lost_after_seq = NULL WHERE "
                + "tag = '" + layout.tag() + "' AND tbl = '" + table.replace("'", "''") + "' on the file and restart "
                + "the task; to get the table's current rows into Kafka, snapshot it again with a new connector "
                + "(see docs/sqlite.md, Table rebuilds)");
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
