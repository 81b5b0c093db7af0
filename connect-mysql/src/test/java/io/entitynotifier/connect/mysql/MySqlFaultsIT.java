package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.entitynotifier.connect.common.testing.BrokerRestartFault;
import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ChildWorker;
import io.entitynotifier.connect.common.testing.CommittedCounter;
import io.entitynotifier.connect.common.testing.CommittedReader;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.common.testing.ExactlyOnceCheck;
import io.entitynotifier.connect.common.testing.JdbcWorkload;
import io.entitynotifier.connect.common.testing.TcpProxy;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * Faults: the Connect worker killed with SIGKILL at random points (a worker in its own JVM), the Kafka broker
 * restarted, and the network between connector and server cut and blocked. Each change exactly once, in commit order, no Kafka transaction ending
 * inside a MySQL transaction.
 */
class MySqlFaultsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(240);

    static Map<String, String> connector(DatabaseServer server, String name, int port) {
        Map<String, String> c = SharedFixtures.connector(server, name, name);
        c.putAll(ConnectTestCluster.exactlyOnceDefaults());
        c.put("database.port", Integer.toString(port));
        c.put("tombstones.on.delete", "false");
        c.put("transaction.group.max.records", "500");
        return c;
    }

    static String prepare(DatabaseServer server, String name) throws Exception {
        server.execute(
                null,
                "CREATE DATABASE " + name,
                "GRANT SELECT ON " + name + ".* TO '" + DatabaseServer.CDC_USER + "'@'%'");
        server.execute(name, "CREATE TABLE " + name + " (id INT PRIMARY KEY, v INT NOT NULL)");
        return name + "." + name + "." + name;
    }

    static String gtid(Event e) {
        var g = e.source().get("gtid");
        return g == null || g.isNull() ? null : g.asText();
    }

    @ParameterizedTest
    @EnumSource(DatabaseServer.Flavor.class)
    @Tag("faults")
    void workerKilledTenTimesMidStream(DatabaseServer.Flavor flavor) throws Exception {
        DatabaseServer server = SharedFixtures.server(flavor);
        String name = "kill_" + flavor.name().toLowerCase();
        String topic = prepare(server, name);
        String bootstrap = SharedFixtures.cluster().connect().kafka().bootstrapServers();
        Path dir = Files.createTempDirectory(name);
        try (ChildWorker worker = new ChildWorker(bootstrap, dir, Map.of());
                CommittedCounter delivered = new CommittedCounter(bootstrap, topic)) {
            worker.start();
            worker.putConnector(name, connector(server, name, server.port()));
            worker.awaitTaskRunning(name);
            JdbcWorkload w = new JdbcWorkload(() -> server.admin(name), name, 400);
            Thread writer = new Thread(w);
            writer.start();
            int kills = 10;
            worker.killRepeatedly(delivered, kills, new Random(5), 50, 400, TIMEOUT);
            w.stop();
            writer.join(TIMEOUT.toMillis());
            assertFalse(writer.isAlive());
            assertEquals(null, w.failure());
            List<Event> events =
                    ChangeEvents.parse(CommittedReader.read(bootstrap, w.committed.size(), TIMEOUT, topic));
            ExactlyOnceCheck.assertExactlyOnce(
                    flavor + " worker SIGKILL", kills, w.committed, events, MySqlFaultsIT::gtid);
        }
    }

    @Test
    @Tag("faults")
    void brokerRestartedMidStream() throws Exception {
        DatabaseServer server = SharedFixtures.server(DatabaseServer.Flavor.MYSQL8);
        String name = "broker";
        String topic = prepare(server, name);
        try (ConnectTestCluster connect = ConnectTestCluster.startForBrokerRestart()) {
            connect.deploy(name, connector(server, name, server.port()));
            BrokerRestartFault.run(
                    "mysql broker restart",
                    connect,
                    name,
                    topic,
                    new JdbcWorkload(() -> server.admin(name), name, 400),
                    TIMEOUT,
                    MySqlFaultsIT::gtid);
            connect.connect().deleteConnector(name);
        }
    }

    @Test
    void networkCutAndBlockedMidStream() throws Exception {
        DatabaseServer server = SharedFixtures.server(DatabaseServer.Flavor.MARIADB);
        ConnectTestCluster connect = SharedFixtures.cluster();
        String name = "netcut";
        String topic = prepare(server, name);
        try (TcpProxy proxy = new TcpProxy(server.port());
                CommittedCounter delivered =
                        new CommittedCounter(connect.connect().kafka().bootstrapServers(), topic)) {
            connect.deploy(name, connector(server, name, proxy.port()));
            JdbcWorkload w = new JdbcWorkload(() -> server.admin(name), name, 400);
            Thread writer = new Thread(w);
            writer.start();
            delivered.awaitAtLeast(200, TIMEOUT);
            proxy.cut();
            delivered.awaitAtLeast(delivered.count() + 200, TIMEOUT);
            proxy.block();
            TestUtils.waitForCondition(() -> w.transactions.get() > 300, TIMEOUT.toMillis(), "writer stalled");
            proxy.unblock();
            delivered.awaitAtLeast(delivered.count() + 200, TIMEOUT);
            w.stop();
            writer.join(TIMEOUT.toMillis());
            assertEquals(null, w.failure());
            List<Event> events = ChangeEvents.parse(connect.consumeCommitted(w.committed.size(), TIMEOUT, topic));
            ExactlyOnceCheck.assertExactlyOnce("mariadb network cut", 0, w.committed, events, MySqlFaultsIT::gtid);
            assertEquals("RUNNING", connect.status(name).tasks().get(0).state(), "recovered by itself");
            connect.connect().deleteConnector(name);
        }
    }
}
