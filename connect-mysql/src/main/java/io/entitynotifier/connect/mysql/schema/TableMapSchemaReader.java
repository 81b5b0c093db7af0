package io.entitynotifier.connect.mysql.schema;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import org.apache.kafka.connect.data.Schema;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.mysql.MySqlConnectorConfig.CapturedTables;

/**
 * Builds captured tables from binlog table-map events alone. With {@code binlog_row_metadata=FULL} each table map
 * carries column names, signedness, charsets, ENUM/SET values and the primary key, so every row event is decoded with
 * the definition that was in force when it was written; no schema history is needed. A table map whose definition
 * is unchanged reuses the schema built before.
 */
public final class TableMapSchemaReader {

    private static final int TINY = 1,
            SHORT = 2,
            LONG = 3,
            FLOAT = 4,
            DOUBLE = 5,
            TIMESTAMP = 7,
            LONGLONG = 8,
            INT24 = 9,
            DATE = 10,
            TIME = 11,
            DATETIME = 12,
            YEAR = 13,
            NEWDATE = 14,
            VARCHAR = 15,
            BIT = 16,
            TIMESTAMP2 = 17,
            DATETIME2 = 18,
            TIME2 = 19,
            JSON = 245,
            NEWDECIMAL = 246,
            ENUM = 247,
            SET = 248,
            TINY_BLOB = 249,
            MEDIUM_BLOB = 250,
            LONG_BLOB = 251,
            BLOB = 252,
            VAR_STRING = 253,
            STRING = 254,
            GEOMETRY = 255;
    /** The POINT code in the GEOMETRY_TYPE metadata of binlog_row_metadata=FULL. */
    private static final int GEOMETRY_TYPE_POINT = 1;

    private final String topicPrefix;
    private final CapturedTables captured;
    private final CollationCharsets collations;
    private final TypeMapper types;
    private final Schema sourceSchema;
    private final Map<TableId, Definition> byTable = new HashMap<>();
    private final Map<Long, CapturedTable> byTableNumber = new HashMap<>();
    private final Set<Long> skipped = new HashSet<>();
    private CatalogLookup catalog;
    private boolean mariaDb;

    private record Definition(String signature, CapturedTable table) {}

    public TableMapSchemaReader(
            String topicPrefix,
            CapturedTables captured,
            CollationCharsets collations,
            TypeMapper types,
            Schema sourceSchema) {
        this.topicPrefix = topicPrefix;
        this.captured = captured;
        this.collations = collations;
        this.types = types;
        this.sourceSchema = sourceSchema;
    }

    /**
     * Reads column DEFAULTs and FLOAT(M,D) declarations from {@code lookup} when a table's definition is built (table
     * maps do not carry them); without it, field schemas have no defaults.
     */
    public TableMapSchemaReader catalog(CatalogLookup lookup) {
        this.catalog = lookup;
        return this;
    }

    /**
     * The server is MariaDB: its table maps list a charset for GEOMETRY columns too (binary), MySQL's do not, so the
     * charsets of the character columns after a GEOMETRY column are found one entry later.
     */
    public TableMapSchemaReader mariaDb(boolean on) {
        this.mariaDb = on;
        return this;
    }

    /**
     * After a DDL statement: the next table map of every table builds its definition again, so that a changed DEFAULT
     * (which leaves the table map as it was) is read from the catalog.
     */
    public void schemaChanged() {
        byTable.clear();
    }

    /** Registers a table map; returns the captured table, or null when the table is not captured. */
    public CapturedTable onTableMap(TableMapEventData tm) {
        TableId id = new TableId(tm.getDatabase(), null, tm.getTable());
        if (!captured.includes(id)) {
            byTableNumber.remove(tm.getTableId());
            skipped.add(tm.getTableId());
            return null;
        }
        skipped.remove(tm.getTableId());
        String signature = signature(tm);
        Definition d = byTable.get(id);
        if (d == null || !d.signature().equals(signature)) {
            d = new Definition(signature, build(id, tm));
            byTable.put(id, d);
        }
        byTableNumber.put(tm.getTableId(), d.table());
        return d.table();
    }

