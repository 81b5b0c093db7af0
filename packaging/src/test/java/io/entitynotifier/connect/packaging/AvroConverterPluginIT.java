package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * The Avro setup of docs/avro.md as users do it: the SQLite plugin from its archive and Apicurio's converter from
 * the plugin directory the build makes (target/converters/apicurio-avro-converter), both on plugin.path and neither on
 * this JVM's classpath, with plugin.discovery=service_load. Records are read read_committed and decoded with plain
 * Avro against the schema the converter registered.
 */
class AvroConverterPluginIT {

    static final String CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";
    static final Path CONVERTER_DIR =
            PluginArchives.BUILT.resolveSibling("converters").resolve("apicurio-avro-converter");

    @TempDir
    static Path dir;

    static Path sqlitePlugin;
    static FakeApicurioRegistry registry;
    static ConnectTestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        PluginArchives.assertNotOnTestClasspath(CONVERTER, "io.entitynotifier.connect.sqlite.SqliteSourceConnector");
        Path pluginPath = dir.resolve("plugins");
        sqlitePlugin = PluginArchives.untar("entitynotifier-connect-sqlite", pluginPath);
        copyTree(CONVERTER_DIR, pluginPath.resolve("apicurio-avro-converter"));
        registry = new FakeApicurioRegistry();
        cluster = ConnectTestCluster.start(Map.of("plugin.path", pluginPath.toString()));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    static void copyTree(Path from, Path to) throws Exception {
        assertTrue(Files.isDirectory(from), "converter plugin not built: " + from);
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void theConverterPluginIsDiscoveredAndWritesAvroThatPlainAvroReads() throws Exception {
        JsonNode plugins =
                PluginArchives.JSON.readTree(PluginArchives.get(cluster, "connector-plugins?connectorsOnly=false"));
        boolean listed = false;
        for (JsonNode p : plugins) {
            listed |= p.get("class").asText().equals(CONVERTER)
                    && p.get("type").asText().equals("converter");
        }
        assertTrue(listed, "converter not discovered under service_load: " + plugins);

        Path db = dir.resolve("avro-plugin.db");
        var driver = PluginArchives.driver(sqlitePlugin, "sqlite-jdbc", "org.sqlite.JDBC");
        try (Connection c = driver.connect("jdbc:sqlite:" + db, new Properties());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price DECIMAL(10,2))");
            s.execute("INSERT INTO items VALUES (1, 'Ann', 9.99)");
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", "io.entitynotifier.connect.sqlite.SqliteSourceConnector");
            config.put("database.path", db.toString());
            config.put("topic.prefix", "avroplugin");
            config.put("poll.interval.ms", "50");
            for (String side : List.of("key", "value")) {
                config.put(side + ".converter", CONVERTER);
                config.put(side + ".converter.apicurio.registry.url", registry.url());
                config.put(side + ".converter.apicurio.registry.auto-register", "true");
            }
            cluster.deploy("avro-plugin", config);
            String topic = "avroplugin.main.items";
            cluster.consumeCommitted(1, Duration.ofSeconds(90), topic);
            s.execute("DELETE FROM items WHERE id = 1");
            List<ConsumerRecord<byte[], byte[]>> records = cluster.consumeCommitted(3, Duration.ofSeconds(90), topic);
            assertEquals(3, records.size(), "read, delete, tombstone");

            GenericRecord read = decode(records.get(0), "value");
            assertEquals("r", read.get("op").toString());
            GenericRecord after = (GenericRecord) read.get("after");
            assertEquals("Ann", after.get("name").toString());
            GenericRecord deleted = decode(records.get(1), "value");
            assertEquals("d", deleted.get("op").toString());
            assertNull(deleted.get("after"));
            assertEquals(1L, decode(records.get(2), "key").get("id"));
            assertNull(records.get(2).value(), "tombstone");
        }
        cluster.connect().deleteConnector("avro-plugin");
    }

    /** Plain Avro: the schema is fetched from the registry by the global id Apicurio put in the record's headers. */
    static GenericRecord decode(ConsumerRecord<byte[], byte[]> r, String side) throws Exception {
        Header h = r.headers().lastHeader("apicurio." + side + ".globalId");
        assertNotNull(h, "no apicurio." + side + ".globalId header");
        long id = ByteBuffer.wrap(h.value()).getLong();
        String schemaText = registry.schema(id);
        assertNotNull(schemaText, "schema " + id + " not registered");
        Schema schema = new Schema.Parser().parse(schemaText);
        byte[] payload = side.equals("key") ? r.key() : r.value();
        return new GenericDatumReader<GenericRecord>(schema)
                .read(null, DecoderFactory.get().binaryDecoder(payload, null));
    }
}
