package io.entitynotifier.connect.mysql.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.entitynotifier.connect.common.schema.TableId;

/**
 * A table as Debezium's schema-change events describe it ({@code io.debezium.connector.schema.Table}), read from
 * information_schema after the DDL. Debezium builds the same description with its DDL parser from the statement's
 * text (from {@code SHOW CREATE TABLE} in the snapshot), so the values agree when a statement is written in the
 * canonical form {@code SHOW CREATE TABLE} prints (see docs/mysql.md for where they cannot). The catalog is read when
 * the connector reaches the statement in the binlog, so it shows the table as it is then: behind several DDL
 * statements on one table (catching up), the earlier events describe the later definition.
 */
public record TableDescription(
        String defaultCharsetName,
        List<String> primaryKeyColumnNames,
        List<ColumnDescription> columns,
        String comment) {

    /** One column ({@code io.debezium.connector.schema.Column}); null fields are absent in Debezium's. */
    public record ColumnDescription(
            String name,
            int jdbcType,
            String typeName,
            String charsetName,
            Integer length,
            Integer scale,
            int position,
            boolean optional,
            boolean autoIncremented,
            String comment,
            String defaultValueExpression,
            List<String> enumValues) {}

    private static final Pattern ARGS = Pattern.compile("^[a-z ]+\\((\\d+)(?:,(\\d+))?\\)");

    /** The table's description, or null when information_schema does not know it (dropped meanwhile). */
    public static TableDescription read(Connection c, TableId id) throws SQLException {
        String charset = null;
        boolean found = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT cs.CHARACTER_SET_NAME "
                + "FROM information_schema.TABLES t LEFT JOIN information_schema.COLLATION_CHARACTER_SET_APPLICABILITY cs "
                + "ON cs.COLLATION_NAME = t.TABLE_COLLATION WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ?")) {
            ps.setString(1, id.catalog());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    found = true;
                    charset = rs.getString(1);
                    // Debezium's DDL parser does not keep a table COMMENT: always null there
                }
            }
        }
        if (!found) {
            return null;
        }
        boolean mariaDb = c.getMetaData()
                .getDatabaseProductVersion()
                .toLowerCase(Locale.ROOT)
                .contains("mariadb");
        List<String> pk = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX")) {
            ps.setString(1, id.catalog());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pk.add(rs.getString(1));
                }
            }
        }
        List<ColumnDescription> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, "
                        + "CHARACTER_SET_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, EXTRA "
                        + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, id.catalog());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(column(rs, mariaDb));
                }
            }
        }
        return columns.isEmpty() ? null : new TableDescription(charset, pk, columns, null);
    }

    private static ColumnDescription column(ResultSet rs, boolean mariaDb) throws SQLException {
        String dataType = rs.getString(2).toLowerCase(Locale.ROOT);
        String columnType = rs.getString(3);
        String lower = columnType.toLowerCase(Locale.ROOT);
        String extra = rs.getString(8) == null ? "" : rs.getString(8);
        String charset = rs.getString(5);
        boolean autoIncrement = extra.toLowerCase(Locale.ROOT).contains("auto_increment");
        String typeName = dataType.toUpperCase(Locale.ROOT);
        if (lower.contains("zerofill")) {
            typeName += " UNSIGNED ZEROFILL";
        } else if (lower.contains("unsigned")) {
            typeName += " UNSIGNED";
        }
        Integer length = null;
        Integer scale = null;
        List<String> values = null;
        if (dataType.equals("enum") || dataType.equals("set")) {
            values = new ArrayList<>();
            for (String v : InformationSchemaReader.enumValues(columnType)) {
                values.add("'" + v.replace("'", "''") + "'");
            }
            length = dataType.equals("set") ? Math.max(0, values.size() * 2 - 1) : 1;
        } else {
            Matcher m = ARGS.matcher(lower);
            if (m.find()) {
                length = Integer.valueOf(m.group(1));
                scale = m.group(2) == null ? null : Integer.valueOf(m.group(2));
            }
        }
        return new ColumnDescription(
                rs.getString(1),
                jdbcType(dataType),
                typeName,
                charset,
                length,
                scale,
                rs.getInt(6),
                "YES".equalsIgnoreCase(rs.getString(4)),
                autoIncrement,
                null, // Debezium keeps column comments only with include.schema.comments=true (default false)
                ColumnDefaults.expression(rs.getString(7), extra, mariaDb),
                values);
    }

    /** The java.sql.Types code Debezium's MySQL DDL parser gives the type. */
    static int jdbcType(String dataType) {
        return switch (dataType) {
            case "tinyint", "smallint" -> Types.SMALLINT;
            case "mediumint", "int", "integer", "year" -> Types.INTEGER;
            case "bigint" -> Types.BIGINT;
            case "float" -> Types.FLOAT;
            case "double" -> Types.DOUBLE;
            case "real" -> Types.REAL;
            case "decimal" -> Types.DECIMAL;
            case "numeric" -> Types.NUMERIC;
            case "bit" -> Types.BIT;
            case "time" -> Types.TIME;
            case "timestamp" -> Types.TIMESTAMP_WITH_TIMEZONE;
            case "datetime" -> Types.TIMESTAMP;
            case "date" -> Types.DATE;
            case "char", "enum", "set" -> Types.CHAR;
            case "varchar", "tinytext", "text", "mediumtext", "longtext" -> Types.VARCHAR;
            case "binary" -> Types.BINARY;
            case "varbinary" -> Types.VARBINARY;
            case "tinyblob", "blob", "mediumblob", "longblob" -> Types.BLOB;
            case "boolean", "bool" -> Types.BOOLEAN;
            default -> Types.OTHER; // json, the geometry types, vector
        };
    }
}