    /** The captured table of a row event's table number; null when not captured. */
    public CapturedTable table(long tableNumber) {
        CapturedTable t = byTableNumber.get(tableNumber);
        if (t == null && !skipped.contains(tableNumber)) {
            throw new IllegalStateException("row event for table number " + tableNumber + " without a table map");
        }
        return t;
    }

    private static String signature(TableMapEventData tm) {
        TableMapEventMetadata m = tm.getEventMetadata();
        return Arrays.toString(tm.getColumnTypes())
                + Arrays.toString(tm.getColumnMetadata())
                + tm.getColumnNullability()
                + (m == null ? "" : m.toString());
    }

    CapturedTable build(TableId id, TableMapEventData tm) {
        List<MySqlColumn> columns = columns(id, tm);
        if (catalog != null) {
            Map<String, ColumnDefaults.Catalog> extra = catalog.columns(id);
            columns = columns.stream()
                    .map(c -> c.withCatalog(extra.get(c.name())))
                    .toList();
        }
        boolean[] keep = new boolean[columns.size()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = columns.get(i).primaryKey()
                    || captured.includesColumn(id, columns.get(i).name());
        }
        return CapturedTable.of(topicPrefix, id, columns, keep, types, sourceSchema, captured.tableFilter());
    }

    List<MySqlColumn> columns(TableId id, TableMapEventData tm) {
        TableMapEventMetadata m = tm.getEventMetadata();
        byte[] typeCodes = tm.getColumnTypes();
        if (m == null || m.getColumnNames() == null || m.getColumnNames().size() != typeCodes.length) {
            throw new IllegalStateException("the table map of " + id + " carries no column names: the server must run "
                    + "with binlog_row_metadata=FULL (SET PERSIST binlog_row_metadata='FULL' on MySQL, "
                    + "binlog_row_metadata=FULL in my.cnf on MariaDB)");
        }
        int[] meta = tm.getColumnMetadata();
        BitSet nullability = tm.getColumnNullability();
        BitSet unsignedBits = m.getSignedness() == null ? new BitSet() : m.getSignedness();
        Set<Integer> pk = new HashSet<>();
        if (m.getSimplePrimaryKeys() != null) {
            pk.addAll(m.getSimplePrimaryKeys());
        }
        if (m.getPrimaryKeysWithPrefix() != null) {
            pk.addAll(m.getPrimaryKeysWithPrefix().keySet());
        }
        int charColumn = 0;
        int enumColumn = 0;
        int setColumn = 0;
        int geometryColumn = 0;
        List<Integer> geometryTypes = m.getGeometryTypes() == null ? List.of() : m.getGeometryTypes();
        List<MySqlColumn> out = new ArrayList<>(typeCodes.length);
        for (int i = 0; i < typeCodes.length; i++) {
            int code = typeCodes[i] & 0xFF;
            int md = meta[i];
            String name = m.getColumnNames().get(i);
            boolean nullable = nullability.get(i);
            boolean unsigned = unsignedBits.get(i);
            boolean isPk = pk.contains(i);
            MySqlType type;
            int length = 0, precision = 0, scale = 0, fsp = 0;
            Charset charset = null;
            List<String> values = List.of();
            if (code == STRING && (md >> 8) == ENUM) {
                type = MySqlType.ENUM;
                values = List.of(m.getEnumStrValues().get(enumColumn++));
            } else if (code == STRING && (md >> 8) == SET) {
                type = MySqlType.SET;
                values = List.of(m.getSetStrValues().get(setColumn++));
            } else if (code == STRING
                    || code == VARCHAR
                    || code == VAR_STRING
                    || code == BLOB
                    || code == TINY_BLOB
                    || code == MEDIUM_BLOB
                    || code == LONG_BLOB) {
                int collation = collation(m, charColumn++, id, name);
                charset = collationCharset(collation, id, name);
                if (charset != null) {
                    type = MySqlType.STRING;
                } else if (code == STRING) {
                    type = MySqlType.BINARY;
                    length = stringLength(md);
                } else {
                    type = MySqlType.VARBINARY;
                }
            } else {
                switch (code) {
                    case TINY -> type = MySqlType.TINYINT;
                    case SHORT -> type = MySqlType.SMALLINT;
                    case INT24 -> type = MySqlType.MEDIUMINT;
                    case LONG -> type = MySqlType.INT;
                    case LONGLONG -> type = MySqlType.BIGINT;
                    case NEWDECIMAL -> {
                        type = MySqlType.DECIMAL;
                        precision = md & 0xFF;
                        scale = md >> 8;
                    }
                    case FLOAT -> type = MySqlType.FLOAT;
                    case DOUBLE -> type = MySqlType.DOUBLE;
                    case BIT -> {
                        type = MySqlType.BIT;
                        length = (md >> 8) * 8 + (md & 0xFF);
                    }
                    case DATE, NEWDATE -> type = MySqlType.DATE;
                    case DATETIME, DATETIME2 -> {
                        type = MySqlType.DATETIME;
                        fsp = code == DATETIME2 ? md : 0;
                    }
                    case TIMESTAMP, TIMESTAMP2 -> {
                        type = MySqlType.TIMESTAMP;
                        fsp = code == TIMESTAMP2 ? md : 0;
                    }
                    case TIME, TIME2 -> {
                        type = MySqlType.TIME;
                        fsp = code == TIME2 ? md : 0;
                    }
                    case YEAR -> type = MySqlType.YEAR;
                    case JSON -> type = MySqlType.JSON;
                    case GEOMETRY -> {
                        if (mariaDb) {
                            charColumn++; // MariaDB lists the binary charset of a GEOMETRY column
                        }
                        type = geometryColumn < geometryTypes.size()
                                        && geometryTypes.get(geometryColumn++) == GEOMETRY_TYPE_POINT
                                ? MySqlType.POINT
                                : MySqlType.GEOMETRY;
                    }
                    default ->
                        throw new IllegalStateException("column " + id + "." + name + " has binlog type " + code
                                + ", which the connector does not support");
                }
            }
            if (type != MySqlType.TINYINT
                    && type != MySqlType.SMALLINT
                    && type != MySqlType.MEDIUMINT
                    && type != MySqlType.INT
                    && type != MySqlType.BIGINT) {
                unsigned = false; // DECIMAL/FLOAT/YEAR signedness does not change their representation
            }
            out.add(new MySqlColumn(
                    name, type, unsigned, length, precision, scale, fsp, charset, values, nullable, isPk));
        }
        return out;
    }

