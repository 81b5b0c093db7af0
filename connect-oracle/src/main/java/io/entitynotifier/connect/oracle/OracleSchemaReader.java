package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;

import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.common.schema.SourceType;
import io.entitynotifier.connect.common.schema.TableFilter;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.oracle.logminer.ColumnDefaults;

/**
 * Reads table definitions from the data dictionary ({@code ALL_TABLES}, {@code ALL_TAB_COLUMNS},
 * {@code ALL_CONSTRAINTS}/{@code ALL_CONS_COLUMNS}) into {@link OracleTable}s. A captured column of a type the
 * connector cannot carry stops it with the column named, rather than dropping the column unannounced.
 */
public final class OracleSchemaReader {

    static final String TABLES_SQL = "SELECT OWNER, TABLE_NAME FROM ALL_TABLES ORDER BY OWNER, TABLE_NAME";
    static final String COLUMNS_SQL = "SELECT COLUMN_NAME, DATA_TYPE, DATA_LENGTH, DATA_PRECISION, DATA_SCALE, "
            + "NULLABLE, DATA_DEFAULT FROM ALL_TAB_COLUMNS WHERE OWNER = ? AND TABLE_NAME = ? ORDER BY COLUMN_ID";
    static final String PRIMARY_KEY_SQL = "SELECT CC.COLUMN_NAME FROM ALL_CONSTRAINTS C JOIN ALL_CONS_COLUMNS CC "
            + "ON CC.OWNER = C.OWNER AND CC.CONSTRAINT_NAME = C.CONSTRAINT_NAME "
            + "WHERE C.OWNER = ? AND C.TABLE_NAME = ? AND C.CONSTRAINT_TYPE = 'P'";

    private final String topicPrefix;
    private final String dbName;
    private final TableFilter filter;
    private final SchemaFilter schemas;
    private final DecimalHandlingMode decimals;
    private final String unavailable;
    private final Schema sourceSchema;
    private String ignoredOwner;
    private String ignoredTable;

    private final BinaryHandlingMode binary;
    private TemporalMode temporal = TemporalMode.ADAPTIVE;
    private IntervalMode intervals = IntervalMode.NUMERIC;

    public OracleSchemaReader(
            String topicPrefix,
            String dbName,
            TableFilter filter,
            SchemaFilter schemas,
            DecimalHandlingMode decimals,
            String unavailable,
            Schema sourceSchema) {
        this(topicPrefix, dbName, filter, schemas, decimals, BinaryHandlingMode.BYTES, unavailable, sourceSchema);
    }

    /** @param binary {@code binary.handling.mode}, for RAW and BLOB columns */
    public OracleSchemaReader(
            String topicPrefix,
            String dbName,
            TableFilter filter,
            SchemaFilter schemas,
            DecimalHandlingMode decimals,
            BinaryHandlingMode binary,
            String unavailable,
            Schema sourceSchema) {
        this.binary = binary;
        this.topicPrefix = topicPrefix;
        this.dbName = dbName;
        this.filter = filter;
        this.schemas = schemas;
        this.decimals = decimals;
        this.unavailable = unavailable;
        this.sourceSchema = sourceSchema;
    }

    /** {@code time.precision.mode} and {@code interval.handling.mode}; adaptive and numeric unless set. */
    public OracleSchemaReader temporal(TemporalMode temporal, IntervalMode intervals) {
        this.temporal = temporal;
        this.intervals = intervals;
        return this;
    }

    /** A table never captured, whatever the lists say (the connector's own flush table). */
    public void ignore(String owner, String table) {
        this.ignoredOwner = owner;
        this.ignoredTable = table;
    }

    public TableId tableId(String owner, String table) {
        return new TableId(dbName, owner, table);
    }

    /** True when the table is captured by schema and table include/exclude lists. */
    public boolean captures(TableId id) {
        if (id.table().equals(ignoredTable) && id.schema().equals(ignoredOwner)) {
            return false;
        }
        return schemas.includes(id.schema()) && filter.includes(id);
    }

    /** Every table visible to the user (system schemas left out). */
    public List<TableId> allTables(Connection c) throws SQLException {
        List<TableId> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TABLES_SQL);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String owner = rs.getString(1);
                if (!SchemaFilter.isSystemSchema(owner)) {
                    out.add(tableId(owner, rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** The captured tables, in a stable order (the snapshot order). */
    public List<TableId> capturedTables(Connection c) throws SQLException {
        return allTables(c).stream()
                .filter(this::captures)
                .sorted((a, b) -> a.identifier().compareTo(b.identifier()))
                .toList();
    }

    public OracleTable read(Connection c, TableId id) throws SQLException {
        Set<String> keys = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(PRIMARY_KEY_SQL)) {
            ps.setString(1, id.schema());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        List<CapturedColumn> captured = new ArrayList<>();
        Set<String> excluded = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS_SQL)) {
            ps.setString(1, id.schema());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    OracleColumn col = new OracleColumn(
                            name,
                            rs.getString(2),
                            intOrNull(rs, 3),
                            intOrNull(rs, 4),
                            intOrNull(rs, 5),
                            "Y".equals(rs.getString(6)),
                            keys.contains(name));
                    if (!col.primaryKey() && !filter.includesColumn(id, name)) {
                        excluded.add(name);
                        continue;
                    }
                    ColumnKind kind = ColumnKind.of(col);
                    if (kind == null) {
                        throw new ConnectException("column " + id + "." + name + " has type " + col.dataType()
                                + ", which the connector does not support; leave it out with column.exclude.list");
                    }
                    CapturedColumn cc =
                            new CapturedColumn(col, kind, decimals, binary, temporal, intervals, unavailable);
                    // DATA_DEFAULT is a LONG: read last, in column order
                    captured.add(cc.defaultValue(ColumnDefaults.of(cc, rs.getString(7))));
                }
            }
        }
        if (captured.isEmpty()) {
            String hint = "UNKNOWN".equals(id.schema())
                    ? "; LogMiner names objects it cannot find in the online catalog (dropped tables) UNKNOWN.\"OBJ# n\":"
                            + " to leave their changes out, add UNKNOWN to schema.exclude.list"
                    : " (dropped, or not visible to the connector's user)";
            throw new ConnectException("table " + id + " has no columns in ALL_TAB_COLUMNS" + hint);
        }
        List<Column> columns = captured.stream()
                .map(cc -> new Column(
                                cc.name(),
                                cc.typeText(),
                                cc.schema(),
                                cc.column().primaryKey())
                        .withSource(sourceType(cc.column())))
                .toList();
        return new OracleTable(TableSchema.of(topicPrefix, id, columns, sourceSchema, filter), captured, excluded);
    }

    private static Integer intOrNull(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    /**
     * What the column mappers need, from ALL_TAB_COLUMNS: CHAR, VARCHAR2, NCHAR, NVARCHAR2, CLOB and NCLOB are
     * character columns; NUMBER gives precision and scale, the other types DATA_LENGTH.
     */
    static SourceType sourceType(OracleColumn c) {
        String type = c.dataType() == null ? "" : c.dataType();
        boolean character = switch (type) {
            case "CHAR", "VARCHAR2", "VARCHAR", "NCHAR", "NVARCHAR2", "CLOB", "NCLOB", "LONG" -> true;
            default -> false;
        };
        if (type.equals("NUMBER") && c.precision() != null) {
            return new SourceType(false, c.precision(), c.scale(), type);
        }
        int length = c.length() == null ? SourceType.UNSET : c.length();
        return new SourceType(character, length, null, type);
    }
}
