package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * The SQLite plugin as users install it: the {@code .tar.gz} unpacked into the worker's {@code plugin.path}, with
 * neither the connector, connect-common nor the SQLite driver on this JVM's classpath, so the worker can only load
 * them from the archive. A missing jar or ServiceLoader manifest fails here.
 */
class SqlitePluginArchiveIT {

    static final String PLUGIN = "entitynotifier-connect-sqlite";
    static final String CONNECTOR = "io.entitynotifier.connect.sqlite.SqliteSourceConnector";

    @TempDir
    static Path dir;

    static final String MONITORING = "io.entitynotifier.connect.monitoring.CdcMonitoringRestExtension";

    static Path pluginDir;
    static Path monitoringDir;
    static ConnectTestCluster cluster;

    @BeforeAll
    static void installAndStart() throws Exception {
        PluginArchives.assertNotOnTestClasspath(
                CONNECTOR,
                "io.entitynotifier.connect.common.event.Envelope",
                "org.sqlite.JDBC",
                "com.google.common.collect.ImmutableList",
                "io.opentelemetry.api.GlobalOpenTelemetry");
        PluginArchives.assertNotOnTestClasspath(MONITORING);
        Path pluginPath = dir.resolve("plugins");
        pluginDir = PluginArchives.untar(PLUGIN, pluginPath);
        monitoringDir = PluginArchives.untar("entitynotifier-connect-monitoring", pluginPath);
        cluster = ConnectTestCluster.start(
                Map.of("plugin.path", pluginPath.toString(), "rest.extension.classes", MONITORING));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void manifestAndPluginListingCarryTheBuildVersion() throws Exception {
        assertEquals(PLUGIN, PluginArchives.manifest(pluginDir).get("name").asText());
        assertEquals(
                "entitynotifier-connect-monitoring",
                PluginArchives.manifest(monitoringDir).get("name").asText());
        assertEquals(
                PluginArchives.VERSION, PluginArchives.connectorPlugins(cluster).get(CONNECTOR));
    }

    @Test
    void streamsSnapshotInsertUpdateDeleteExactlyOnceFromTheArchive() throws Exception {
        Path db = dir.resolve("shop.db");
        try (Connection c = sqliteConnection(db);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price DECIMAL(10,2))");
            s.execute("INSERT INTO customers VALUES (1, 'Ann', 9.99), (2, 'Bob', NULL)");
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", CONNECTOR);
            config.put("database.path", db.toString());
            config.put("topic.prefix", "archive");
            config.put("poll.interval.ms", "50");
            cluster.deploy("archive-sqlite", config);
            String topic = "archive.main.customers";
            assertEquals(
                    2,
                    ChangeEvents.parse(cluster.consumeCommitted(2, Duration.ofSeconds(90), topic))
                            .size());

            s.execute("INSERT INTO customers VALUES (3, 'Cy', 1.50)");
            s.execute("UPDATE customers SET name = 'Bobby' WHERE id = 2");
            s.execute("DELETE FROM customers WHERE id = 1");
            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(6, Duration.ofSeconds(90), topic));
            assertEquals(6, events.size(), "each change exactly once");
            assertEquals(
                    List.of("r", "r", "c", "u", "d"),
                    ChangeEvents.withoutTombstones(events).stream()
                            .map(Event::op)
                            .toList());
            assertEquals("Cy", events.get(2).after().get("name").asText());
            assertEquals("Bob", events.get(3).before().get("name").asText());
            assertEquals("Bobby", events.get(3).after().get("name").asText());
            assertEquals("Ann", events.get(4).before().get("name").asText());
            assertTrue(events.get(5).isTombstone());
            assertEquals(1, events.get(5).key().get("id").asInt());
            assertEquals(
                    PluginArchives.VERSION,
                    events.get(2).source().get("version").asText());
            assertEquals("sqlite", events.get(2).source().get("connector").asText());

            // The monitoring REST extension, loaded from its own archive, serves this task's metrics.
            String metrics = PluginArchives.get(cluster, "cdc/metrics");
            assertTrue(metrics.contains("connector=\"archive-sqlite\""), metrics);
            assertTrue(metrics.contains("entitynotifier_"), metrics);
        }
        cluster.connect().deleteConnector("archive-sqlite");
    }

    /** The test writes the database the way an application would, with the driver from the plugin's own lib/. */
    private static Connection sqliteConnection(Path db) throws Exception {
        Driver driver = PluginArchives.driver(pluginDir, "sqlite-jdbc", "org.sqlite.JDBC");
        Properties props = new Properties();
        props.put("busy_timeout", "10000");
        return driver.connect("jdbc:sqlite:" + db, props);
    }
}
