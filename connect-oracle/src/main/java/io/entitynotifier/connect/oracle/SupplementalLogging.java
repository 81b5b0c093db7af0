package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.entitynotifier.connect.common.schema.TableId;

/**
 * Checks that every captured table logs all its columns, database-wide or per table. Without it an update's redo
 * lacks the unchanged columns and the connector would stop at the first such update; checking up front names every
 * table to fix before anything runs.
 */
public final class SupplementalLogging {

    static final String DATABASE_SQL = "SELECT SUPPLEMENTAL_LOG_DATA_ALL FROM V$DATABASE";
    static final String TABLES_SQL =
            "SELECT OWNER, TABLE_NAME FROM ALL_LOG_GROUPS " + "WHERE LOG_GROUP_TYPE = 'ALL COLUMN LOGGING'";

    private SupplementalLogging() {}

    /** The tables of {@code captured} whose updates would lack unchanged columns. */
    public static List<TableId> missingAllColumns(Connection c, List<TableId> captured) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DATABASE_SQL);
                ResultSet rs = ps.executeQuery()) {
            if (rs.next() && "YES".equalsIgnoreCase(rs.getString(1))) {
                return List.of();
            }
        }
        Set<String> logged = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(TABLES_SQL);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                logged.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return captured.stream()
                .filter(t -> !logged.contains(t.schema() + "." + t.table()))
                .toList();
    }

    public static String advice(List<TableId> tables) {
        StringBuilder sb = new StringBuilder("supplemental logging of all columns is not enabled for ")
                .append(tables)
                .append("; run ");
        for (int i = 0; i < tables.size(); i++) {
            TableId t = tables.get(i);
            sb.append(i == 0 ? "" : "; ")
                    .append("ALTER TABLE \"")
                    .append(t.schema())
                    .append("\".\"")
                    .append(t.table())
                    .append("\" ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS");
        }
        return sb.toString();
    }
}
