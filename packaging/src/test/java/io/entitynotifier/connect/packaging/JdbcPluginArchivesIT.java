package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * The PostgreSQL, MySQL and Oracle plugins as users install them: the {@code .zip} archives unpacked into the
 * worker's {@code plugin.path}, with none of the connectors or drivers on this JVM's classpath. Each is listed with
 * the build's version, and validating a config against an unused local port gets as far as the JDBC driver's
 * "connection refused": the connector, connect-common and the driver all loaded from the archive. The PostgreSQL
 * and MySQL plugins also stream from private PostgreSQL and MariaDB servers end to end.
 */
class JdbcPluginArchivesIT {

    /** {@code refused}: how the plugin's JDBC driver words a refused TCP connection. */
    record Plugin(String name, String connectorClass, String driverClass, String refused, Map<String, String> config) {}

    static final List<Plugin> PLUGINS = List.of(
            new Plugin(
                    "entitynotifier-connect-postgres",
                    "io.entitynotifier.connect.postgres.PostgresSourceConnector",
                    "org.postgresql.Driver",
                    "connection to 127.0.0.1:%d refused",
                    Map.of("database.user", "nobody", "database.password", "x", "database.dbname", "inventory")),
            new Plugin(
                    "entitynotifier-connect-mysql",
                    "io.entitynotifier.connect.mysql.MySqlSourceConnector",
                    "org.mariadb.jdbc.Driver",
                    "socket fail to connect to 127.0.0.1:%d. connection refused",
                    Map.of("database.user", "nobody", "database.password", "x", "database.server.id", "5401")),
            new Plugin(
                    "entitynotifier-connect-oracle",
                    "io.entitynotifier.connect.oracle.OracleSourceConnector",
                    "oracle.jdbc.OracleDriver",
                    "ora-12541: cannot connect. no listener at host 127.0.0.1 port %d",
                    Map.of("database.user", "nobody", "database.password", "x", "database.dbname", "ORCLPDB1")));

    @TempDir
    static Path dir;

    static Map<String, Path> pluginDirs = new HashMap<>();
    static ConnectTestCluster cluster;

