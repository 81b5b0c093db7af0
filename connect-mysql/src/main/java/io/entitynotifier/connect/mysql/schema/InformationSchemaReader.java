package io.entitynotifier.connect.mysql.schema;

import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.connect.data.Schema;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.mysql.MySqlConnectorConfig.CapturedTables;

/**
 * Reads table definitions from information_schema for the snapshot. Produces the same {@link MySqlColumn}s a table
 * map would, so snapshot and binlog events of a table share one Connect schema.
 */
public final class InformationSchemaReader {

    private final String topicPrefix;
    private final CapturedTables captured;
    private final TypeMapper types;
    private final Schema sourceSchema;

    public InformationSchemaReader(String topicPrefix, CapturedTables captured, TypeMapper types, Schema sourceSchema) {
        this.topicPrefix = topicPrefix;
        this.captured = captured;
        this.types = types;
        this.sourceSchema = sourceSchema;
    }

    /** Captured base tables, sorted by name (the snapshot's order, which resuming relies on). */
    public List<TableId> capturedTables(Connection c) throws SQLException {
        List<TableId> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE'")) {
            while (rs.next()) {
                TableId id = new TableId(rs.getString(1), null, rs.getString(2));
                if (captured.includes(id)) {
                    out.add(id);
                }
            }
        }
        out.sort((a, b) -> a.identifier().compareTo(b.identifier()));
        return out;
    }

    /** The server's row-count estimate for {@code tables} (InnoDB's is approximate), for progress reporting. */
    public long estimatedRows(Connection c, List<TableId> tables) throws SQLException {
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT TABLE_ROWS FROM information_schema.TABLES " + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            for (TableId id : tables) {
                ps.setString(1, id.catalog());
                ps.setString(2, id.table());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        total += rs.getLong(1);
                    }
                }
            }
        }
        return total;
    }

    /** Every base table in the included databases, for reporting include patterns that match nothing. */
    public List<TableId> allTables(Connection c) throws SQLException {
        List<TableId> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE'")) {
            while (rs.next()) {
                out.add(new TableId(rs.getString(1), null, rs.getString(2)));
            }
        }
        return out;
    }

    public CapturedTable table(Connection c, TableId id) throws SQLException {
        List<MySqlColumn> columns = columns(c, id);
        boolean[] keep = new boolean[columns.size()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = columns.get(i).primaryKey()
                    || captured.includesColumn(id, columns.get(i).name());
        }
        return CapturedTable.of(topicPrefix, id, columns, keep, types, sourceSchema, captured.tableFilter());
    }

    /** Primary-key column names in key order (empty when the table has none). */
    public List<String> primaryKey(Connection c, TableId id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX")) {
            ps.setString(1, id.catalog());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    List<MySqlColumn> columns(Connection c, TableId id) throws SQLException {
        List<String> pk = primaryKey(c, id);
        boolean mariaDb = c.getMetaData()
                .getDatabaseProductVersion()
                .toLowerCase(Locale.ROOT)
                .contains("mariadb");
        List<MySqlColumn> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, "
                + "CHARACTER_SET_NAME, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_OCTET_LENGTH, "
                + "COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, id.catalog());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(column(id, rs, pk, mariaDb));
                }
            }
        }
        if (out.isEmpty()) {
            throw new SQLException("table " + id + " has no columns in information_schema (dropped?)");
        }
        return out;
    }

    private static MySqlColumn column(TableId id, ResultSet rs, List<String> pk, boolean mariaDb) throws SQLException {
        String name = rs.getString(1);
        String dataType = rs.getString(2).toLowerCase(Locale.ROOT);
        String rawColumnType = rs.getString(3);
        String columnType = rawColumnType.toLowerCase(Locale.ROOT);
        boolean nullable = "YES".equalsIgnoreCase(rs.getString(4));
        String charsetName = rs.getString(5);
        long precision = rs.getLong(6);
        long scale = rs.getLong(7);
        long fsp = rs.getLong(8);
        long octets = rs.getLong(9);
        boolean unsigned = columnType.contains("unsigned");
        Charset charset = charsetName == null ? null : CollationCharsets.javaCharset(charsetName);
        boolean binary = charsetName == null || "binary".equalsIgnoreCase(charsetName);
        MySqlType type;
        int length = 0;
        List<String> values = List.of();
        switch (dataType) {
            case "tinyint" -> type = MySqlType.TINYINT;
            case "smallint" -> type = MySqlType.SMALLINT;
            case "mediumint" -> type = MySqlType.MEDIUMINT;
            case "int", "integer" -> type = MySqlType.INT;
            case "bigint" -> type = MySqlType.BIGINT;
            case "decimal", "numeric" -> type = MySqlType.DECIMAL;
            case "float" -> type = MySqlType.FLOAT;
            case "double", "real" -> type = MySqlType.DOUBLE;
            case "bit" -> {
                type = MySqlType.BIT;
                length = (int) precision;
            }
            case "date" -> type = MySqlType.DATE;
            case "datetime" -> type = MySqlType.DATETIME;
            case "timestamp" -> type = MySqlType.TIMESTAMP;
            case "time" -> type = MySqlType.TIME;
            case "year" -> type = MySqlType.YEAR;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> type = MySqlType.STRING;
            case "binary" -> {
                type = MySqlType.BINARY;
                length = (int) octets;
            }
            case "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> type = MySqlType.VARBINARY;
            case "enum" -> {
                type = MySqlType.ENUM;
                values = enumValues(rawColumnType);
            }
            case "set" -> {
                type = MySqlType.SET;
                values = enumValues(rawColumnType);
            }
            case "json" -> type = MySqlType.JSON;
            case "uuid" -> type = MySqlType.UUID;
            case "point" -> type = MySqlType.POINT;
            case "geometry",
                    "linestring",
                    "polygon",
                    "multipoint",
                    "multilinestring",
                    "multipolygon",
                    "geometrycollection",
                    "geomcollection" -> type = MySqlType.GEOMETRY;
            default ->
                throw new SQLException("column " + id + "." + name + " has type " + columnType
                        + ", which the connector does not support");
        }
        if (type == MySqlType.STRING && binary) {
            type = MySqlType.VARBINARY; // e.g. a CHAR column declared with the binary charset
        }
        if (type != MySqlType.TINYINT
                && type != MySqlType.SMALLINT
                && type != MySqlType.MEDIUMINT
                && type != MySqlType.INT
                && type != MySqlType.BIGINT) {
            unsigned = false;
        }
        boolean temporalFsp = type == MySqlType.DATETIME || type == MySqlType.TIMESTAMP || type == MySqlType.TIME;
        // FLOAT(M,D): Debezium gives it FLOAT64; a plain FLOAT has no scale in information_schema
        boolean scaledFloat = type == MySqlType.FLOAT && columnType.contains("(") && rs.getObject(7) != null;
        boolean declared = type == MySqlType.DECIMAL || scaledFloat;
        return new MySqlColumn(
                name,
                type,
                unsigned,
                length,
                declared ? (int) precision : 0,
                declared ? (int) scale : 0,
                temporalFsp ? (int) fsp : 0,
                type == MySqlType.STRING ? charset : null,
                values,
                nullable,
                pk.contains(name),
                ColumnDefaults.expression(rs.getString(10), rs.getString(11), mariaDb));
    }

    /** Parses {@code enum('a','b''c')} / {@code set(...)} into its values. */
    static List<String> enumValues(String columnType) {
        List<String> out = new ArrayList<>();
        int i = columnType.indexOf('(') + 1;
        int end = columnType.lastIndexOf(')');
        StringBuilder cur = null;
        while (i < end) {
            char ch = columnType.charAt(i);
            if (cur == null) {
                if (ch == '\'') {
                    cur = new StringBuilder();
                }
            } else if (ch == '\'') {
                if (i + 1 < end && columnType.charAt(i + 1) == '\'') {
                    cur.append('\'');
                    i++;
                } else {
                    out.add(cur.toString());
                    cur = null;
                }
            } else if (ch == '\\' && i + 1 < end) {
                cur.append(columnType.charAt(++i));
            } else {
                cur.append(ch);
            }
            i++;
        }
        return out;
    }
}
