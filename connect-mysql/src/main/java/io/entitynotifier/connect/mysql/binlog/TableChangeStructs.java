package io.entitynotifier.connect.mysql.binlog;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.mysql.schema.TableDescription;

/**
 * The {@code tableChanges} elements of a schema-change event in Debezium 3.6's schemas:
 * {@code io.debezium.connector.schema.Change {type, id, table}}, {@code io.debezium.connector.schema.Table} and
 * {@code io.debezium.connector.schema.Column}, all version 1, with the same fields, order and optionality.
 */
final class TableChangeStructs {

    private final Schema columnSchema = SchemaBuilder.struct()
            .name("io.debezium.connector.schema.Column")
            .version(1)
            .field("name", Schema.STRING_SCHEMA)
            .field("jdbcType", Schema.INT32_SCHEMA)
            .field("nativeType", Schema.OPTIONAL_INT32_SCHEMA)
            .field("typeName", Schema.STRING_SCHEMA)
            .field("typeExpression", Schema.OPTIONAL_STRING_SCHEMA)
            .field("charsetName", Schema.OPTIONAL_STRING_SCHEMA)
            .field("length", Schema.OPTIONAL_INT32_SCHEMA)
            .field("scale", Schema.OPTIONAL_INT32_SCHEMA)
            .field("position", Schema.INT32_SCHEMA)
            .field("optional", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("autoIncremented", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("generated", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("comment", Schema.OPTIONAL_STRING_SCHEMA)
            .field("defaultValueExpression", Schema.OPTIONAL_STRING_SCHEMA)
            .field(
                    "enumValues",
                    SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .build();
    private final Schema tableSchema = SchemaBuilder.struct()
            .name("io.debezium.connector.schema.Table")
            .version(1)
            .field("defaultCharsetName", Schema.OPTIONAL_STRING_SCHEMA)
            .field(
                    "primaryKeyColumnNames",
                    SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("columns", SchemaBuilder.array(columnSchema).build())
            .field("comment", Schema.OPTIONAL_STRING_SCHEMA)
            .optional()
            .build();
    private final Schema changeSchema = SchemaBuilder.struct()
            .name("io.debezium.connector.schema.Change")
            .version(1)
            .field("type", Schema.STRING_SCHEMA)
            .field("id", Schema.STRING_SCHEMA)
            .field("table", tableSchema)
            .build();

    Schema changeSchema() {
        return changeSchema;
    }

    /** One change; {@code table} null leaves the optional {@code table} field empty. */
    Struct change(String type, TableId id, TableDescription table) {
        Struct s = new Struct(changeSchema).put("type", type).put("id", quoted(id));
        if (table != null) {
            s.put("table", table(table));
        }
        return s;
    }

    /** Debezium's {@code TableId.toDoubleQuotedString()}: {@code "db"."table"}, embedded quotes doubled. */
    static String quoted(TableId id) {
        StringBuilder b = new StringBuilder();
        if (id.catalog() != null && !id.catalog().isEmpty()) {
            b.append(quote(id.catalog())).append('.');
        }
        return b.append(quote(id.table())).toString();
    }

    private static String quote(String part) {
        return '"' + part.replace("\"", "\"\"") + '"';
    }

    private Struct table(TableDescription t) {
        List<Struct> columns = new ArrayList<>();
        for (TableDescription.ColumnDescription c : t.columns()) {
            Struct s = new Struct(columnSchema)
                    .put("name", c.name())
                    .put("jdbcType", c.jdbcType())
                    .put("typeName", c.typeName())
                    .put("typeExpression", c.typeName())
                    .put("charsetName", c.charsetName())
                    .put("length", c.length())
                    .put("scale", c.scale())
                    .put("position", c.position())
                    .put("optional", c.optional())
                    .put("autoIncremented", c.autoIncremented())
                    .put("generated", c.autoIncremented())
                    .put("comment", c.comment())
                    .put("defaultValueExpression", c.defaultValueExpression());
            if (c.enumValues() != null && !c.enumValues().isEmpty()) {
                s.put("enumValues", c.enumValues());
            }
            columns.add(s);
        }
        return new Struct(tableSchema)
                .put("defaultCharsetName", t.defaultCharsetName())
                .put("primaryKeyColumnNames", t.primaryKeyColumnNames())
                .put("columns", columns)
                .put("comment", t.comment());
    }
}