    @BeforeAll
    static void installAndStart() throws Exception {
        Path pluginPath = dir.resolve("plugins");
        for (Plugin p : PLUGINS) {
            PluginArchives.assertNotOnTestClasspath(p.connectorClass(), p.driverClass());
            pluginDirs.put(p.name(), PluginArchives.unzip(p.name(), pluginPath));
        }
        cluster = ConnectTestCluster.start(Map.of("plugin.path", pluginPath.toString()));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void manifestsAndPluginListingCarryTheBuildVersion() throws Exception {
        Map<String, String> listed = PluginArchives.connectorPlugins(cluster);
        for (Plugin p : PLUGINS) {
            assertEquals(
                    p.name(),
                    PluginArchives.manifest(pluginDirs.get(p.name()))
                            .get("name")
                            .asText());
            assertEquals(PluginArchives.VERSION, listed.get(p.connectorClass()), p.connectorClass() + " in " + listed);
        }
    }

    @Test
    void validationReachesTheJdbcDriverInsideTheArchive() throws Exception {
        int port = PluginArchives.unusedPort();
        for (Plugin p : PLUGINS) {
            Map<String, String> config = new HashMap<>(p.config());
            config.put("connector.class", p.connectorClass());
            config.put("name", "archive-" + p.name());
            config.put("topic.prefix", "archive");
            config.put("database.hostname", "127.0.0.1");
            config.put("database.port", Integer.toString(port));
            ConfigInfos result = cluster.validate(p.connectorClass(), config);
            String errors = String.join(
                    " | ",
                    result.configs().stream()
                            .flatMap(v -> v.configValue().errors().stream())
                            .toList());
            String lower = errors.toLowerCase(Locale.ROOT);
            String refused = String.format(p.refused(), port);
            assertTrue(lower.contains(refused), p.name() + ": expected the driver's '" + refused + "', got: " + errors);
            assertEquals(1, result.errorCount(), p.name() + ": only the connection fails: " + errors);
            for (String missing : List.of("classnotfound", "noclassdeffound", "no suitable driver")) {
                assertFalse(lower.contains(missing), p.name() + ": " + errors);
            }
        }
    }

    /** The PostgreSQL plugin from the archive streams for real: snapshot and changes of a private server. */
    @Test
    void postgresPluginFromTheArchiveStreamsChangesExactlyOnce() throws Exception {
        Path pluginDir = pluginDirs.get("entitynotifier-connect-postgres");
        try (PrivatePostgres pg =
                new PrivatePostgres(PluginArchives.driver(pluginDir, "postgresql", "org.postgresql.Driver"))) {
            pg.exec(
                    "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)",
                    "ALTER TABLE customers REPLICA IDENTITY FULL",
                    "INSERT INTO customers VALUES (1, 'Ann'), (2, 'Bob')");
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", "io.entitynotifier.connect.postgres.PostgresSourceConnector");
            config.put("database.hostname", "127.0.0.1");
            config.put("database.port", Integer.toString(pg.port));
            config.put("database.user", "postgres");
            config.put("database.password", "");
            config.put("database.dbname", "postgres");
            config.put("database.sslmode", "disable");
            config.put("topic.prefix", "archivepg");
            config.put("slot.name", "archive");
            config.put("publication.name", "archive");
            config.put("publication.autocreate.mode", "filtered");
            cluster.deploy("archive-postgres", config);
            String topic = "archivepg.public.customers";
            cluster.consumeCommitted(2, Duration.ofSeconds(90), topic);
            pg.exec(
                    "INSERT INTO customers VALUES (3, 'Cy')",
                    "UPDATE customers SET name = 'Bobby' WHERE id = 2",
                    "DELETE FROM customers WHERE id = 1");
            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(6, Duration.ofSeconds(90), topic));
            assertEquals(6, events.size(), "each change exactly once");
            assertEquals(
                    List.of("r", "r", "c", "u", "d"),
                    ChangeEvents.withoutTombstones(events).stream()
                            .map(Event::op)
                            .toList());
            assertEquals("Bob", events.get(3).before().get("name").asText());
            assertEquals("Bobby", events.get(3).after().get("name").asText());
            assertTrue(events.get(5).isTombstone());
            assertEquals("postgresql", events.get(2).source().get("connector").asText());
            cluster.connect().deleteConnector("archive-postgres");
        }
    }

    /** The MySQL plugin from the archive streams for real from a private MariaDB server's binlog. */
    @Test
    void mySqlPluginFromTheArchiveStreamsChangesExactlyOnce() throws Exception {
        PrivateMariaDb.requireInstalled();
        try (PrivateMariaDb db = new PrivateMariaDb()) {
            db.sql(
                    "CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL)",
                    "INSERT INTO shop.customers VALUES (1, 'Ann'), (2, 'Bob')");
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", "io.entitynotifier.connect.mysql.MySqlSourceConnector");
            config.put("database.hostname", "127.0.0.1");
            config.put("database.port", Integer.toString(db.port));
            config.put("database.user", PrivateMariaDb.USER);
            config.put("database.password", PrivateMariaDb.PASSWORD);
            config.put("database.server.id", "5402");
            config.put("database.include.list", "shop");
            config.put("topic.prefix", "archivemy");
            cluster.deploy("archive-mysql", config);
            String topic = "archivemy.shop.customers";
            cluster.consumeCommitted(2, Duration.ofSeconds(90), topic);
            db.sql(
                    "INSERT INTO shop.customers VALUES (3, 'Cy')",
                    "UPDATE shop.customers SET name = 'Bobby' WHERE id = 2",
                    "DELETE FROM shop.customers WHERE id = 1");
            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(6, Duration.ofSeconds(90), topic));
            assertEquals(6, events.size(), "each change exactly once");
            assertEquals(
                    List.of("r", "r", "c", "u", "d"),
                    ChangeEvents.withoutTombstones(events).stream()
                            .map(Event::op)
                            .toList());
            assertEquals("Bob", events.get(3).before().get("name").asText());
            assertEquals("Bobby", events.get(3).after().get("name").asText());
            assertTrue(events.get(5).isTombstone());
            // a MariaDB server: Debezium's MariaDB connector's source block
            assertEquals("mariadb", events.get(2).source().get("connector").asText());
            cluster.connect().deleteConnector("archive-mysql");
        }
    }
}
