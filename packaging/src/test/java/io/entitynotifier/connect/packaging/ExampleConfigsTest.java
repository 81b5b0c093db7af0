package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.junit.jupiter.api.Test;

/**
 * Every example under packaging/examples/ is a valid POST /connectors body: each key is one the connector or Connect
 * defines (no typos users would copy), and the values pass the connector's ConfigDef validation.
 */
class ExampleConfigsTest {

    static final List<String> CONNECT_PREFIXES = List.of(
            "key.converter.",
            "value.converter.",
            "header.converter.",
            "transforms.",
            "predicates.",
            "producer.override.",
            "admin.override.",
            "errors.",
            "topic.creation.");

    @Test
    void examplesUseOnlyDefinedKeysWithValidValues() throws Exception {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            examples =
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(4, examples.size(), "one example per database: " + examples);
        Set<String> connectKeys = SourceConnectorConfig.configDef().names();
        for (Path example : examples) {
            JsonNode body = new ObjectMapper().readTree(example.toFile());
            assertTrue(body.hasNonNull("name"), example + " has a connector name");
            Map<String, String> config = new HashMap<>();
            body.get("config")
                    .fields()
                    .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            Connector connector = (Connector) Class.forName(config.get("connector.class"))
                    .getDeclaredConstructor()
                    .newInstance();
            ConfigDef def = connector.config();
            List<String> unknown = new ArrayList<>();
            for (String key : config.keySet()) {
                boolean known = def.names().contains(key)
                        || connectKeys.contains(key)
                        || CONNECT_PREFIXES.stream().anyMatch(key::startsWith);
                if (!known) {
                    unknown.add(key);
                }
            }
            assertTrue(unknown.isEmpty(), example + " uses keys neither the connector nor Connect defines: " + unknown);
            for (ConfigValue v : def.validate(config)) {
                assertTrue(v.errorMessages().isEmpty(), example + ": " + v.name() + ": " + v.errorMessages());
            }
        }
    }
}
