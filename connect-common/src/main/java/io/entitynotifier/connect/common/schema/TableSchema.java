package io.entitynotifier.connect.common.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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
    /** valueIndexes[f]: the row position of the value's f-th field. */
    private final int[] valueIndexes;
    /** valueConverters[f]: the column mapper's converter for the f-th field, or null. */
    private final List<UnaryOperator<Object>> valueConverters;

    private final Schema keySchema;
    private final Schema rowSchema;
    private final Schema envelopeSchema;

    private TableSchema(
            TableId id,
            String topic,
            List<Column> columns,
            String namePrefix,
            Schema sourceSchema,
            TableFilter filter) {
        this.id = id;
        this.topic = topic;
        this.columns = List.copyOf(columns);
        this.keyIndexes = filter == null
                ? KeyColumns.none().keyIndexes(id, columns)
                : filter.keyColumns().keyIndexes(id, columns);
        SchemaBuilder key = SchemaBuilder.struct().name(namePrefix + ".Key");
        for (int i : keyIndexes) {
            Column c = columns.get(i);
            key.field(c.name(), c.schema());
        }
        SchemaBuilder row = SchemaBuilder.struct().name(namePrefix + ".Value").optional();
        List<Integer> values = new ArrayList<>();
        List<UnaryOperator<Object>> converters = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (filter != null && !filter.inValue(id, c.name())) {
                continue;
            }
            ColumnMapper mapper = filter == null ? null : filter.mappers().mapperFor(id, c);
            Schema field = c.schema();
            UnaryOperator<Object> converter = null;
            if (mapper != null) {
                Map<String, String> parameters =
                        new LinkedHashMap<>(field.parameters() == null ? Map.of() : field.parameters());
                mapper.alterSchema(c, parameters);
                if (!parameters.equals(field.parameters() == null ? Map.of() : field.parameters())) {
                    field = FieldSchemas.withParameters(field, parameters);
                }
                converter = mapper.converter(c);
            }
            row.field(c.name(), field);
            values.add(i);
            converters.add(converter);
        }
        this.valueIndexes = values.stream().mapToInt(Integer::intValue).toArray();
        this.valueConverters = java.util.Collections.unmodifiableList(converters);
        this.keySchema = keyIndexes.length == 0 ? null : key.build();
        this.rowSchema = row.build();
        this.envelopeSchema = Envelope.schema(namePrefix + ".Envelope", rowSchema, sourceSchema);
    }

    /**
     * @param topicPrefix  {@code topic.prefix}; topic and schema names derive from it and the table id
     * @param sourceSchema the connector's {@code source} block schema
     */
    public static TableSchema of(String topicPrefix, TableId id, List<Column> columns, Schema sourceSchema) {
        return of(topicPrefix, id, columns, sourceSchema, null);
    }

    /**
     * The schema every connector builds: {@code filter} decides which of {@code columns} (the row layout) appear in
     * the value ({@code column.include.list}/{@code column.exclude.list}; a key column may be in the key only), which
     * form the key ({@code message.key.columns}, else the primary key) and which value fields the column mappers
     * mask, hash, truncate or annotate. Key fields are never mapped, as in Debezium.
     *
     * @param filter null: every column in the value, the primary key as key, no mappers
     */
    public static TableSchema of(
            String topicPrefix, TableId id, List<Column> columns, Schema sourceSchema, TableFilter filter) {
        String topic = SchemaNames.topic(topicPrefix, id);
        String namePrefix = SchemaNames.avroFullName(topicPrefix + "." + id.identifier());
        return new TableSchema(id, topic, columns, namePrefix, sourceSchema, filter);
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

    /** The key columns' names: {@code message.key.columns} where it names some, else the primary key. */
    public List<String> keyColumnNames() {
        List<String> names = new ArrayList<>(keyIndexes.length);
        for (int i : keyIndexes) {
            names.add(columns.get(i).name());
        }
        return names;
    }

    /** Null for a table without a key (no primary key and none from {@code message.key.columns}): a null key. */
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
        List<org.apache.kafka.connect.data.Field> fields = rowSchema.fields();
        for (int f = 0; f < valueIndexes.length; f++) {
            Object v = row[valueIndexes[f]];
            UnaryOperator<Object> converter = valueConverters.get(f);
            s.put(fields.get(f), converter == null ? v : converter.apply(v));
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
