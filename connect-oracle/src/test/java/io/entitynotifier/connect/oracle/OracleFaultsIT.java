package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.h2.tools.Server;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ChildWorker;
import io.entitynotifier.connect.common.testing.CommittedCounter;
import io.entitynotifier.connect.common.testing.CommittedReader;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * The worker killed with SIGKILL at random points while interleaved Oracle transactions stream: the worker runs in
 * its own JVM and reaches the H2 stand-in over TCP. Every committed change must arrive exactly once, in commit order.
 * Takes minutes: runs with {@code mvn verify -Pfaults}.
 */
class OracleFaultsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    static Path dir;

    @Test
    @Tag("faults")
    void workerKilledRepeatedlyMidStreamLosesAndRepeatsNothing() throws Exception {
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        broker.put("auto.create.topics.enable", "true");
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Server tcp = Server.createTcpServer("-tcpPort", Integer.toString(port)).start();
        try (H2Oracle db = new H2Oracle("faults1");
                ChildWorker worker = new ChildWorker(kafka.bootstrapServers(), dir.resolve("worker"), Map.of());
                CommittedCounter delivered = new CommittedCounter(kafka.bootstrapServers(), "kill.APP.T")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK, N NUMBER(5)");
            RedoWriter redo = new RedoWriter(db);
            worker.start();
            Map<String, String> c = new HashMap<>(ConnectTestCluster.exactlyOnceDefaults());
            c.putAll(OracleStreamingIT.config(db, "kill"));
            c.put("database.url", "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:faults1;MODE=Oracle");
            c.put("transaction.group.max.records", "50");
            worker.putConnector("kill", c);
            worker.awaitTaskRunning("kill");

            List<Long> committed = new CopyOnWriteArrayList<>();
            Workload w = new Workload();
            Thread writer = new Thread(() -> w.run(redo, committed));
            writer.start();
            int kills = 6;
            worker.killRepeatedly(delivered, kills, new Random(7), 30, 300, TIMEOUT);
            w.stop = true;
            writer.join(TIMEOUT.toMillis());
            assertFalse(writer.isAlive());
            if (w.failure != null) {
                throw new AssertionError("writer failed", w.failure);
            }
            List<Event> events = ChangeEvents.parse(
                    CommittedReader.read(kafka.bootstrapServers(), committed.size(), TIMEOUT, "kill.APP.T"));
            List<Long> ids =
                    events.stream().map(e -> e.after().get("ID").asLong()).toList();
            Set<Long> seen = new HashSet<>(ids);
            long lost = committed.stream().filter(id -> !seen.contains(id)).count();
            System.out.printf(
                    "FAULTS oracle worker SIGKILL: kills=%d committed=%d read=%d lost=%d duplicated=%d%n",
                    kills, committed.size(), ids.size(), lost, ids.size() - seen.size());
            assertEquals(0, lost, "lost changes");
            assertEquals(ids.size(), seen.size(), "duplicated changes");
            assertEquals(new ArrayList<>(committed), ids, "not in commit order");
        } finally {
            tcp.stop();
            kafka.stop();
        }
    }

    @Test
    @Tag("faults")
    void brokerRestartMidStreamLosesAndRepeatsNothing() throws Exception {
        try (ConnectTestCluster cluster = ConnectTestCluster.startForBrokerRestart();
                H2Oracle db = new H2Oracle("faults2")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK, N NUMBER(5)");
            RedoWriter redo = new RedoWriter(db);
            cluster.deploy("broker", OracleStreamingIT.config(db, "broker"));
            List<Long> committed = new CopyOnWriteArrayList<>();
            Workload w = new Workload();
            Thread writer = new Thread(() -> w.run(redo, committed));
            writer.start();
            cluster.consumeCommitted(300, TIMEOUT, "broker.APP.T");
            cluster.connect().kafka().stopOnlyBrokers();
            long before = redo.scn();
            org.apache.kafka.test.TestUtils.waitForCondition(
                    () -> redo.scn() > before + 500, TIMEOUT.toMillis(), "writer stalled");
            cluster.connect().kafka().restartOnlyBrokers();
            cluster.consumeCommitted("broker", committed.size() + 100, TIMEOUT, "broker.APP.T");
            w.stop = true;
            writer.join(TIMEOUT.toMillis());
            assertFalse(writer.isAlive());
            List<Event> events =
                    ChangeEvents.parse(cluster.consumeCommitted(committed.size(), TIMEOUT, "broker.APP.T"));
            List<Long> ids =
                    events.stream().map(e -> e.after().get("ID").asLong()).toList();
            System.out.printf("FAULTS oracle broker restart: committed=%d read=%d%n", committed.size(), ids.size());
            assertEquals(new ArrayList<>(committed), ids, "lost, repeated or out of order");
            assertEquals("RUNNING", cluster.status("broker").tasks().get(0).state(), "recovered by itself");
        }
    }

    /** Interleaved transactions (up to 3 open), 10% rolled back, 1 to 30 changes each, about 150 changes a second. */
    static final class Workload {
        volatile boolean stop;
        volatile Throwable failure;

        void run(RedoWriter redo, List<Long> committed) {
            try {
                Random rnd = new Random(42);
                long id = 0;
                List<RedoWriter.Txn> open = new ArrayList<>();
                Map<RedoWriter.Txn, List<Long>> rows = new HashMap<>();
                Map<RedoWriter.Txn, Boolean> doomed = new HashMap<>();
                while (!stop || !open.isEmpty()) {
                    if (!stop && open.size() < 3) {
                        RedoWriter.Txn t = redo.begin();
                        open.add(t);
                        rows.put(t, new ArrayList<>());
                        doomed.put(t, rnd.nextInt(10) == 0);
                    }
                    RedoWriter.Txn pick = open.get(rnd.nextInt(open.size()));
                    int changes = 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 30 : 4);
                    for (int i = 0; i < changes; i++) {
                        id++;
                        pick.insert("APP", "T", "\"ID\",\"N\"", "'" + id + "','" + (doomed.get(pick) ? -1 : i) + "'");
                        rows.get(pick).add(id);
                    }
                    if (stop || rnd.nextInt(3) == 0) {
                        open.remove(pick);
                        if (doomed.get(pick)) {
                            pick.rollback();
                        } else {
                            pick.commit();
                            committed.addAll(rows.get(pick));
                        }
                    }
                    if (id % 500 < changes) {
                        redo.switchLog();
                    }
                    Thread.sleep(changes * 6L); // pacing: the kills land mid-stream
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }
}
