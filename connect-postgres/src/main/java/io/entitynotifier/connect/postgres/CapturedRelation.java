package io.entitynotifier.connect.postgres;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.postgres.PgOutputMessage.RelationColumn;
import io.entitynotifier.connect.postgres.PgOutputMessage.Tuple;
import io.entitynotifier.connect.postgres.PostgresTypeMapper.ValueParser;

/**
 * One version of a captured table's definition: the columns as the server sends them, the {@link TableSchema} built
 * once for them, and per column the parser of its text and its place in the schema (-1 for an excluded column).
 */
public final class CapturedRelation {

    private final int oid;
    private final TableSchema schema;
    private final List<RelationColumn> columns;
    private final int[] schemaIndex;
    private final ValueParser[] parsers;

    CapturedRelation(
            int oid, TableSchema schema, List<RelationColumn> columns, int[] schemaIndex, ValueParser[] parsers) {
        this.oid = oid;
        this.schema = schema;
        this.columns = columns;
        this.schemaIndex = schemaIndex;
        this.parsers = parsers;
    }

    public int oid() {
        return oid;
    }

    public TableSchema schema() {
        return schema;
    }

    public List<RelationColumn> columns() {
        return columns;
    }

    /** True when {@code other} describes the same columns (names, types, modifiers) in the same order. */
    boolean sameColumns(List<RelationColumn> other) {
        if (other.size() != columns.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            RelationColumn a = columns.get(i);
            RelationColumn b = other.get(i);
            if (!a.name().equals(b.name()) || a.typeOid() != b.typeOid() || a.typeModifier() != b.typeModifier()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Converts a row read by a query (each column's text, in {@link #columns()} order, null for SQL NULL) to a row in
     * schema column order, as a snapshot reads it.
     *
     * @throws IllegalArgumentException naming the column when a value cannot be converted
     */
    public Object[] rowFromText(String[] values, String placeholder) {
        return row(new Tuple(values, new java.util.BitSet()), null, new java.util.ArrayList<>(0), placeholder);
    }

    /**
     * Converts a tuple to a row in schema column order.
     *
     * @param fallback    a row of the same table to take unchanged TOASTed values from (the full old image), or null
     * @param unavailable receives the names of columns whose value the server did not send and no fallback had
     * @param placeholder stands in for such values where the column's type can hold it (strings, bytes, string arrays)
     */
    Object[] row(Tuple tuple, Object[] fallback, List<String> unavailable, String placeholder) {
        if (tuple.values().length != columns.size()) {
            throw new IllegalStateException("tuple of " + tuple.values().length + " columns for " + schema.id()
                    + " whose last Relation message has " + columns.size());
        }
        Object[] row = new Object[schema.columns().size()];
        for (int i = 0; i < columns.size(); i++) {
            int target = schemaIndex[i];
            if (target < 0) {
                continue;
            }
            if (tuple.isUnchanged(i)) {
                if (fallback != null && fallback[target] != null) {
                    row[target] = fallback[target];
                } else {
                    unavailable.add(columns.get(i).name());
                    row[target] = placeholder(schema.columns().get(target).schema(), placeholder);
                }
                continue;
            }
            String text = tuple.values()[i];
            if (text == null) {
                continue;
            }
            try {
                row[target] = parsers[i].parse(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "column " + columns.get(i).name() + " of " + schema.id() + ": cannot convert value '"
                                + abbreviate(text) + "': " + e.getMessage(),
                        e);
            }
        }
        return row;
    }

    /**
     * Only the primary-key values of {@code row} (the before image the default replica identity allows). As in
     * Debezium, a required (NOT NULL) column the server did not send holds its schema default, or else its type's
     * zero value (0, false, "", empty bytes or array, epoch), since a required field cannot be null.
     */
    Object[] keyOnly(Object[] row) {
        Object[] out = new Object[row.length];
        for (int i = 0; i < row.length; i++) {
            Column c = schema.columns().get(i);
            if (c.primaryKey()) {
                out[i] = row[i];
            } else if (!c.schema().isOptional()) {
                out[i] = fallback(c.schema());
            }
        }
        return out;
    }

    /** Debezium's replacement for a null in a required field: the schema default, else the type's zero value. */
    static Object fallback(Schema s) {
        if (s.defaultValue() != null) {
            return s.defaultValue();
        }
        if (Decimal.LOGICAL_NAME.equals(s.name())) {
            return BigDecimal.ZERO.setScale(Integer.parseInt(s.parameters().get(Decimal.SCALE_FIELD)));
        }
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(s.name())
                || org.apache.kafka.connect.data.Time.LOGICAL_NAME.equals(s.name())
                || org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME.equals(s.name())) {
            return new java.util.Date(0);
        }
        if ("io.debezium.time.ZonedTimestamp".equals(s.name())) {
            return "1970-01-01T00:00:00Z";
        }
        if ("io.debezium.time.ZonedTime".equals(s.name())) {
            return "00:00:00Z";
        }
        return switch (s.type()) {
            case INT8 -> (byte) 0;
            case INT16 -> (short) 0;
            case INT32 -> 0;
            case INT64 -> 0L;
            case FLOAT32 -> 0.0f;
            case FLOAT64 -> 0.0d;
            case BOOLEAN -> false;
            case STRING -> "";
            case BYTES -> new byte[0];
            case ARRAY -> List.of();
            case MAP -> java.util.Map.of();
            case STRUCT -> zeroStruct(s);
        };
    }

    private static Struct zeroStruct(Schema s) {
        Struct out = new Struct(s);
        for (org.apache.kafka.connect.data.Field f : s.fields()) {
            if (!f.schema().isOptional()) {
                out.put(f, fallback(f.schema()));
            }
        }
        return out;
    }

    private static Object placeholder(Schema s, String placeholder) {
        return switch (s.type()) {
            case STRING -> placeholder;
            case BYTES -> s.name() == null ? placeholder.getBytes(StandardCharsets.UTF_8) : null;
            case ARRAY ->
                s.valueSchema().type() == Schema.Type.STRING && s.valueSchema().name() == null
                        ? List.of(placeholder)
                        : null;
            default -> null;
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
