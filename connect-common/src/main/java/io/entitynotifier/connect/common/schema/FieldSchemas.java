package io.entitynotifier.connect.common.schema;

import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/** Copies of Connect schemas with other parameters (for the column mappers' schema parameters). */
final class FieldSchemas {

    private FieldSchemas() {}

    /** {@code schema} with exactly {@code parameters}; everything else (name, version, doc, default, optional) kept. */
    static Schema withParameters(Schema schema, Map<String, String> parameters) {
        SchemaBuilder b = builderFor(schema);
        if (schema.name() != null) {
            b.name(schema.name());
        }
        if (schema.version() != null) {
            b.version(schema.version());
        }
        if (schema.doc() != null) {
            b.doc(schema.doc());
        }
        if (!parameters.isEmpty()) {
            b.parameters(parameters);
        }
        if (schema.isOptional()) {
            b.optional();
        }
        if (schema.defaultValue() != null) {
            b.defaultValue(schema.defaultValue());
        }
        return b.build();
    }

    private static SchemaBuilder builderFor(Schema schema) {
        switch (schema.type()) {
            case ARRAY:
                return SchemaBuilder.array(schema.valueSchema());
            case MAP:
                return SchemaBuilder.map(schema.keySchema(), schema.valueSchema());
            case STRUCT:
                SchemaBuilder s = SchemaBuilder.struct();
                for (Field f : schema.fields()) {
                    s.field(f.name(), f.schema());
                }
                return s;
            default:
                return new SchemaBuilder(schema.type());
        }
    }
}
