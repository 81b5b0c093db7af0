package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.HashMap;
import java.util.Map;

import io.apicurio.registry.utils.converter.AvroConverter;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;

/**
 * Apicurio's AvroConverter configured as a Connect worker would configure it. {@link #decode} reads bytes the way a
 * consumer-side converter does (a fresh instance: the schema comes from the registry by id, not from a cache), and
 * {@link #assertRoundTrip} checks that what comes back encodes to the same bytes and decodes to the same data.
 */
final class AvroRoundTrip {

    private final String registryUrl;

    AvroRoundTrip(FakeApicurioRegistry registry) {
        this.registryUrl = registry.url();
    }

    /** The converter settings, prefixed for a connector config ("key.converter." / "value.converter."). */
    Map<String, String> connectorSettings(String prefix) {
        Map<String, String> m = new HashMap<>();
        m.put(prefix.substring(0, prefix.length() - 1), AvroConverter.class.getName());
        for (Map.Entry<String, String> e : converterConfig().entrySet()) {
            m.put(prefix + e.getKey(), e.getValue());
        }
        return m;
    }

    Map<String, String> converterConfig() {
        return Map.of("apicurio.registry.url", registryUrl, "apicurio.registry.auto-register", "true");
    }

    AvroConverter converter(boolean isKey) {
        AvroConverter c = new AvroConverter();
        c.configure(converterConfig(), isKey);
        return c;
    }

    /** Connect data to Avro bytes; the schema's id goes to {@code headers} as in a worker. */
    byte[] encode(String topic, Headers headers, boolean isKey, Schema schema, Object value) {
        return converter(isKey).fromConnectData(topic, headers, schema, value);
    }

    SchemaAndValue decode(String topic, Headers headers, boolean isKey, byte[] bytes) {
        return converter(isKey).toConnectData(topic, headers, bytes);
    }

    /**
     * Decodes {@code bytes}, encodes the result again and decodes that: the bytes must be identical and the two
     * decoded values equal, so nothing was lost or changed on the way through Avro. Returns the decoded data.
     */
    SchemaAndValue assertRoundTrip(String topic, Headers headers, boolean isKey, byte[] bytes) {
        SchemaAndValue first = decode(topic, headers, isKey, bytes);
        assertNotNull(first.schema(), "decoded without a schema");
        Headers again = new RecordHeaders();
        byte[] reencoded = encode(topic, again, isKey, first.schema(), first.value());
        assertArrayEquals(bytes, reencoded, "re-encoding the decoded record changed its bytes on " + topic);
        SchemaAndValue second = decode(topic, again, isKey, reencoded);
        assertEquals(first, second, "decoding the re-encoded record gave different data on " + topic);
        return first;
    }
}
