package io.entitynotifier.connect.oracle;

import java.util.List;

import io.entitynotifier.connect.common.schema.TableId;

/**
 * SQL for planning a parallel snapshot of a table with a primary key (groundwork for {@code snapshot.max.threads},
 * not wired yet): the bound query finds the key of the last row of the chunk after a bound (the row at offset
 * {@code chunkSize - 1}); the bounded chunk query reads the rows after the lower bound up to and including the upper
 * one. Both read as of the snapshot's SCN through the dialect, so the chunks a planner cuts are the chunks the
 * single-threaded reader reads.
 */
final class SnapshotChunkBounds {

    private SnapshotChunkBounds() {}

    /**
     * The key columns of the row {@code chunkSize - 1} rows after the bound (bound as k1, k1, k2, ...), or of the
     * table's {@code chunkSize}-th row; no row: fewer than {@code chunkSize} rows are left.
     */
    static String boundQuery(OracleTable table, OracleDialect dialect, long scn, boolean after, int chunkSize) {
        List<CapturedColumn> keys = requireKeys(table);
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append(SnapshotReader.quote(keys.get(i).name()));
        }
        from(sb, table, dialect, scn);
        if (after) {
            sb.append(" WHERE ");
            greaterThan(sb, keys);
        }
        orderBy(sb, keys);
        sb.append(" OFFSET ").append(chunkSize - 1).append(" ROWS FETCH NEXT 1 ROWS ONLY");
        return sb.toString();
    }

    /**
     * The rows after the lower bound (if {@code after}; bound as k1, k1, k2, ...) up to and including the upper bound
     * (bound after them as k1, k1, k2, ...).
     */
    static String boundedChunkQuery(OracleTable table, OracleDialect dialect, long scn, boolean after) {
        List<CapturedColumn> keys = requireKeys(table);
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < table.columns().size(); i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append(SnapshotReader.quote(table.columns().get(i).name()));
        }
        from(sb, table, dialect, scn);
        sb.append(" WHERE ");
        if (after) {
            sb.append('(');
            greaterThan(sb, keys);
            sb.append(") AND ");
        }
        // NOT (key > upper): key <= upper
        sb.append("NOT (");
        greaterThan(sb, keys);
        sb.append(')');
        orderBy(sb, keys);
        return sb.toString();
    }

    private static List<CapturedColumn> requireKeys(OracleTable table) {
        if (table.keyColumns().isEmpty()) {
            throw new IllegalArgumentException("table " + table.schema().id() + " has no primary key");
        }
        return table.keyColumns();
    }

    private static void from(StringBuilder sb, OracleTable table, OracleDialect dialect, long scn) {
        TableId id = table.schema().id();
        sb.append(" FROM ")
                .append(dialect.tableAsOf(
                        SnapshotReader.quote(id.schema()) + '.' + SnapshotReader.quote(id.table()), scn));
    }

    /** (k1 > ?) OR (k1 = ? AND k2 > ?) ...: Oracle lacks the row-value comparison. */
    private static void greaterThan(StringBuilder sb, List<CapturedColumn> keys) {
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "(" : " OR (");
            for (int j = 0; j < i; j++) {
                sb.append(SnapshotReader.quote(keys.get(j).name())).append(" = ? AND ");
            }
            sb.append(SnapshotReader.quote(keys.get(i).name())).append(" > ?)");
        }
    }

    private static void orderBy(StringBuilder sb, List<CapturedColumn> keys) {
        sb.append(" ORDER BY ");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append(SnapshotReader.quote(keys.get(i).name()));
        }
    }
}
