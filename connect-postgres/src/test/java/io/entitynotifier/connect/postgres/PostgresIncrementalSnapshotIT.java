package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Incremental snapshots started by signals (Debezium's execute-snapshot), with DBLog watermarks in the signal table,
 * through the Connect REST API with exactly-once source support and a read_committed consumer.
 */
@ExtendWith(TestEnvironment.class)
class PostgresIncrementalSnapshotIT {

    static final Duration TIMEOUT = Duration.ofSeconds(180);
    static final int ROWS = 6000;
    static PostgresServer pg;
    static ConnectTestCluster connect;

    @BeforeAll
    static void setUp() {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
    }

    static String signalTable(String schema) {
        return "CREATE TABLE " + schema + ".dbz_signal (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, "
                + "data text)";
    }

    static Map<String, String> config(String name) {
        Map<String, String> c = pg.connectorConfig(name, "slot_" + name, "pub_" + name);
        c.put("table.include.list", name + "\\..*");
        c.put("snapshot.mode", "no_data"); // every r comes from the incremental snapshot
        c.put("signal.data.collection", name + ".dbz_signal");
        c.put("tombstones.on.delete", "false");
        c.put("incremental.snapshot.chunk.size", "100");
        return c;
    }

    @Test
    void incrementalSnapshotWhileAWriterChangesTheSameKeysReplaysToTheTable() throws Exception {
        run("pginc1", false);
    }

    @Test
    void workerRestartMidSnapshotResumesWithEachRowOnce() throws Exception {
        run("pginc2", true);
    }

    private void run(String name, boolean restart) throws Exception {
        pg.execute(
                "CREATE SCHEMA " + name,
                signalTable(name),
                "CREATE TABLE " + name + ".a (id int PRIMARY KEY, v text NOT NULL)",
                "INSERT INTO " + name + ".a SELECT g, 'v0' FROM generate_series(1, " + ROWS + ") g");
        Map<String, String> c = config(name);
        c.put("throttle.group", name);
        c.put("throttle.group.max.events.per.second", "1500");
        connect.deploy(name, c);
        pg.awaitSlot("slot_" + name);
        String topic = name + "." + name + ".a";
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Set<Long> touched = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread writer = writer(name, stop, failed, touched);
        pg.execute("INSERT INTO " + name + ".dbz_signal VALUES ('s1', 'execute-snapshot', "
                + "'{\"data-collections\": [\"" + name + ".a\"], \"type\": \"incremental\"}')");
        writer.start();
        // the snapshot is under way (with the throttle, far from done) while the writer goes on
        connect.consumeCommitted(name, 1500, TIMEOUT, topic);
        if (restart) {
            connect.restartWorker();
            connect.awaitRunning(name);
        }
        stop.set(true);
        writer.join();
        assertNull(failed.get(), "writer failed");
        pg.execute("INSERT INTO " + name + ".a VALUES (1000000, 'fence')");
        Map<Long, String> actual = table(name);
        List<Event>[] events = new List[1];
        TestUtils.waitForCondition(
                () -> {
                    events[0] = ChangeEvents.parse(connect.consumeCommitted(name, 1, TIMEOUT, topic));
                    return replay(events[0]).equals(actual);
                },
                TIMEOUT.toMillis(),
                () -> "the topic does not replay to the table: "
                        + replay(events[0]).size() + " rows against " + actual.size());
        Map<Long, Integer> reads = assertConsistent(events[0]);
        for (long id = 1; id <= ROWS; id++) {
            if (!touched.contains(id)) {
                assertEquals(1, reads.getOrDefault(id, 0), "id " + id + ", never changed, read once");
            }
        }
        connect.connect().deleteConnector(name);
    }

    @Test
    void malformedSignalsAreLoggedAndDroppedThenAFilteredSnapshotAndAKafkaSignalRun() throws Exception {
        String name = "pginc3";
        pg.execute(
                "CREATE SCHEMA " + name,
                signalTable(name),
                "CREATE TABLE " + name + ".b (id int PRIMARY KEY, v text NOT NULL)",
                "CREATE TABLE " + name + ".k (a int, b text, v int, PRIMARY KEY (a, b))",
                "INSERT INTO " + name + ".b SELECT g, 'b' FROM generate_series(1, 300) g",
                "INSERT INTO " + name + ".k SELECT g % 7, 'x' || g, g FROM generate_series(1, 250) g");
        Map<String, String> c = config(name);
        c.put("signal.enabled.channels", "source,kafka");
        c.put("signal.kafka.bootstrap.servers", connect.connect().kafka().bootstrapServers());
        connect.connect().kafka().createTopic(name + "-signal", 1);
        connect.deploy(name, c);
        pg.awaitSlot("slot_" + name);
        String signals = "INSERT INTO " + name + ".dbz_signal VALUES ";
        pg.execute(
                signals + "('m1', 'no-such-signal', '{}')",
                signals + "('m2', 'execute-snapshot', '{not json')",
                signals + "('m3', 'execute-snapshot', '{\"data-collections\": [\"" + name + ".nope\"]}')",
                signals + "('m4', 'execute-snapshot', '{\"data-collections\": [\"" + name + ".b\"], "
                        + "\"additional-conditions\": [{\"data-collection\": \"" + name + ".b\", "
                        + "\"filter\": \"no_such_column > 1\"}]}')",
                signals + "('m5', 'log', '{\"message\": \"hello\"}')",
                signals + "('s1', 'execute-snapshot', '{\"data-collections\": [\"" + name + ".b\"], "
                        + "\"additional-conditions\": [{\"data-collection\": \"" + name + ".b\", "
                        + "\"filter\": \"id <= 150 AND id % 2 = 0\"}]}')");
        String topicB = name + "." + name + ".b";
        List<Event>[] events = new List[1];
        TestUtils.waitForCondition(
                () -> {
                    events[0] = ChangeEvents.parse(connect.consumeCommitted(name, 1, TIMEOUT, topicB));
                    return events[0].size() >= 75;
                },
                TIMEOUT.toMillis(),
                "the filtered snapshot of b did not arrive");
        List<Long> read = events[0].stream()
                .filter(e -> e.op().equals("r"))
                .map(e -> e.after().get("id").asLong())
                .toList();
        List<Long> expected = new java.util.ArrayList<>();
        for (long i = 2; i <= 150; i += 2) {
            expected.add(i);
        }
        assertEquals(expected, read, "rows of the filtered snapshot, in key order");
        assertEquals("incremental", events[0].get(0).source().get("snapshot").asText());
        // the Kafka channel: a composite key read in chunks of 100
        connect.connect()
                .kafka()
                .produce(
                        name + "-signal",
                        name,
                        "{\"id\": \"k1\", \"type\": \"execute-snapshot\", \"data\": {\"data-collections\": [\"" + name
                                + "\\\\.k\"]}}");
        String topicK = name + "." + name + ".k";
        TestUtils.waitForCondition(
                () -> {
                    events[0] = ChangeEvents.parse(connect.consumeCommitted(name, 1, TIMEOUT, topicK));
                    return events[0].size() >= 250;
                },
                TIMEOUT.toMillis(),
                "the snapshot of k did not arrive");
        assertEquals(
                250,
                events[0].stream()
                        .filter(e -> e.op().equals("r"))
                        .map(e -> e.after().get("b").asText())
                        .distinct()
                        .count());
        pg.execute("INSERT INTO " + name + ".b VALUES (1000, 'fence')");
        List<Event> b = ChangeEvents.parse(connect.consumeCommitted(name, 76, TIMEOUT, topicB));
        assertEquals(76, b.size(), "b: the 75 filtered rows and the fence, nothing else");
        connect.connect().deleteConnector(name);
    }

    @Test
    void stopSnapshotEndsTheRunningSnapshot() throws Exception {
        String name = "pginc4";
        pg.execute(
                "CREATE SCHEMA " + name,
                signalTable(name),
                "CREATE TABLE " + name + ".a (id int PRIMARY KEY, v text NOT NULL)",
                "INSERT INTO " + name + ".a SELECT g, 'v0' FROM generate_series(1, " + ROWS + ") g");
        Map<String, String> c = config(name);
        c.put("throttle.group", name);
        c.put("throttle.group.max.events.per.second", "500");
        // A small queue holds the stream thread back with the throttle: with the default (8192) the whole snapshot
        // fits in the queue and may be read before the stop signal is.
        c.put("max.batch.size", "100");
        c.put("max.queue.size", "200");
        connect.deploy(name, c);
        pg.awaitSlot("slot_" + name);
        String topic = name + "." + name + ".a";
        pg.execute("INSERT INTO " + name + ".dbz_signal VALUES ('s1', 'execute-snapshot', "
                + "'{\"data-collections\": [\"" + name + ".a\"]}')");
        connect.consumeCommitted(name, 200, TIMEOUT, topic);
        pg.execute("INSERT INTO " + name + ".dbz_signal VALUES ('s2', 'stop-snapshot', " + "'{\"data-collections\": [\""
                + name + ".a\"], \"type\": \"incremental\"}')");
        pg.execute("INSERT INTO " + name + ".a VALUES (1000000, 'fence')");
        List<Event>[] events = new List[1];
        TestUtils.waitForCondition(
                () -> {
                    events[0] = ChangeEvents.parse(connect.consumeCommitted(name, 1, TIMEOUT, topic));
                    return events[0].stream().anyMatch(e -> e.op().equals("c"));
                },
                TIMEOUT.toMillis(),
                "the fence did not arrive");
        long reads = events[0].stream().filter(e -> e.op().equals("r")).count();
        assertTrue(reads >= 200 && reads < ROWS, "rows read before the stop: " + reads);
        pg.execute("INSERT INTO " + name + ".a VALUES (1000001, 'fence2')");
        List<Event> after = ChangeEvents.parse(connect.consumeCommitted(name, (int) reads + 2, TIMEOUT, topic));
        assertEquals(reads, after.stream().filter(e -> e.op().equals("r")).count(), "rows read after the stop");
        connect.connect().deleteConnector(name);
    }

    @Test
    void validateRefusesASignalTableThatIsNotCaptured() throws Exception {
        String name = "pginc5";
        pg.execute("CREATE SCHEMA " + name, signalTable(name), "CREATE TABLE " + name + ".a (id int PRIMARY KEY)");
        Map<String, String> c = config(name);
        c.put("name", name);
        c.put("table.include.list", name + "\\.a");
        String cls = PostgresSourceConnector.class.getName();
        List<String> errors = ConnectTestCluster.errorsFor(connect.validate(cls, c), "signal.data.collection");
        assertFalse(errors.isEmpty(), "no error on signal.data.collection");
        assertTrue(errors.get(0).contains("table.include.list"), errors.toString());
        c.put("table.include.list", name + "\\..*");
        assertEquals(List.of(), ConnectTestCluster.errorsFor(connect.validate(cls, c), "signal.data.collection"));
        c.put("signal.enabled.channels", "source,kafka");
        assertFalse(ConnectTestCluster.errorsFor(connect.validate(cls, c), "signal.kafka.bootstrap.servers")
                .isEmpty());
    }

    /** Updates, deletes and inserts on random keys of a, one transaction each, until told to stop. */
    static Thread writer(String schema, AtomicBoolean stop, AtomicReference<Throwable> failed, Set<Long> touched) {
        return writer(schema, stop, failed, touched, Integer.MAX_VALUE);
    }

    /** Like {@link #writer(String, AtomicBoolean, AtomicReference, Set)}, ending after {@code max} changes at most. */
    static Thread writer(
            String schema, AtomicBoolean stop, AtomicReference<Throwable> failed, Set<Long> touched, int max) {
        return new Thread(() -> {
            Random r = new Random(14);
            int next = ROWS + 1;
            int n = 0;
            try (Connection c = pg.connect();
                    Statement s = c.createStatement()) {
                while ((!stop.get() || n < 300) && n < max) {
                    int id = 1 + r.nextInt(ROWS);
                    switch (r.nextInt(3)) {
                        case 0 -> s.execute("UPDATE " + schema + ".a SET v = 'w" + n + "' WHERE id = " + id);
                        case 1 -> s.execute("DELETE FROM " + schema + ".a WHERE id = " + id);
                        default -> s.execute("INSERT INTO " + schema + ".a VALUES (" + next++ + ", 'n" + n + "')");
                    }
                    touched.add((long) id);
                    n++;
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
    }

    static Map<Long, String> table(String schema) throws Exception {
        Map<Long, String> actual = new TreeMap<>();
        try (Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, v FROM " + schema + ".a")) {
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
     * deleted before it is not resurrected, a key changed before it carries that change's state). Returns the reads.
     */
    static Map<Long, Integer> assertConsistent(List<Event> events) {
        Map<Long, String> streamed = new HashMap<>(); // key -> state by the streamed changes so far (null: deleted)
        Map<Long, Integer> reads = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        for (Event e : events) {
            if (e.op().equals("r")) {
                long id = e.after().get("id").asLong();
                assertEquals("incremental", e.source().get("snapshot").asText(), "source.snapshot of id " + id);
                assertEquals(1, reads.merge(id, 1, Integer::sum), "id " + id + " read twice");
                if (streamed.containsKey(id)) {
                    assertTrue(streamed.get(id) != null, "id " + id + ": r after its delete");
                    assertEquals(streamed.get(id), e.after().get("v").asText(), "id " + id + ": r older than a change");
                }
                seen.add(id);
            } else if (e.op().equals("d")) {
                streamed.put(e.before().get("id").asLong(), null);
            } else {
                streamed.put(e.after().get("id").asLong(), e.after().get("v").asText());
            }
        }
        assertFalse(seen.isEmpty(), "no incremental snapshot rows");
        return reads;
    }
}
