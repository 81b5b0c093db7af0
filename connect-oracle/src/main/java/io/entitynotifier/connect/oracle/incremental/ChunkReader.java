package io.entitynotifier.connect.oracle.incremental;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.connect.errors.ConnectException;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.oracle.CapturedColumn;
import io.entitynotifier.connect.oracle.JdbcValueReader;
import io.entitynotifier.connect.oracle.OracleTable;

/**
 * The SQL of an incremental snapshot: the table's largest key when its snapshot starts, and chunks of rows in
 * primary-key order after the last key delivered, up to that largest key, with the signal's additional condition.
 * Reads are plain (current) reads: the DBLog watermarks around each chunk, not a flashback SCN, make the chunk
 * consistent with the stream. Keys are the driver's values, as {@link io.entitynotifier.connect.oracle.SnapshotKey}
 * encodes them; the condition is the user's SQL, never logged.
 */
final class ChunkReader {

    /** The rows of one chunk (Connect values in column order) and their keys (driver values). */
    record Chunk(List<Object[]> rows, List<List<Object>> keys) {}

    private ChunkReader() {}

    /** The largest key of the table (within the condition), or null when it has no rows. */
    static List<Object> maxKey(Connection c, OracleTable table, String condition) throws SQLException {
        List<CapturedColumn> keys = table.keyColumns();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(keys.get(i).name()));
        }
        sql.append(" FROM ").append(from(table));
        if (condition != null) {
            sql.append(" WHERE (").append(condition).append(')');
        }
        sql.append(" ORDER BY ");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(keys.get(i).name())).append(" DESC");
        }
        sql.append(" FETCH FIRST 1 ROWS ONLY");
        try (PreparedStatement ps = c.prepareStatement(sql.toString());
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            List<Object> max = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                max.add(JdbcValueReader.raw(rs, i + 1, keys.get(i)));
            }
            return max;
        }
    }

    /** Up to {@code size} rows with keys after {@code after} (null: from the start) and at most {@code max}. */
    static Chunk read(Connection c, OracleTable table, List<Object> after, List<Object> max, String condition, int size)
            throws SQLException {
        List<CapturedColumn> keys = table.keyColumns();
        String sql = chunkQuery(table, after != null, condition, size);
        List<Object[]> rows = new ArrayList<>();
        List<List<Object>> rowKeys = new ArrayList<>();
        TableId id = table.schema().id();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(Math.min(size, 5_000));
            int p = 1;
            if (after != null) {
                p = bindAfter(ps, p, after);
            }
            bindAfter(ps, p, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[table.columns().size()];
                    Object[] raws = new Object[row.length];
                    for (int i = 0; i < row.length; i++) {
                        CapturedColumn col = table.columns().get(i);
                        raws[i] = JdbcValueReader.raw(rs, i + 1, col);
                        try {
                            row[i] = JdbcValueReader.connect(raws[i], col);
                        } catch (IllegalArgumentException e) {
                            throw new ConnectException("incremental snapshot of " + id + ": " + e.getMessage(), e);
                        }
                    }
                    List<Object> key = new ArrayList<>(keys.size());
                    for (CapturedColumn k : keys) {
                        key.add(raws[table.indexOf(k.name())]);
                    }
                    rows.add(row);
                    rowKeys.add(key);
                }
            }
        }
        return new Chunk(rows, rowKeys);
    }

    /** Binds k1, k1, k2, k1, k2, k3, ... for {@link #greater}. */
    private static int bindAfter(PreparedStatement ps, int p, List<Object> key) throws SQLException {
        for (int i = 0; i < key.size(); i++) {
            for (int j = 0; j <= i; j++) {
                ps.setObject(p++, key.get(j));
            }
        }
        return p;
    }

    /**
     * {@code SELECT <columns> FROM "S"."T" WHERE [<key> > ? AND] NOT (<key> > ?) [AND (<condition>)] ORDER BY <key>
     * FETCH FIRST n ROWS ONLY}; the row-value comparison spelled out, as Oracle lacks {@code (a, b) > (?, ?)}.
     */
    static String chunkQuery(OracleTable table, boolean after, String condition, int size) {
        List<CapturedColumn> keys = table.keyColumns();
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < table.columns().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(quote(table.columns().get(i).name()));
        }
        sb.append(" FROM ").append(from(table)).append(" WHERE ");
        if (after) {
            sb.append(greater(keys)).append(" AND ");
        }
        sb.append("NOT ").append(greater(keys));
        if (condition != null) {
            sb.append(" AND (").append(condition).append(')');
        }
        sb.append(" ORDER BY ");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(quote(keys.get(i).name()));
        }
        return sb.append(" FETCH FIRST ").append(size).append(" ROWS ONLY").toString();
    }

    /** {@code ((k1 > ?) OR (k1 = ? AND k2 > ?) ...)}. */
    private static String greater(List<CapturedColumn> keys) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "(" : " OR (");
            for (int j = 0; j < i; j++) {
                sb.append(quote(keys.get(j).name())).append(" = ? AND ");
            }
            sb.append(quote(keys.get(i).name())).append(" > ?)");
        }
        return sb.append(')').toString();
    }

    private static String from(OracleTable table) {
        TableId id = table.schema().id();
        return quote(id.schema()) + '.' + quote(id.table());
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