    private static int collation(TableMapEventMetadata m, int charColumn, TableId id, String name) {
        if (m.getColumnCharsets() != null && charColumn < m.getColumnCharsets().size()) {
            return m.getColumnCharsets().get(charColumn);
        }
        TableMapEventMetadata.DefaultCharset d = m.getDefaultCharset();
        if (d != null) {
            Map<Integer, Integer> exceptions = d.getCharsetCollations();
            if (exceptions != null && exceptions.containsKey(charColumn)) {
                return exceptions.get(charColumn);
            }
            return d.getDefaultCharsetCollation();
        }
        throw new IllegalStateException("the table map of " + id + " has no charset for column " + name);
    }

    private Charset collationCharset(int collation, TableId id, String name) {
        try {
            return collations.charset(collation);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("column " + id + "." + name + ": " + e.getMessage(), e);
        }
    }

    /** The byte length of a CHAR/BINARY column from its table-map metadata (two bytes: real type, length). */
    static int stringLength(int md) {
        if (md < 256) {
            return md;
        }
        int meta0 = md >> 8;
        int meta1 = md & 0xFF;
        if ((meta0 & 0x30) != 0x30) {
            return meta1 | (((meta0 & 0x30) ^ 0x30) << 4);
        }
        return meta1;
    }
}
