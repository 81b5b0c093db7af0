package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.common.util.concurrent.RateLimiter;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ChildWorker;
import io.entitynotifier.connect.common.testing.CommittedCounter;
import io.entitynotifier.connect.common.testing.CommittedReader;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.common.testing.TcpProxy;

/**
 * Faults between the connector and the world: the Connect worker killed with SIGKILL at random points, and the
 * network between connector and PostgreSQL cut and blocked. Each change must arrive exactly once, in commit order,
 * and no Kafka transaction may end inside a PostgreSQL transaction.
 */
@ExtendWith(TestEnvironment.class)
class PostgresFaultsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(240);

    /** The application: one writer, mixed transactions, recording what it committed in commit order. */
    static final class Workload implements Runnable {
        final List<String> committed = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger transactions = new AtomicInteger();
        final String table;
        volatile boolean stop;
        volatile Throwable failure;

        Workload(String table) {
            this.table = table;
        }

        @Override
        public void run() {
            Random rnd = new Random(3);
            RateLimiter pace = RateLimiter.create(400);
            int nextId = 1;
            try (Connection c = TestEnvironment.postgres().connect()) {
                c.setAutoCommit(false);
                while (!stop) {
                    int size = new int[] {1, 1, 5, 30}[rnd.nextInt(4)];
                    pace.acquire(size);
                    List<String> ops = new ArrayList<>();
                    try (Statement s = c.createStatement()) {
                        for (int i = 0; i < size; i++) {
                            int kind = nextId < 50 ? 0 : rnd.nextInt(10);
                            if (kind < 7) {
                                s.execute("INSERT INTO " + table + " VALUES (" + nextId + ", 0)");
                                ops.add("c:" + nextId++);
                            } else if (kind < 9) {
                                int id = nextId - 1 - rnd.nextInt(20);
                                if (s.executeUpdate("UPDATE " + table + " SET v = v + 1 WHERE id = " + id) == 1) {
                                    ops.add("u:" + id);
                                }
                            } else {
                                int id = nextId - 1 - rnd.nextInt(20);
                                if (s.executeUpdate("DELETE FROM " + table + " WHERE id = " + id) == 1) {
                                    ops.add("d:" + id);
                                }
                            }
                        }
                    }
                    c.commit();
                    committed.addAll(ops);
                    transactions.incrementAndGet();
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    static Map<String, String> connector(String name, int port) {
        Map<String, String> c = TestEnvironment.postgres().connectorConfig(name, name + "_slot", name + "_pub");
        c.putAll(ConnectTestCluster.exactlyOnceDefaults());
        c.put("database.port", Integer.toString(port));
        c.put("table.include.list", "public\\." + name);
        c.put("tombstones.on.delete", "false");
        c.put("transaction.group.max.records", "500");
        return c;
    }

    /** Events in Kafka order against the writer's commits; no Kafka transaction marker inside a source transaction. */
    static void assertExactlyOnce(String scenario, int kills, Workload w, List<Event> events) {
        List<String> got = new ArrayList<>();
        int splitTransactions = 0;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            got.add(e.op() + ":" + e.key().get("id").asInt());
            if (i > 0) {
                Event prev = events.get(i - 1);
                boolean markerBetween = e.record().offset() - prev.record().offset() > 1;
                String tx = e.source().get("txId").asText();
                if (markerBetween && tx.equals(prev.source().get("txId").asText())) {
                    splitTransactions++;
                }
            }
        }
        List<String> expected = new ArrayList<>(w.committed);
        int duplicated = Math.max(0, got.size() - expected.size());
        int lost = Math.max(0, expected.size() - got.size());
        System.out.printf("FAULTS %s: kills=%d written=%d read=%d lost=%d duplicated=%d split-transactions=%d%n",
                scenario, kills, expected.size(), got.size(), lost, duplicated, splitTransactions);
        assertEquals(expected, got, "every change exactly once, in commit order");
        assertEquals(0, splitTransactions, "a Kafka transaction ended inside a PostgreSQL transaction");
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
            Workload w = new Workload(name);
            Thread writer = new Thread(w);
            writer.start();
            int kills = 10;
            worker.killRepeatedly(delivered, kills, new Random(11), 50, 400, TIMEOUT);
            w.stop = true;
            writer.join(TIMEOUT.toMillis());
            assertFalse(writer.isAlive());
            assertEquals(null, w.failure);
            List<Event> events = ChangeEvents.parse(CommittedReader.read(bootstrap, w.committed.size(), TIMEOUT,
                    name + ".public." + name));
            assertExactlyOnce("postgres worker SIGKILL", kills, w, events);
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
             CommittedCounter delivered = new CommittedCounter(connect.connect().kafka().bootstrapServers(), topic)) {
            Map<String, String> c = connector(name, proxy.port());
            c.put("retriable.restart.connector.wait.ms", "500");
            connect.deploy(name, c);
            pg.awaitSlot(name + "_slot");
            Workload w = new Workload(name);
            Thread writer = new Thread(w);
            writer.start();
            delivered.awaitAtLeast(200, TIMEOUT);
            proxy.cut();                                   // connections dropped
            delivered.awaitAtLeast(delivered.count() + 200, TIMEOUT);
            proxy.block();                                 // database unreachable for a while
            TestUtils.waitForCondition(() -> w.transactions.get() > 300, TIMEOUT.toMillis(), "writer stalled");
            proxy.unblock();
            delivered.awaitAtLeast(delivered.count() + 200, TIMEOUT);
            w.stop = true;
            writer.join(TIMEOUT.toMillis());
            assertEquals(null, w.failure);
            List<Event> events = ChangeEvents.parse(connect.consumeCommitted(w.committed.size(), TIMEOUT, topic));
            assertExactlyOnce("postgres network cut", 0, w, events);
            assertEquals("RUNNING", connect.status(name).tasks().get(0).state(), "recovered by itself");
            connect.connect().deleteConnector(name);
        }
    }
}
