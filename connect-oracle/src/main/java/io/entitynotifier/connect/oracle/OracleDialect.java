package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import io.entitynotifier.connect.oracle.logminer.LogMinerSession;

/**
 * The SQL only a real Oracle database understands, kept behind one seam so that everything else (the SCN-window loop,
 * the LogMiner query, buffering, offsets, the snapshot's chunking) runs unchanged against a stand-in in tests.
 * Implementations need a public no-argument constructor ({@code database.dialect.class}).
 */
public interface OracleDialect {

    /** Session settings every connection gets before use (NLS formats the redo parser relies on). */
    void prepare(Connection connection) throws SQLException;

    /** Moves the session into another container of a multitenant database ({@code ALTER SESSION SET CONTAINER}). */
    void switchContainer(Connection connection, String container) throws SQLException;

    /** Issues DBMS_LOGMNR calls. */
    LogMinerSession logMinerSession();

    /**
     * The FROM item of snapshot queries reading {@code table} (quoted, schema-qualified) as of {@code scn}: every
     * column of the table and {@link #rowId()}, with the data committed at or before {@code scn} only.
     */
    String tableAsOf(String table, long scn);

    /** The row address snapshot queries of a key-less table select, compare and order by ({@code ROWID}). */
    String rowId();

    /** A bind parameter holding the text of a {@link #rowId()}, comparable with it. */
    String rowIdParameter();

    /**
     * Inserts one row into the signal table and commits it (the incremental snapshot's open and close watermarks). On
     * Oracle a plain {@code INSERT}, whose redo reaches the connector through LogMiner like any captured change; a
     * stand-in without redo of its own also writes the redo rows LogMiner would show.
     *
     * @param columns the signal table's id, type and data column names, as the dictionary spells them
     * @param values  their values
     */
    default void writeSignalRow(Connection c, String schema, String table, List<String> columns, List<String> values)
            throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ")
                .append(quote(schema))
                .append('.')
                .append(quote(table))
                .append(" (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i)));
        }
        sql.append(") VALUES (").append("?, ".repeat(columns.size() - 1)).append("?)");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                ps.setString(i + 1, values.get(i));
            }
            ps.executeUpdate();
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
