package io.entitynotifier.connect.common.testing.debezium;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The checker behind the Debezium diff tests' Avro assertion finds what a registry would refuse (Avro matches record
 * names by their short name, as the registries do).
 */
class AvroCompatibilityTest {

    private static byte[] value(String prefix, String sourceName, String idType) {
        String json = "{\"schema\":{\"type\":\"struct\",\"name\":\"" + prefix + ".s.t.Envelope\",\"optional\":false,"
                + "\"fields\":[{\"field\":\"after\",\"type\":\"struct\",\"name\":\"" + prefix + ".s.t.Value\","
                + "\"optional\":true,\"fields\":[{\"field\":\"id\",\"type\":\"" + idType + "\",\"optional\":false}]},"
                + "{\"field\":\"source\",\"type\":\"struct\",\"name\":\"" + sourceName + "\",\"optional\":false,"
                + "\"fields\":[{\"field\":\"db\",\"type\":\"string\",\"optional\":false}]}]},"
                + "\"payload\":{\"after\":{\"id\":" + ("string".equals(idType) ? "\"1\"" : "1") + "},"
                + "\"source\":{\"db\":\"d\"}}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sameSchemasUnderOtherPrefixesAreCompatible() {
        assertNull(AvroCompatibility.incompatibility(
                value("dbz", "io.debezium.connector.postgresql.Source", "int32"),
                value("ours", "io.debezium.connector.postgresql.Source", "int32"),
                "dbz",
                "ours"));
    }

    @Test
    void aChangedFieldTypeOrSourceNameIsReported() {
        assertNotNull(AvroCompatibility.incompatibility(
                value("dbz", "io.debezium.connector.postgresql.Source", "int32"),
                value("ours", "io.debezium.connector.postgresql.Source", "string"),
                "dbz",
                "ours"));
        assertNotNull(AvroCompatibility.incompatibility(
                value("dbz", "io.debezium.connector.postgresql.Source", "int32"),
                value("ours", "io.entitynotifier.SourceInfo", "int32"),
                "dbz",
                "ours"));
    }
}
