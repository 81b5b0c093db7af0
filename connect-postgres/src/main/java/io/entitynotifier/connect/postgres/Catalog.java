package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.postgres.PgOutputMessage.RelationColumn;

/**
 * Reads the system catalogs over a plain SQL connection: tables, their columns and primary keys (a Relation message
 * marks replica-identity columns, which under REPLICA IDENTITY FULL are all of them, so the key comes from here), and
 * type details (array elements, enum labels, domain base types). Type lookups are cached; a type's OID never changes.
 */
public final class Catalog implements AutoCloseable {

    /** One row of pg_type, resolved far enough to map it. */
    public record PgType(
            int oid,
            String name,
            String namespace,
            char kind,
            char category,
            int elementOid,
            int baseOid,
            int baseTypmod,
            List<String> enumLabels) {}

    /** A column's NOT NULL flag and default expression (null when it has none). */
    public record ColumnDetail(boolean notNull, String defaultExpression) {}

    /** A captured table and its OID. */
    public record CapturedTable(TableId id, int oid) {}

    private final PostgresConnections connections;
    private final String dbname;
    private final Map<Integer, PgType> types = new HashMap<>();
    private Connection conn;

    public Catalog(PostgresConnections connections, String dbname) {
        this.connections = connections;
        this.dbname = dbname;
    }

    /** The connection, reopened when a previous one broke (a server restart). */
    public Connection connection() throws SQLException {
        if (conn == null || conn.isClosed() || !conn.isValid(5)) {
            closeQuietly();
            conn = connections.sql();
        }
        return conn;
    }

    public PgType type(int oid) throws SQLException {
        PgType t = types.get(oid);
        if (t != null) {
            return t;
        }
        String sql = "SELECT t.typname, n.nspname, t.typtype, t.typcategory, t.typelem, t.typbasetype, t.typtypmod "
                + "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = ?";
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            ps.setInt(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("type OID " + oid + " not found in pg_type");
                }
                char kind = rs.getString(3).charAt(0);
                List<String> labels = kind == 'e' ? enumLabels(oid) : List.of();
                t = new PgType(
                        oid,
                        rs.getString(1),
                        rs.getString(2),
                        kind,
                        rs.getString(4).charAt(0),
                        (int) rs.getLong(5),
                        (int) rs.getLong(6),
                        rs.getInt(7),
                        labels);
            }
        }
        types.put(oid, t);
        return t;
    }

    private List<String> enumLabels(int oid) throws SQLException {
        List<String> labels = new ArrayList<>();
        try (PreparedStatement ps = connection()
                .prepareStatement("SELECT enumlabel FROM pg_enum WHERE enumtypid = ? ORDER BY enumsortorder")) {
            ps.setInt(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    labels.add(rs.getString(1));
                }
            }
        }
        return labels;
    }

    /** Primary-key column names in key order; empty for a table without one. */
    public List<String> primaryKey(int relOid) throws SQLException {
        String sql = "SELECT a.attname FROM pg_index i "
                + "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                + "WHERE i.indrelid = ? AND i.indisprimary ORDER BY k.ord";
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            ps.setInt(1, relOid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Columns as pgoutput sends them: not dropped, not generated, in attnum order. */
    public List<RelationColumn> columns(int relOid) throws SQLException {
        String sql = "SELECT attname, atttypid, atttypmod FROM pg_attribute WHERE attrelid = ? AND attnum > 0 "
                + "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum";
        List<RelationColumn> out = new ArrayList<>();
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            ps.setInt(1, relOid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RelationColumn(rs.getString(1), (int) rs.getLong(2), rs.getInt(3), false));
                }
            }
        }
        return out;
    }

    /** NOT NULL and default of each column by name (Debezium's schema optionality and default values). */
    public Map<String, ColumnDetail> columnDetails(int relOid) throws SQLException {
        String sql = "SELECT a.attname, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
                + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped";
        Map<String, ColumnDetail> out = new HashMap<>();
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            ps.setInt(1, relOid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new ColumnDetail(rs.getBoolean(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** SQL type of each named column ({@code format_type}), for casts of key values in snapshot queries. */
    public Map<String, String> sqlTypes(int relOid) throws SQLException {
        String sql = "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                + "WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped";
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            ps.setInt(1, relOid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Every ordinary or partitioned table outside the system schemas, sorted by schema and name. */
    public List<CapturedTable> allTables() throws SQLException {
        String sql = "SELECT n.nspname, c.relname, c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
                + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
                + "AND n.nspname NOT LIKE 'pg_temp%' ORDER BY n.nspname, c.relname";
        List<CapturedTable> out = new ArrayList<>();
        try (PreparedStatement ps = connection().prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CapturedTable(new TableId(dbname, rs.getString(1), rs.getString(2)), (int) rs.getLong(3)));
            }
        }
        return out;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // already broken
            }
            conn = null;
        }
    }

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    public static String quote(TableId table) {
        return quote(table.schema()) + "." + quote(table.table());
    }
}
