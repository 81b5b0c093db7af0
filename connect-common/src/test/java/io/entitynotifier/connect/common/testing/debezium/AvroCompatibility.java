package io.entitynotifier.connect.common.testing.debezium;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Whether a schema registry would accept our connector's value schema as the next version of Debezium's for the same
 * table: both records' Connect schemas (from the JSON converter with schemas) go through the Avro conversion Apicurio's
 * AvroConverter registers (a fork of Confluent's {@code AvroData}), and Avro's own {@link SchemaCompatibility} checks
 * that each can read the other's data (a registry's BACKWARD and FORWARD rules, so FULL). The two sides run under
 * different topic prefixes in one test; the prefix in schema names is made the same first, as it is after a user
 * switches {@code connector.class} and keeps {@code topic.prefix}.
 */
public final class AvroCompatibility {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AvroCompatibility() {}

    /**
     * Null when the value schemas of the two records are compatible both ways, else what Avro says is wrong.
     *
     * @param debezium   a Debezium record's value, as the JSON converter with schemas wrote it
     * @param ours       our record's value for the same table
     * @param debeziumPrefix Debezium's topic.prefix
     * @param ourPrefix  ours
     */
    public static String incompatibility(byte[] debezium, byte[] ours, String debeziumPrefix, String ourPrefix) {
        Schema theirs = avroSchema(debezium, null, null);
        Schema mine = avroSchema(ours, ourPrefix, debeziumPrefix);
        StringBuilder sb = new StringBuilder();
        var backward = SchemaCompatibility.checkReaderWriterCompatibility(mine, theirs);
        if (backward.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            sb.append("ours cannot read Debezium's data: ")
                    .append(backward.getResult().getIncompatibilities());
        }
        var forward = SchemaCompatibility.checkReaderWriterCompatibility(theirs, mine);
        if (forward.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            sb.append(sb.length() == 0 ? "" : "; ")
                    .append("Debezium's schema cannot read our data: ")
                    .append(forward.getResult().getIncompatibilities());
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** The Avro schema Apicurio's converter would register for a JSON-with-schema value. */
    public static Schema avroSchema(byte[] jsonWithSchema, String fromPrefix, String toPrefix) {
        byte[] json = jsonWithSchema;
        if (fromPrefix != null) {
            try {
                JsonNode root = JSON.readTree(jsonWithSchema);
                rename(root.get("schema"), fromPrefix + ".", toPrefix + ".");
                json = JSON.writeValueAsBytes(root);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("not JSON", e);
            }
        }
        try (JsonConverter converter = new JsonConverter()) {
            converter.configure(Map.of("schemas.enable", "true"), false);
            var connect = converter.toConnectData("t", json);
            return new AvroData(new AvroDataConfig(Map.of())).fromConnectSchema(connect.schema());
        }
    }

    private static void rename(JsonNode schema, String from, String to) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        JsonNode name = schema.get("name");
        if (name != null && name.isTextual() && name.asText().startsWith(from)) {
            ((ObjectNode) schema).put("name", to + name.asText().substring(from.length()));
        }
        for (String child : new String[] {"items", "keys", "values"}) {
            rename(schema.get(child), from, to);
        }
        JsonNode fields = schema.get("fields");
        if (fields != null) {
            for (Iterator<JsonNode> it = fields.elements(); it.hasNext(); ) {
                rename(it.next(), from, to);
            }
        }
    }
}
