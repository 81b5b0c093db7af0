package io.entitynotifier.connect.postgres;

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
import org.junit.jupiter.api.extension.ExtendWith;

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

/**
 * Faults between the connector and the world: the Connect worker killed with SIGKILL at random points, the Kafka
 * broker restarted, and the network between connector and PostgreSQL cut and blocked. Each change must arrive exactly once, in commit order,
 * and no Kafka transaction may end inside a PostgreSQL transaction.
 */
@ExtendWith(TestEnvironment.class)
class PostgresFaultsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(240);

    static Map<String, String> connector(String name, int port) {
        Map<String, String> c = TestEnvironment.postgres().connectorConfig(name, name + "_slot", name + "_pub");
        c.putAll(ConnectTestCluster.exactlyOnceDefaults());
        c.put("database.port", Integer.toString(port));
        c.put("table.include.list", "public\\." + name);
        c.put("tombstones.on.delete", "false");
        c.put("transaction.group.max.records", "500");
        return c;
    }

    static JdbcWorkload workload(String table) {
        return new JdbcWorkload(() -> TestEnvironment.postgres().connect(), table, 400);
    }

    static String txId(Event e) {
        return e.source().get("txId").asText();
    }

    @Test
    @Tag("faults")
    void workerKilledTenTimesMidStream() throws Exception {
        PostgresServer pg = TestEnvironment.postgres();
        String name = "pgkill";
        pg.execute("CREATE TABLE " + name + " (id INT PRIMARY KEY, v INT NOT NULL)");
        String bootstrap = TestEnvironment.connect().connect().kafka().bootstrapServers();
        Path dir = Files.createTempDirectory("pgkill");
        try (ChildWorker worker = new ChildWorker(bootstrap, dir, Map.of());
                CommittedCounter delivered = new CommittedCounter(bootstrap, name + ".public." + name)) {
            worker.start();
            worker.putConnector(name, connector(name, pg.port()));
            pg.awaitSlot(name + "_slot");
            JdbcWorkload w = workload(name);
            Thread writer = new Thread(w);
            writer.start();
            int kills = 10;
            worker.killRepeatedly(delivered, kills, new Random(11), 50, 400, TIMEOUT);
            w.stop();
            writer.join(TIMEOUT.toMillis());
            assertFalse(writer.isAlive());
            assertEquals(null, w.failure());
            List<Event> events = ChangeEvents.parse(
                    CommittedReader.read(bootstrap, w.committed.size(), TIMEOUT, name + ".public." + name));
            ExactlyOnceCheck.assertExactlyOnce(
                    "postgres worker SIGKILL", kills, w.committed, events, PostgresFaultsIT::txId);
        }
    }

    /**
     * Two connectors on one database (issue 15), the worker SIGKILLed at random points: tenant A uses the default
     * publication name (its claim is renewed at every restart), tenant B a publication of its own; both write at once.
     * Each topic holds every change of its own table exactly once, in order.
     */
    @Test
    @Tag("faults")
    void twoConnectorsOnOneDatabaseUnderWorkerKills() throws Exception {
        PostgresServer pg = TestEnvironment.postgres();
        String[] names = {"pgtwo_a", "pgtwo_b"};
        String bootstrap = TestEnvironment.connect().connect().kafka().bootstrapServers();
        Path dir = Files.createTempDirectory("pgtwo");
        try (ChildWorker worker = new ChildWorker(bootstrap, dir, Map.of());
                CommittedCounter deliveredA = new CommittedCounter(bootstrap, "pgtwo_a.public.pgtwo_a")) {
            worker.start();
            List<JdbcWorkload> loads = new java.util.ArrayList<>();
            List<Thread> writers = new java.util.ArrayList<>();
            for (String name : names) {
                pg.execute("CREATE TABLE " + name + " (id INT PRIMARY KEY, v INT NOT NULL)");
                Map<String, String> c = connector(name, pg.port());
                if (name.endsWith("_a")) {
                    c.remove("publication.name"); // dbz_publication
                }
                c.put("transaction.group.max.records", "200");
                worker.putConnector(name, c);
                pg.awaitSlot(name + "_slot");
                JdbcWorkload w = new JdbcWorkload(() -> pg.connect(), name, 200);
                loads.add(w);
                writers.add(new Thread(w));
            }
            writers.forEach(Thread::start);
            int kills = 6;
            worker.killRepeatedly(deliveredA, kills, new Random(7), 50, 300, TIMEOUT);
            for (int i = 0; i < names.length; i++) {
                loads.get(i).stop();
                writers.get(i).join(TIMEOUT.toMillis());
                assertFalse(writers.get(i).isAlive());
                assertEquals(null, loads.get(i).failure());
            }
            for (int i = 0; i < names.length; i++) {
                String topic = names[i] + ".public." + names[i];
                List<Event> events = ChangeEvents.parse(
                        CommittedReader.read(bootstrap, loads.get(i).committed.size(), TIMEOUT, topic));
                ExactlyOnceCheck.assertExactlyOnce(
                        "postgres two connectors on one database, " + topic,
                        kills,
                        loads.get(i).committed,
                        events,
                        PostgresFaultsIT::txId);
                assertEquals("RUNNING", worker.taskState(names[i]));
            }
        } finally {
            PostgresSharedDatabaseIT.dropAll(
                    pg,
                    List.of("pgtwo_a_slot", "pgtwo_b_slot"),
                    List.of(PostgresConnectorConfig.PUBLICATION_NAME_DEFAULT, "pgtwo_b_pub"));
        }
    }

    @Test
    @Tag("faults")
    void brokerRestartedMidStream() throws Exception {
        PostgresServer pg = TestEnvironment.postgres();
        String name = "pgbroker";
        pg.execute("CREATE TABLE " + name + " (id INT PRIMARY KEY, v INT NOT NULL)");
        try (ConnectTestCluster connect = ConnectTestCluster.startForBrokerRestart()) {
            connect.deploy(name, connector(name, pg.port()));
            pg.awaitSlot(name + "_slot");
            BrokerRestartFault.run(
                    "postgres broker restart",
                    connect,
                    name,
                    name + ".public." + name,
                    workload(name),
                    TIMEOUT,
                    PostgresFaultsIT::txId);
            connect.connect().deleteConnector(name);
        }
    }

    @Test
    void networkCutAndBlockedMidStream() throws Exception {
        PostgresServer pg = TestEnvironment.postgres();
        ConnectTestCluster connect = TestEnvironment.connect();
        String name = "pgcut";
        pg.execute("CREATE TABLE " + name + " (id INT PRIMARY KEY, v INT NOT NULL)");
        String topic = name + ".public." + name;
        try (TcpProxy proxy = new TcpProxy(pg.port());
                CommittedCounter delivered =
                        new CommittedCounter(connect.connect().kafka().bootstrapServers(), topic)) {
            Map<String, String> c = connector(name, proxy.port());
            c.put("retriable.restart.connector.wait.ms", "500");
            connect.deploy(name, c);
            pg.awaitSlot(name + "_slot");
            JdbcWorkload w = workload(name);
            Thread writer = new Thread(w);
            writer.start();
            delivered.awaitAtLeast(200, TIMEOUT);
            proxy.cut(); // connections dropped
            delivered.awaitAtLeast(delivered.count() + 200, TIMEOUT);
            proxy.block(); // database unreachable for a while
            TestUtils.waitForCondition(() -> w.transactions.get() > 300, TIMEOUT.toMillis(), "writer stalled");
            proxy.unblock();
            delivered.awaitAtLeast(delivered.count() + 200, TIMEOUT);
            w.stop();
            writer.join(TIMEOUT.toMillis());
            assertEquals(null, w.failure());
            List<Event> events = ChangeEvents.parse(connect.consumeCommitted(w.committed.size(), TIMEOUT, topic));
            ExactlyOnceCheck.assertExactlyOnce("postgres network cut", 0, w.committed, events, PostgresFaultsIT::txId);
            assertEquals("RUNNING", connect.status(name).tasks().get(0).state(), "recovered by itself");
            connect.connect().deleteConnector(name);
        }
    }
}
