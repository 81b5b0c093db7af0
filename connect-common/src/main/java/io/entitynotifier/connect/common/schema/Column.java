package io.entitynotifier.connect.common.schema;

import org.apache.kafka.connect.data.Schema;

/**
 * One captured column: its name, the Connect schema of its values (optional when the column is nullable), the
 * database's own type name (kept for error messages, schema-change events and {@code datatype.propagate.source.type})
 * and what the database says of its type ({@link SourceType}: character or not, length, scale), which the column
 * mappers ({@code column.mask.*}, {@code column.truncate.*}, {@code column.propagate.source.type}) read.
 */
public record Column(String name, String typeName, Schema schema, boolean primaryKey, SourceType source) {

    public Column {
        if (source == null) {
            source = SourceType.guess(schema);
        }
    }

    /** A column whose source type is guessed from its Connect schema (see {@link SourceType#guess}). */
    public Column(String name, String typeName, Schema schema, boolean primaryKey) {
        this(name, typeName, schema, primaryKey, null);
    }

    /** The type name the column mappers see: the source's bare name where the connector gives one. */
    public String sourceTypeName() {
        return source.typeName() != null ? source.typeName() : typeName;
    }

    public Column withSource(SourceType type) {
        return new Column(name, typeName, schema, primaryKey, type);
    }
}
