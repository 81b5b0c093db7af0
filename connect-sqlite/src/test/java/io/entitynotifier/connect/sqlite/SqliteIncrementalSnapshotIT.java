package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Incremental snapshots started by {@code execute-snapshot} signals in the signal table, through the REST API on an
 * embedded Connect cluster with exactly-once delivery, read back with a {@code read_committed} consumer.
 */
class SqliteIncrementalSnapshotIT {

    static final Duration TIMEOUT = Duration.ofSeconds(180);
    static final String SIGNAL_TABLE =
            "CREATE TABLE debezium_signal (id TEXT PRIMARY KEY, type TEXT NOT NULL, data TEXT)";
    static ConnectTestCluster cluster;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectTestCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void incrementalSnapshotWhileAWriterChangesTheSameKeysReplaysToTheTable() throws Exception {
        run("inc", false);
    }

    @Test
    void workerRestartMidSnapshotResumesWithEachRowOnce() throws Exception {
        run("incrs", true);
    }

    @Test
    void malformedSignalsAreDroppedAndTheStreamGoesOnThenAFilteredSnapshotRuns() throws Exception {
        String name = "incbad";
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, name + ".db")) {
            db.exec(
                    SIGNAL_TABLE,
                    "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
                    "CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
                    "CREATE TABLE x (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            for (int i = 1; i <= 50; i++) {
                db.exec("INSERT INTO b VALUES (" + i + ", 'b')", "INSERT INTO x VALUES (" + i + ", 'x')");
            }
            Map<String, String> c = config(name, db);
            c.put("table.include.list", "main.a,main.b,main.debezium_signal"); // x is outside the scope
            cluster.deploy(name, c);
            db.exec(
                    "INSERT INTO debezium_signal VALUES ('m1', 'execute-snapshot', '{not json')",
                    "INSERT INTO debezium_signal VALUES ('m2', 'explode', '{}')",
                    "INSERT INTO debezium_signal VALUES ('m3', 'execute-snapshot', '{\"data-collections\": [\"main.nope\"]}')",
                    "INSERT INTO debezium_signal VALUES ('m4', 'execute-snapshot', "
                            + "'{\"data-collections\": [\"main.b\"], \"type\": \"blocking\"}')",
                    "INSERT INTO debezium_signal VALUES ('m5', 'log', NULL)",
                    "INSERT INTO debezium_signal VALUES ('m6', 'execute-snapshot', '{\"data-collections\": [\"main.x\"]}')",
                    "INSERT INTO debezium_signal VALUES ('m7', 'execute-snapshot', '[1, 2]')",
                    "INSERT INTO debezium_signal VALUES ('m8', 'log', '{\"message\": \"hello from the signal table\"}')",
                    "INSERT INTO a VALUES (1, 'after the bad signals')",
                    // a filter SQLite refuses: the table is left out of the snapshot, the next signal still runs
                    "INSERT INTO debezium_signal VALUES ('m9', 'execute-snapshot', '{\"data-collections\": [\"main.a\"], "
                            + "\"additional-conditions\": [{\"data-collection\": \"main.a\", \"filter\": \"no_such = 1\"}]}')");
            List<Event> a = ChangeEvents.parse(cluster.consumeCommitted(name, 1, TIMEOUT, name + ".main.a"));
            assertEquals(1, a.size());
            assertEquals("c", a.get(0).op());
            assertEquals("RUNNING", cluster.status(name).tasks().get(0).state());
            db.exec(
                    "INSERT INTO debezium_signal VALUES ('ok', 'execute-snapshot', '{\"data-collections\": [\"main.b\"], "
                            + "\"additional-conditions\": [{\"data-collection\": \"main.b\", \"filter\": \"id <= 10\"}]}')");
            String topic = name + ".main.b";
            List<Event>[] events = new List[1];
            TestUtils.waitForCondition(
                    () -> {
                        events[0] = ChangeEvents.parse(cluster.consumeCommitted(name, 1, TIMEOUT, topic));
                        return events[0].size() >= 10;
                    },
                    TIMEOUT.toMillis(),
                    "the filtered snapshot of b did not arrive");
            db.exec("INSERT INTO b VALUES (1000, 'fence')");
            TestUtils.waitForCondition(
                    () -> {
                        events[0] = ChangeEvents.parse(cluster.consumeCommitted(name, 1, TIMEOUT, topic));
                        return events[0].stream().anyMatch(e -> e.op().equals("c"));
                    },
                    TIMEOUT.toMillis(),
                    "the fence of b did not arrive");
            List<Long> read = events[0].stream()
                    .filter(e -> e.op().equals("r"))
                    .map(e -> e.after().get("id").asLong())
                    .toList();
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), read, "rows of the filtered snapshot");
            assertEquals(11, events[0].size(), "b: the ten filtered rows and the fence, nothing else");
            assertFalse(cluster.topics().contains(name + ".main.x"), "a table outside the scope was snapshotted");
            cluster.connect().deleteConnector(name);
        }
    }

    @Test
    void validateAcceptsTheSourceAndKafkaChannelsAndRefusesWhatIsNotImplemented() throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "incval.db")) {
            db.exec(SIGNAL_TABLE);
            String cls = SqliteSourceConnector.class.getName();
            Map<String, String> c = config("incval", db);
            c.put("name", "incval");
            c.put("signal.enabled.channels", "source");
            c.put("incremental.snapshot.chunk.size", "10");
            var infos = cluster.validate(cls, c);
            assertEquals(
                    List.of(),
                    infos.configs().stream()
                            .filter(v -> !v.configValue().errors().isEmpty())
                            .map(v -> v.configValue().name() + ": "
                                    + v.configValue().errors())
                            .toList());
            c.put("signal.enabled.channels", "source,jmx");
            assertFalse(ConnectTestCluster.errorsFor(cluster.validate(cls, c), "signal.enabled.channels")
                    .isEmpty());
            c.put("signal.enabled.channels", "source,kafka");
            c.put("signal.kafka.topic", "signals");
            c.put("signal.kafka.bootstrap.servers", "localhost:9");
            assertTrue(ConnectTestCluster.errorsFor(cluster.validate(cls, c), "signal.enabled.channels")
                    .isEmpty());
            c.remove("signal.kafka.bootstrap.servers");
            assertFalse(ConnectTestCluster.errorsFor(cluster.validate(cls, c), "signal.kafka.bootstrap.servers")
                    .isEmpty());
            c.put("signal.enabled.channels", "source");
            c.put("snapshot.mode", "initial_only"); // streams nothing, so no signal could be read
            assertFalse(ConnectTestCluster.errorsFor(cluster.validate(cls, c), "signal.data.collection")
                    .isEmpty());
            c.put("snapshot.mode", "never");
            c.put("signal.kafka.groupId", "g"); // not implemented: refused, never ignored
            assertFalse(ConnectTestCluster.errorsFor(cluster.validate(cls, c), "signal.kafka.groupId")
                    .isEmpty());
        }
    }

    @Test
    void kafkaChannelSignalKeyedByTopicPrefixStartsAnIncrementalSnapshot() throws Exception {
        String name = "inckafka";
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, name + ".db")) {
            db.exec(
                    "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
                    "CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            for (int i = 1; i <= 300; i++) {
                db.exec("INSERT INTO a VALUES (" + i + ", 'a')", "INSERT INTO b VALUES (" + i + ", 'b')");
            }
            Map<String, String> c = config(name, db);
            c.remove("signal.data.collection"); // Kafka only
            c.put("signal.enabled.channels", "kafka");
            c.put("signal.kafka.bootstrap.servers", cluster.connect().kafka().bootstrapServers());
            c.put("incremental.snapshot.chunk.size", "50");
            cluster.connect().kafka().createTopic(name + "-signal", 1);
            cluster.deploy(name, c);
            var kafka = cluster.connect().kafka();
            // another connector's signal, a malformed one, then this connector's
            kafka.produce(
                    name + "-signal",
                    "other",
                    "{\"id\": \"k1\", \"type\": \"execute-snapshot\", "
                            + "\"data\": {\"data-collections\": [\"main.b\"]}}");
            kafka.produce(name + "-signal", name, "{not json");
            kafka.produce(
                    name + "-signal",
                    name,
                    "{\"id\": \"k2\", \"type\": \"execute-snapshot\", "
                            + "\"data\": {\"data-collections\": [\"main.a\"], \"type\": \"INCREMENTAL\"}}");
            String topicA = name + ".main.a";
            List<Event>[] events = new List[1];
            TestUtils.waitForCondition(
                    () -> {
                        events[0] = ChangeEvents.parse(cluster.consumeCommitted(name, 1, TIMEOUT, topicA));
                        return events[0].size() >= 300;
                    },
                    TIMEOUT.toMillis(),
                    "the snapshot of a did not arrive");
            assertEquals(
                    300,
                    events[0].stream()
                            .filter(e -> e.op().equals("r"))
                            .map(e -> e.after().get("id").asLong())
                            .distinct()
                            .count());
            db.exec("INSERT INTO b VALUES (1000, 'fence')");
            List<Event> b = ChangeEvents.parse(cluster.consumeCommitted(name, 1, TIMEOUT, name + ".main.b"));
            assertEquals(List.of("c"), b.stream().map(Event::op).toList(), "b was snapshotted by another's signal");
            cluster.connect().deleteConnector(name);
        }
    }

    @Test
    void stopSnapshotEndsTheRunningSnapshot() throws Exception {
        String name = "incstop";
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, name + ".db")) {
            db.exec(SIGNAL_TABLE, "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            List<String> rows = new ArrayList<>();
            for (int i = 1; i <= 5000; i++) {
                rows.add("INSERT INTO a VALUES (" + i + ", 'v0')");
            }
            db.txn(rows.toArray(String[]::new));
            Map<String, String> c = config(name, db);
            c.put("incremental.snapshot.chunk.size", "50");
            c.put("throttle.group", name);
            c.put("throttle.group.max.events.per.second", "300");
            cluster.deploy(name, c);
            String topic = name + ".main.a";
            db.exec(
                    "INSERT INTO debezium_signal VALUES ('s1', 'execute-snapshot', '{\"data-collections\": [\"main.a\"]}')");
            cluster.consumeCommitted(name, 100, TIMEOUT, topic);
            db.exec(
                    "INSERT INTO debezium_signal VALUES ('s2', 'stop-snapshot', '{\"data-collections\": [\"main.a\"], "
                            + "\"type\": \"incremental\"}')",
                    "INSERT INTO a VALUES (100001, 'fence1')");
            List<Event>[] events = new List[1];
            for (String fence : List.of("fence1", "fence2")) {
                TestUtils.waitForCondition(
                        () -> {
                            events[0] = ChangeEvents.parse(cluster.consumeCommitted(name, 1, TIMEOUT, topic));
                            return events[0].stream()
                                    .anyMatch(e -> e.op().equals("c")
                                            && fence.equals(e.after().get("v").asText()));
                        },
                        TIMEOUT.toMillis(),
                        fence + " not delivered");
                if (fence.equals("fence1")) {
                    db.exec("INSERT INTO a VALUES (100002, 'fence2')");
                }
            }
            int first = 0;
            while (!events[0].get(first).op().equals("c")) {
                first++;
            }
            long reads = events[0].stream().filter(e -> e.op().equals("r")).count();
            assertTrue(reads >= 100 && reads < 5000, "rows read before the stop: " + reads);
            assertEquals(
                    List.of("c", "c"),
                    events[0].subList(first, events[0].size()).stream()
                            .map(Event::op)
                            .toList(),
                    "rows read after the stop-snapshot");
            cluster.connect().deleteConnector(name);
        }
    }

    private void run(String name, boolean restart) throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, name + ".db")) {
            db.exec(SIGNAL_TABLE, "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            List<String> rows = new ArrayList<>();
            for (int i = 1; i <= 6000; i++) {
                rows.add("INSERT INTO a VALUES (" + i + ", 'v0')");
            }
            db.txn(rows.toArray(String[]::new));
            Map<String, String> c = config(name, db);
            c.put("incremental.snapshot.chunk.size", "100");
            c.put("throttle.group", name);
            c.put("throttle.group.max.events.per.second", "1500");
            cluster.deploy(name, c);
            String topic = name + ".main.a";
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread writer = writer(db, stop, failed);
            db.exec("INSERT INTO debezium_signal VALUES ('s1', 'execute-snapshot', "
                    + "'{\"data-collections\": [\"main.a\"], \"type\": \"incremental\"}')");
            writer.start();
            // the snapshot is under way (and, with the throttle, far from done) while the writer goes on
            cluster.consumeCommitted(name, 1500, TIMEOUT, topic);
            if (restart) {
                cluster.restartWorker();
                cluster.awaitRunning(name);
            }
            stop.set(true);
            writer.join();
            assertNull(failed.get(), "writer failed");
            db.exec("INSERT INTO a VALUES (1000000, 'fence')");
            List<Event>[] events = new List[1];
            Map<Long, String> actual = table(db);
            TestUtils.waitForCondition(
                    () -> {
                        events[0] = ChangeEvents.parse(cluster.consumeCommitted(name, 1, TIMEOUT, topic));
                        return replay(events[0]).equals(actual);
                    },
                    TIMEOUT.toMillis(),
                    () -> "the topic does not replay to the table: "
                            + replay(events[0]).size() + " rows against " + actual.size());
            assertConsistent(events[0]);
            cluster.connect().deleteConnector(name);
        }
    }

    static Map<String, String> config(String name, SqliteTestDatabase db) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", SqliteSourceConnector.class.getName());
        c.put("database.path", db.file.toString());
        c.put("topic.prefix", name);
        c.put("snapshot.mode", "never"); // every r comes from the incremental snapshot
        c.put("signal.data.collection", "main.debezium_signal");
        c.put("poll.interval.ms", "50");
        c.put("tombstones.on.delete", "false");
        c.put("max.batch.size", "200");
        return c;
    }

    /** Updates, deletes and inserts on random keys of a, one transaction each, until told to stop. */
    static Thread writer(SqliteTestDatabase db, AtomicBoolean stop, AtomicReference<Throwable> failed) {
        return new Thread(() -> {
            Random r = new Random(14);
            int next = 6001;
            int n = 0;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.file);
                    Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=10000");
                while (!stop.get() || n < 300) {
                    int id = 1 + r.nextInt(6000);
                    switch (r.nextInt(3)) {
                        case 0 -> s.execute("UPDATE a SET v = 'w" + n + "' WHERE id = " + id);
                        case 1 -> s.execute("DELETE FROM a WHERE id = " + id);
                        default -> s.execute("INSERT INTO a VALUES (" + next++ + ", 'n" + n + "')");
                    }
                    n++;
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
    }

    static Map<Long, String> table(SqliteTestDatabase db) throws Exception {
        Map<Long, String> actual = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, v FROM a")) {
            while (rs.next()) {
                actual.put(rs.getLong(1), rs.getString(2));
            }
        }
        return actual;
    }

    static Map<Long, String> replay(List<Event> events) {
        Map<Long, String> replay = new TreeMap<>();
        if (events == null) {
            return replay;
        }
        for (Event e : events) {
            if (e.op().equals("d")) {
                replay.remove(e.before().get("id").asLong());
            } else {
                replay.put(e.after().get("id").asLong(), e.after().get("v").asText());
            }
        }
        return replay;
    }

    /**
     * Each key has at most one r, marked incremental; an r never contradicts the changes streamed before it (a key
     * deleted before it is not resurrected, a key changed before it carries that change's state).
     */
    static void assertConsistent(List<Event> events) {
        Map<Long, String> streamed = new HashMap<>(); // key -> state by the streamed changes so far (null: deleted)
        Map<Long, Integer> reads = new HashMap<>();
        for (Event e : events) {
            if (e.op().equals("r")) {
                long id = e.after().get("id").asLong();
                assertEquals("incremental", e.source().get("snapshot").asText(), "source.snapshot of id " + id);
                assertEquals(1, reads.merge(id, 1, Integer::sum), "id " + id + " read twice");
                if (streamed.containsKey(id)) {
                    assertTrue(streamed.get(id) != null, "id " + id + ": r after its delete");
                    assertEquals(streamed.get(id), e.after().get("v").asText(), "id " + id + ": r older than a change");
                }
            } else if (e.op().equals("d")) {
                streamed.put(e.before().get("id").asLong(), null);
            } else {
                streamed.put(e.after().get("id").asLong(), e.after().get("v").asText());
            }
        }
        assertFalse(reads.isEmpty(), "no incremental snapshot rows");
    }
}
