package io.entitynotifier.connect.oracle.logminer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes the log writer put all redo generated so far into the online log files before a mining round: LogMiner reads
 * the files, and redo of open transactions can sit in the log buffer for a while. A committed update of a one-row
 * table does it (a commit returns once the log writer has written the buffer up to the commit, in order), so every
 * change up to the SCN read just before is then visible to LogMiner. Same approach and table name as Debezium's
 * {@code log.mining.flush.table.name}.
 */
public final class LogWriterFlush {

    private final String table;
    private String owner;

    /** @param table a plain identifier (validated by the config) in the connector user's schema */
    public LogWriterFlush(String table) {
        this.table = table;
    }

    /** Creates the table with its single row when missing; returns its owner (the session's schema). */
    public String prepare(Connection c) throws SQLException {
        owner = c.getSchema();
        long rows;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            rows = rs.getLong(1);
        } catch (SQLException missing) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (LAST_SCN NUMBER(19,0))");
            }
            rows = 0;
        }
        if (rows == 0) {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + table + " (LAST_SCN) VALUES (0)");
            }
            commit(c);
        }
        return owner;
    }

    public String owner() {
        return owner;
    }

    public String table() {
        return table;
    }

    public void flush(Connection c, long scn) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET LAST_SCN = ?")) {
            ps.setLong(1, scn);
            ps.executeUpdate();
        }
        commit(c);
    }

    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
