package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ChildWorker;
import io.entitynotifier.connect.common.testing.CommittedCounter;
import io.entitynotifier.connect.common.testing.CommittedReader;
import io.entitynotifier.connect.common.testing.ConfigFuzzing;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Faults: the worker killed with SIGKILL at random points, the Kafka broker restarted, a record too large for the
 * producer, and malformed values for every config key.
 */
class SqliteFaultsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    static Path dir;

    /** The application: mixed transactions against one table. */
    static final class Workload {
        final AtomicInteger written = new AtomicInteger();
        volatile boolean stop;

        /**
         * Mixed transactions of 1, 10 or 50 changes (mostly inserts, some updates and deletes of recent rows), until
         * {@code changes} were written or {@link #stop} is set, paced at {@code perSecond} changes.
         */
        void run(SqliteTestDatabase db, int changes, long seed, double perSecond) throws Exception {
            Random rnd = new Random(seed);
            com.google.common.util.concurrent.RateLimiter pace =
                    com.google.common.util.concurrent.RateLimiter.create(perSecond);
            int nextId = 1;
            while (written.get() < changes && !stop) {
                int size = new int[] {1, 10, 50}[rnd.nextInt(3)];
                pace.acquire(size);
                List<String> sql = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    int kind = nextId < 20 ? 0 : rnd.nextInt(10);
                    if (kind < 7) {
                        sql.add("INSERT INTO t VALUES (" + nextId++ + ", " + rnd.nextInt(1000) + ")");
                    } else {
                        int id = nextId - 1 - rnd.nextInt(10);
                        sql.add((kind < 9 ? "UPDATE t SET v = v + 1" : "DELETE FROM t") + " WHERE id = " + id);
                    }
                }
                db.txn(sql.toArray(String[]::new)); // an update or delete of a deleted row changes nothing

                written.addAndGet(size);
            }
        }
    }

    static SqliteTestDatabase table(String file) throws Exception {
        SqliteTestDatabase db = new SqliteTestDatabase(dir, file);
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
        return db;
    }

    /** The table with one row (id 0) whose snapshot event tells when streaming has begun. */
    static SqliteTestDatabase tableWithSentinel(String file) throws Exception {
        SqliteTestDatabase db = table(file);
        db.exec("INSERT INTO t VALUES (0, 0)");
        return db;
    }

    static Map<String, String> connector(SqliteTestDatabase db, String prefix) {
        Map<String, String> c = ConnectTestCluster.exactlyOnceDefaults();
        c.put("connector.class", SqliteSourceConnector.class.getName());
        c.put("database.path", db.file.toString());
        c.put("topic.prefix", prefix);
        c.put("poll.interval.ms", "50");
        c.put("tombstones.on.delete", "false");
        return c;
    }

    /**
     * Every change the database logged (sequence numbers 1..last) must arrive exactly once and in order; prints the
     * scenario's summary line.
     */
    static void assertExactlyOnce(String scenario, int kills, long changes, List<Event> events) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long previous = 0;
        boolean ordered = true;
        events = events.stream().filter(e -> !e.op().equals("r")).toList(); // the snapshot's sentinel row
        for (Event e : events) {
            long seq = e.source().get("seq").asLong();
            ordered &= seq > previous;
            previous = Math.max(previous, seq);
            seen.add(seq);
        }
        long lost = 0;
        for (long s = 1; s <= changes; s++) {
            if (!seen.contains(s)) {
                lost++;
            }
        }
        long duplicated = events.size() - seen.size();
        System.out.printf(
                "FAULTS %s: kills=%d written=%d read=%d lost=%d duplicated=%d%n",
                scenario, kills, changes, events.size(), lost, duplicated);
        assertEquals(0, lost, "lost changes");
        assertEquals(0, duplicated, "duplicated changes");
        assertTrue(ordered, "in commit order");
        assertEquals(changes, events.size());
    }

    /** SIGKILL tests take minutes: run with {@code mvn verify -Pfaults}. */
    @Test
    @Tag("faults")
    void workerKilledTenTimesMidStreamLosesAndRepeatsNothing() throws Exception {
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        broker.put("auto.create.topics.enable", "true");
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
        try (SqliteTestDatabase db = tableWithSentinel("kill.db");
                ChildWorker worker = new ChildWorker(kafka.bootstrapServers(), dir.resolve("worker"), Map.of());
                CommittedCounter delivered = new CommittedCounter(kafka.bootstrapServers(), "kill.main.t")) {
            worker.start();
            Map<String, String> c = connector(db, "kill");
            c.put("transaction.group.max.records", "200");
            worker.putConnector("kill", c);
            delivered.awaitAtLeast(1, TIMEOUT); // the snapshot is done: every later change is streamed
            Workload w = new Workload();
            Thread writer = new Thread(() -> {
                try (SqliteTestDatabase wdb = new SqliteTestDatabase(dir, "kill.db")) {
                    w.run(wdb, Integer.MAX_VALUE, 42, 300);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            int kills = 10;
            worker.killRepeatedly(delivered, kills, new Random(7), 50, 400, TIMEOUT);
            w.stop = true;
            writer.join(TIMEOUT.toMillis());
            assertFalse(writer.isAlive());
            long changes = db.count("SELECT seq FROM sqlite_sequence WHERE name = '_entitynotifier_changes_kill'");
            List<Event> events = ChangeEvents.parse(
                    CommittedReader.read(kafka.bootstrapServers(), (int) changes + 1, TIMEOUT, "kill.main.t"));
            assertExactlyOnce("sqlite worker SIGKILL", kills, changes, events);
        } finally {
            kafka.stop();
        }
    }

    /**
     * Two tenants on one file (A captures t_a, B captures t_b; B started while A runs), transactions touching both
     * tables, the worker SIGKILLed at random points: each connector's topic holds every change of its own change log
     * exactly once, in order.
     */
    @Test
    @Tag("faults")
    void twoConnectorsOnOneFileUnderWorkerKills() throws Exception {
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        broker.put("auto.create.topics.enable", "true");
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "shared.db");
                ChildWorker worker = new ChildWorker(kafka.bootstrapServers(), dir.resolve("worker-shared"), Map.of());
                CommittedCounter deliveredA = new CommittedCounter(kafka.bootstrapServers(), "ka.main.t_a");
                CommittedCounter deliveredB = new CommittedCounter(kafka.bootstrapServers(), "kb.main.t_b")) {
            db.exec(
                    "CREATE TABLE t_a (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)",
                    "CREATE TABLE t_b (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)",
                    "INSERT INTO t_a VALUES (0, 0)",
                    "INSERT INTO t_b VALUES (0, 0)");
            worker.start();
            for (String[] t : new String[][] {{"ka", "t_a"}, {"kb", "t_b"}}) {
                Map<String, String> c = connector(db, t[0]);
                c.put("table.include.list", "main\\." + t[1]);
                c.put("transaction.group.max.records", "200");
                worker.putConnector(t[0], c);
                (t[0].equals("ka") ? deliveredA : deliveredB).awaitAtLeast(1, TIMEOUT); // snapshot done
            }
            AtomicInteger written = new AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread writer = new Thread(() -> {
                try (SqliteTestDatabase w = new SqliteTestDatabase(dir, "shared.db")) {
                    Random rnd = new Random(5);
                    var pace = com.google.common.util.concurrent.RateLimiter.create(300);
                    int next = 1;
                    while (!stop.get()) {
                        int size = 1 + rnd.nextInt(20);
                        pace.acquire(size);
                        List<String> sql = new ArrayList<>();
                        for (int i = 0; i < size; i++) {
                            String table = rnd.nextBoolean() ? "t_a" : "t_b";
                            sql.add(
                                    rnd.nextInt(4) == 0
                                            ? "UPDATE " + table + " SET v = v + 1 WHERE id = " + rnd.nextInt(next)
                                            : "INSERT INTO " + table + " VALUES (" + next++ + ", 1)");
                        }
                        w.txn(sql.toArray(String[]::new));
                        written.addAndGet(size);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            int kills = 6;
            worker.killRepeatedly(deliveredA, kills, new Random(3), 50, 400, TIMEOUT);
            stop.set(true);
            writer.join(TIMEOUT.toMillis());
            assertFalse(writer.isAlive());
            for (String[] t : new String[][] {{"ka", "t_a"}, {"kb", "t_b"}}) {
                long changes =
                        db.count("SELECT seq FROM sqlite_sequence WHERE name = '_entitynotifier_changes_" + t[0] + "'");
                String topic = t[0] + ".main." + t[1];
                List<Event> events = ChangeEvents.parse(
                        CommittedReader.read(kafka.bootstrapServers(), (int) changes + 1, TIMEOUT, topic));
                assertExactlyOnce("sqlite two connectors on one file, " + topic, kills, changes, events);
            }
            assertEquals("RUNNING", worker.taskState("ka"));
            assertEquals("RUNNING", worker.taskState("kb"));
        } finally {
            kafka.stop();
        }
    }

    @Test
    @Tag("faults")
    void brokerRestartMidStream() throws Exception {
        try (ConnectTestCluster cluster = ConnectTestCluster.startForBrokerRestart();
                SqliteTestDatabase db = tableWithSentinel("broker.db")) {
            cluster.connect().configureConnector("broker", connector(db, "broker"));
            cluster.awaitRunning("broker");
            cluster.consumeCommitted(1, TIMEOUT, "broker.main.t");
            Workload w = new Workload();
            Thread writer = new Thread(() -> {
                try (SqliteTestDatabase wdb = new SqliteTestDatabase(dir, "broker.db")) {
                    w.run(wdb, 3000, 11, 1000);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            TestUtils.waitForCondition(() -> w.written.get() >= 1000, TIMEOUT.toMillis(), "writer stalled");
            cluster.connect().kafka().stopOnlyBrokers();
            TestUtils.waitForCondition(() -> w.written.get() >= 2000, TIMEOUT.toMillis(), "writer stalled");
            cluster.connect().kafka().restartOnlyBrokers();
            writer.join(TIMEOUT.toMillis());
            long changes = db.count("SELECT seq FROM sqlite_sequence WHERE name = '_entitynotifier_changes_broker'");
            List<Event> events =
                    ChangeEvents.parse(cluster.consumeCommitted("broker", (int) changes + 1, TIMEOUT, "broker.main.t"));
            assertExactlyOnce("sqlite broker restart", 0, changes, events);
            assertEquals("RUNNING", cluster.status("broker").tasks().get(0).state(), "recovered by itself");
        }
    }

    @Test
    void oversizedRowAndConfigFuzzing() throws Exception {
        try (ConnectTestCluster cluster = ConnectTestCluster.start();
                SqliteTestDatabase db = tableWithSentinel("big.db")) {
            // A row larger than the producer takes: a clear error naming the table, the key's fields and the source
            // position, never a silent skip, and never the key's value (data values stay out of errors).
            db.exec("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT)");
            cluster.connect().configureConnector("big", connector(db, "big"));
            cluster.awaitRunning("big");
            db.exec("INSERT INTO docs VALUES (770091, printf('%.*c', 2000000, 'x'))");
            String trace = cluster.awaitTaskFailure("big", TIMEOUT);
            assertTrue(
                    trace.contains("change event for table docs")
                            && trace.contains("key fields [id]")
                            && !trace.contains("770091")
                            && trace.contains("record.max.bytes"),
                    trace);

            // Every key of the connector, given a malformed value: an error naming that key, never a stack trace.
            ConfigFuzzing.assertMalformedValuesAreNamed(
                    cluster,
                    SqliteSourceConnector.class.getName(),
                    SqliteConnectorConfig.CONFIG_DEF,
                    connector(db, "fuzz"));
            // SQLite has no Debezium connector: every Debezium key it does not implement is refused by name.
            ConfigFuzzing.assertDebeziumKeysAreNamed(
                    cluster,
                    SqliteSourceConnector.class.getName(),
                    io.entitynotifier.connect.common.config.DebeziumKeys.Family.SQLITE,
                    SqliteConnectorConfig.CONFIG_DEF,
                    connector(db, "fuzz"));
        }
    }
}
