package io.entitynotifier.connect.mysql.schema;

import java.io.Serializable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.connect.data.Schema;

import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.SourceType;
import io.entitynotifier.connect.common.schema.TableFilter;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;

/**
 * One version of a captured table: its Connect {@link TableSchema} (built once) and how to turn source rows into
 * Connect rows. {@code sourceIndexes[k]} is the position in the full source row of the k-th captured column (columns
 * in {@code column.exclude.list} are left out).
 */
public final class CapturedTable {

    private final TableSchema schema;
    private final List<MySqlColumn> columns;
    private final int[] sourceIndexes;
    private final int sourceWidth;
    private final TypeMapper types;
    private final Schema[] fieldSchemas;

    private CapturedTable(
            TableSchema schema,
            List<MySqlColumn> columns,
            int[] sourceIndexes,
            int sourceWidth,
            TypeMapper types,
            Schema[] fieldSchemas) {
        this.schema = schema;
        this.fieldSchemas = fieldSchemas;
        this.columns = columns;
        this.sourceIndexes = sourceIndexes;
        this.sourceWidth = sourceWidth;
        this.types = types;
    }

    /**
     * @param all every column of the table in definition order
     * @param keep which of them to capture
     */
    public static CapturedTable of(
            String topicPrefix,
            TableId id,
            List<MySqlColumn> all,
            boolean[] keep,
            TypeMapper types,
            Schema sourceSchema) {
        return of(topicPrefix, id, all, keep, types, sourceSchema, null);
    }

    /** @param filter the column lists, mappers and message.key.columns the schema applies (null: none) */
    public static CapturedTable of(
            String topicPrefix,
            TableId id,
            List<MySqlColumn> all,
            boolean[] keep,
            TypeMapper types,
            Schema sourceSchema,
            TableFilter filter) {
        List<MySqlColumn> kept = new ArrayList<>();
        List<Column> connect = new ArrayList<>();
        List<Schema> fieldSchemas = new ArrayList<>();
        int[] idx = new int[all.size()];
        int n = 0;
        for (int i = 0; i < all.size(); i++) {
            if (!keep[i]) {
                continue;
            }
            MySqlColumn c = all.get(i);
            kept.add(c);
            Schema field = types.schema(c);
            fieldSchemas.add(field);
            connect.add(new Column(c.name(), c.typeName(), field, c.primaryKey()).withSource(sourceType(c)));
            idx[n++] = i;
        }
        TableSchema schema = TableSchema.of(topicPrefix, id, connect, sourceSchema, filter);
        return new CapturedTable(
                schema,
                List.copyOf(kept),
                java.util.Arrays.copyOf(idx, n),
                all.size(),
                types,
                fieldSchemas.toArray(new Schema[0]));
    }

    public TableSchema schema() {
        return schema;
    }

    public TableId id() {
        return schema.id();
    }

    public List<MySqlColumn> columns() {
        return columns;
    }

    /** Converts a binlog row image; the message of a failure names the column. */
    public Object[] fromBinlog(Serializable[] row) {
        if (row == null) {
            return null;
        }
        if (row.length != sourceWidth) {
            throw new IllegalArgumentException("row image has " + row.length + " columns but the table map has "
                    + sourceWidth + "; binlog_row_image must be FULL");
        }
        Object[] out = new Object[columns.size()];
        for (int k = 0; k < out.length; k++) {
            MySqlColumn c = columns.get(k);
            try {
                out[k] = types.fromBinlog(c, fieldSchemas[k], row[sourceIndexes[k]]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "column " + c.name() + " (" + c.typeName() + "): " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The cell of captured column {@code name} in a binlog row image (before conversion). */
    public Serializable binlogCell(Serializable[] row, String name) {
        for (int k = 0; k < columns.size(); k++) {
            if (columns.get(k).name().equals(name)) {
                return row[sourceIndexes[k]];
            }
        }
        throw new IllegalArgumentException("column " + name + " of " + id() + " is not captured");
    }

    /** Reads a snapshot row whose select list is the captured columns in order. */
    public Object[] fromJdbc(ResultSet rs) throws SQLException {
        Object[] out = new Object[columns.size()];
        for (int k = 0; k < out.length; k++) {
            MySqlColumn c = columns.get(k);
            try {
                out[k] = types.fromJdbc(c, fieldSchemas[k], rs, k + 1);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "column " + c.name() + " (" + c.typeName() + "): " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * What the column mappers need: character columns (Debezium's MySQL connector gives CHAR, VARCHAR, TEXT, ENUM and
     * SET a character JDBC type), DECIMAL precision and scale, BIT and BINARY lengths. The declared length of
     * character columns is not known here, so it is left unset.
     */
    static SourceType sourceType(MySqlColumn c) {
        return switch (c.type()) {
            case STRING, ENUM, SET -> SourceType.character(SourceType.UNSET);
            case DECIMAL -> SourceType.other(c.precision(), c.scale());
            case BIT, BINARY -> SourceType.other(c.length(), null);
            default -> SourceType.other(SourceType.UNSET, null);
        };
    }
}
