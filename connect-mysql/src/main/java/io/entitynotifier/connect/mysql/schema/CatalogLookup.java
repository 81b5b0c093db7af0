package io.entitynotifier.connect.mysql.schema;

import java.sql.Connection;
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

    /** {@code id}'s description for a schema-change event; null when the table is gone. */
    public TableDescription describe(TableId id) {
        SQLException first = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (connection == null) {
                    connection = connections.open();
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
