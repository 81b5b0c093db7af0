package io.entitynotifier.connect.common.schema;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.common.event.Envelope;

/**
 * The Connect view of one captured table at one version of its definition: key, row and envelope schemas, built once
 * and shared by every record of the table (converters cache by schema identity, so rebuilding per record is costly).
 * Rows are {@code Object[]} in column order, holding values already converted to the columns' Connect types.
 */
public final class TableSchema {

    private final TableId id;
    private final String topic;
    private final List<Column> columns;
    private final int[] keyIndexes;
    private final Schema keySchema;
    private final Schema rowSchema;
    private final Schema envelopeSchema;

    private TableSchema(TableId id, String topic, List<Column> columns, String namePrefix, Schema sourceSchema) {
        this.id = id;
        this.topic = topic;
        this.columns = List.copyOf(columns);
        int keys = 0;
        for (Column c : columns) {
            if (c.primaryKey()) {
                keys++;
            }
        }
        this.keyIndexes = new int[keys];
        SchemaBuilder key = SchemaBuilder.struct().name(namePrefix + ".Key");
        SchemaBuilder row = SchemaBuilder.struct().name(namePrefix + ".Value").optional();
        int k = 0;
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            row.field(c.name(), c.schema());
            if (c.primaryKey()) {
                keyIndexes[k++] = i;
                key.field(c.name(), c.schema());
            }
        }
        this.keySchema = keys == 0 ? null : key.build();
        this.rowSchema = row.build();
        this.envelopeSchema = Envelope.schema(namePrefix + ".Envelope", rowSchema, sourceSchema);
    }

    /**
     * @param topicPrefix  {@code topic.prefix}; topic and schema names derive from it and the table id
     * @param sourceSchema the connector's {@code source} block schema
     */
    public static TableSchema of(String topicPrefix, TableId id, List<Column> columns, Schema sourceSchema) {
        String topic = SchemaNames.topic(topicPrefix, id);
        String namePrefix = SchemaNames.avroFullName(topicPrefix + "." + id.identifier());
        return new TableSchema(id, topic, columns, namePrefix, sourceSchema);
    }

    public TableId id() {
        return id;
    }

    public String topic() {
        return topic;
    }

    public List<Column> columns() {
        return columns;
    }

    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public boolean hasKey() {
        return keySchema != null;
    }

    /** Null for a table without a primary key: its events have a null key. */
    public Schema keySchema() {
        return keySchema;
    }

    public Schema rowSchema() {
        return rowSchema;
    }

    public Schema envelopeSchema() {
        return envelopeSchema;
    }

    public Struct key(Object[] row) {
        if (keySchema == null || row == null) {
            return null;
        }
        Struct s = new Struct(keySchema);
        for (int i : keyIndexes) {
            s.put(columns.get(i).name(), row[i]);
        }
        return s;
    }

    public Struct row(Object[] row) {
        if (row == null) {
            return null;
        }
        Struct s = new Struct(rowSchema);
        for (int i = 0; i < row.length; i++) {
            s.put(rowSchema.fields().get(i), row[i]);
        }
        return s;
    }

    /** True when the two rows differ in a primary-key column (an update that moves the row to another key). */
    public boolean keyChanged(Object[] before, Object[] after) {
        if (before == null || after == null) {
            return false;
        }
        for (int i : keyIndexes) {
            if (!java.util.Objects.deepEquals(before[i], after[i])) {
                return true;
            }
        }
        return false;
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column c : columns) {
            names.add(c.name());
        }
        return names;
    }
}
