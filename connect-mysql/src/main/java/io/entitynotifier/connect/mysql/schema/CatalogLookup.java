package io.entitynotifier.connect.mysql.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import io.entitynotifier.connect.common.schema.TableId;

/**
 * What the binlog reader asks information_schema when it builds a table's schema from a table map: the column
 * DEFAULTs and FLOAT(M,D) declarations, which table maps lack ({@link ColumnDefaults}). One connection, opened on
 * first use and reopened once when it failed. The catalog is read when a table's definition is first seen or after a
 * DDL statement, so while the connector catches up over several DDL statements that changed a default, events before
 * the last of them carry the default in force now (Debezium replays its schema history instead).
 */
public final class CatalogLookup implements AutoCloseable {

    /** Opens a JDBC connection to the server. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;
    private Connection connection;

    public CatalogLookup(Connections connections) {
        this.connections = connections;
    }

    /** The catalog entries of {@code id}'s columns by name; empty when the table is gone. */
    public Map<String, ColumnDefaults.Catalog> columns(TableId id) {
        SQLException first = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (connection == null) {
                    connection = connections.open();
                }
                return ColumnDefaults.read(connection, id);
            } catch (SQLException e) {
                first = first == null ? e : first;
                close();
            }
        }
        throw new IllegalStateException(
                "cannot read the column defaults of " + id + " from information_schema: " + first.getMessage(), first);
    }

    /**
     * {@code id}'s description for a schema-change event; null when the table is gone. A MySQL server sends a DDL
     * statement to binlog clients before its data-dictionary change is visible to other sessions (binlog sync comes
     * before the engine commit), so with a MySQL GTID ({@code uuid:n}) this first waits, up to 30 s, until the
     * server counts that GTID as executed.
     */
    public TableDescription describe(TableId id, String gtid) {
        SQLException first = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (connection == null) {
                    connection = connections.open();
                }
                if (gtid != null && gtid.indexOf(':') > 0) {
                    waitExecuted(connection, gtid);
                }
                return TableDescription.read(connection, id);
            } catch (SQLException e) {
                first = first == null ? e : first;
                close();
            }
        }
        throw new IllegalStateException(
                "cannot read the definition of " + id + " from information_schema: " + first.getMessage(), first);
    }

    private static void waitExecuted(Connection c, String gtid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, 30)")) {
            ps.setString(1, gtid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getInt(1) != 0) {
                    throw new SQLException("GTID " + gtid + " was not committed within 30 s");
                }
            }
        }
    }

    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // already broken
            }
        }
    }
}
