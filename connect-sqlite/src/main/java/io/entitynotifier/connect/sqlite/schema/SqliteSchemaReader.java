package io.entitynotifier.connect.sqlite.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.connect.data.Schema;

import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.common.schema.SourceType;
import io.entitynotifier.connect.common.schema.TableFilter;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.sqlite.changelog.LogLayout;

/** Reads the captured tables and their columns from {@code sqlite_schema} and {@code PRAGMA table_info}. */
public final class SqliteSchemaReader {

    /** SQLite's schema name for the main database file; the namespace part of topic names. */
    public static final String SCHEMA = "main";

    private final String topicPrefix;
    private final String databaseName;
    private final TableFilter filter;
    private final DecimalHandlingMode decimalMode;
    private final Schema sourceSchema;

    private final BinaryHandlingMode binaryMode;

    public SqliteSchemaReader(
            String topicPrefix,
            String databaseName,
            TableFilter filter,
            DecimalHandlingMode decimalMode,
            Schema sourceSchema) {
        this(topicPrefix, databaseName, filter, decimalMode, BinaryHandlingMode.BYTES, sourceSchema);
    }

    /** @param binaryMode {@code binary.handling.mode}, for BLOB columns */
    public SqliteSchemaReader(
            String topicPrefix,
            String databaseName,
            TableFilter filter,
            DecimalHandlingMode decimalMode,
            BinaryHandlingMode binaryMode,
            Schema sourceSchema) {
        this.binaryMode = binaryMode;
        this.topicPrefix = topicPrefix;
        this.databaseName = databaseName;
        this.filter = filter;
        this.decimalMode = decimalMode;
        this.sourceSchema = sourceSchema;
    }

    public static TableId tableId(String databaseName, String table) {
        return new TableId(databaseName, SCHEMA, table);
    }

    /** Every user table in the file, ordered by name (the connectors' own {@code _entitynotifier_*} tables excluded). */
    public static List<String> userTables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
                        + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (!LogLayout.isInternal(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    public List<String> capturedTables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String t : userTables(c)) {
            if (filter.includes(tableId(databaseName, t))) {
                out.add(t);
            }
        }
        return out;
    }

    public SqliteTable read(Connection c, String table) throws SQLException {
        TableId id = tableId(databaseName, table);
        List<Column> columns = new ArrayList<>();
        List<SqliteColumnType> types = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
            while (rs.next()) {
                String name = rs.getString("name");
                boolean pk = rs.getInt("pk") > 0;
                if (!pk && !filter.includesColumn(id, name)) {
                    continue;
                }
                // SQLite allows NULL in most primary-key columns, so only NOT NULL makes a column required.
                boolean optional = rs.getInt("notnull") == 0;
                SqliteColumnType type = SqliteColumnType.of(rs.getString("type"), optional, decimalMode, binaryMode);
                columns.add(new Column(name, type.declared(), type.schema(), pk).withSource(sourceType(type)));
                types.add(type);
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("table " + table + " has no columns (was it dropped?)");
        }
        return new SqliteTable(
                TableSchema.of(topicPrefix, id, columns, sourceSchema, filter), types, hasRowid(c, table));
    }

    private static boolean hasRowid(Connection c, String table) {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT rowid FROM " + quote(table) + " LIMIT 0").close();
            return true;
        } catch (SQLException e) {
            return false; // WITHOUT ROWID table
        }
    }

    /** An SQL identifier in double quotes. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** An SQL string literal. */
    public static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }

    private static final java.util.regex.Pattern DECLARED =
            java.util.regex.Pattern.compile("\\s*([^(]*?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?.*");

    /**
     * What the column mappers need, from the declared type: TEXT-affinity columns are character columns; a declared
     * {@code (n)} or {@code (p,s)} gives length and scale (SQLite does not enforce them), the words before it the type
     * name.
     */
    static SourceType sourceType(SqliteColumnType type) {
        String declared = type.declared() == null ? "" : type.declared();
        java.util.regex.Matcher m = DECLARED.matcher(declared);
        String name = declared;
        int length = SourceType.UNSET;
        Integer scale = null;
        if (m.matches()) {
            name = m.group(1);
            if (m.group(2) != null) {
                length = parse(m.group(2));
            }
            if (m.group(3) != null) {
                scale = parse(m.group(3));
            }
        }
        return new SourceType(type.kind() == SqliteColumnType.Kind.STRING, length, scale, name);
    }

    private static int parse(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return SourceType.UNSET;
        }
    }
}
