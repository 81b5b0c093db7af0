package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.CommittedCounter;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * A snapshot interrupted while the database keeps changing is as consistent as an uninterrupted one: every row of a
 * key-less table exactly once, no keyed row's state ahead of the changes that led to it, and the topics replay to
 * the tables. Also: a lost connection in the middle of a table re-emits no row, and a key-less table is committed in
 * pieces (bounded memory) and resumed in the middle.
 */
@ExtendWith(TestEnvironment.class)
class PostgresSnapshotConsistencyIT {

    static final Duration TIMEOUT = Duration.ofSeconds(180);
    static PostgresServer pg;
    static ConnectTestCluster connect;

    @BeforeAll
    static void setUp() {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
    }

    /** Inserts into a key-less table and inserts into / increments rows of a keyed one until stopped. */
    static final class Writer implements Runnable {
        final String keyless;
        final String keyed;
        final int keyedRows;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile int nextKeyless;
        volatile int nextKeyed;
        volatile int statements;

        Writer(String keyless, int keylessFrom, String keyed, int keyedRows) {
            this.keyless = keyless;
            this.keyed = keyed;
            this.keyedRows = keyedRows;
            this.nextKeyless = keylessFrom;
            this.nextKeyed = keyedRows + 1;
        }

        @Override
        public void run() {
            Random rnd = new Random(3);
            try (Connection c = pg.connect();
                    Statement s = c.createStatement()) {
                while (!stop.get()) {
                    s.execute("INSERT INTO " + keyless + " VALUES (" + nextKeyless + ", 'w')");
                    nextKeyless++;
                    if (keyed != null) {
                        s.execute("UPDATE " + keyed + " SET v = v + 1 WHERE id = " + (1 + rnd.nextInt(keyedRows)));
                        if (rnd.nextInt(3) == 0) {
                            s.execute("INSERT INTO " + keyed + " VALUES (" + nextKeyed + ", 0)");
                            nextKeyed++;
                        }
                    }
                    statements++;
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }

    static Map<Integer, Integer> table(String sql) throws Exception {
        Map<Integer, Integer> out = new TreeMap<>();
        try (Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return out;
    }

    /** The committed events of {@code topic} once the one with id -1 is among them (at least {@code expected}). */
    static List<Event> untilMarker(String topic, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            List<Event> events = ChangeEvents.parse(connect.consumeCommitted(expected, TIMEOUT, topic));
            if (events.stream().anyMatch(e -> e.after().get("id").asInt() == -1)) {
                return events;
            }
            Thread.sleep(500); // polling Kafka for a condition, not a timing assumption
        }
        throw new AssertionError("marker row not delivered on " + topic);
    }

    /** Every id of a key-less table's events exactly once. */
    static void assertEachRowOnce(List<Event> events, int expectedRows, String what) {
        Map<Integer, Integer> seen = new HashMap<>();
        for (Event e : events) {
            seen.merge(e.after().get("id").asInt(), 1, Integer::sum);
        }
        List<Integer> twice = seen.entrySet().stream()
                .filter(x -> x.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
        assertEquals(
                List.of(),
                twice.subList(0, Math.min(10, twice.size())),
                what + ": rows delivered more than once (" + twice.size() + " in all)");
        assertEquals(expectedRows, seen.size(), what + ": rows delivered");
        assertEquals(expectedRows, events.size(), what + ": events");
    }

    @Test
    void aSnapshotResumedWhileTheTablesChangeDeliversEachRowOnceAndNoStateAheadOfItsChanges() throws Exception {
        pg.execute(
                "CREATE SCHEMA s80",
                "CREATE TABLE s80.a (id int PRIMARY KEY, v int NOT NULL)",
                "CREATE TABLE s80.b (id int PRIMARY KEY, v int NOT NULL)",
                "CREATE TABLE s80.c (id int, v text)", // no key: inserts only (no replica identity)
                "CREATE TABLE s80.d (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO s80.a SELECT g, 0 FROM generate_series(1, 1000) g",
                "INSERT INTO s80.b SELECT g, 0 FROM generate_series(1, 100) g",
                "INSERT INTO s80.c SELECT g, 's' FROM generate_series(1, 5000) g",
                "INSERT INTO s80.d SELECT g, 0 FROM generate_series(1, 5000) g",
                "CREATE PUBLICATION pub_it80 FOR TABLE s80.a, s80.b, s80.c, s80.d",
                // Created before the table lock below (creating a slot waits for every transaction with an id).
                // Nothing changes until the snapshot runs, so the stream's start and the snapshot's point agree.
                "SELECT pg_create_logical_replication_slot('slot_it80', 'pgoutput')");
        Map<String, String> cfg = pg.connectorConfig("it80", "slot_it80", "pub_it80");
        cfg.put("table.include.list", "s80\\..*");
        cfg.put("snapshot.chunk.size", "400");
        Writer w = new Writer("s80.c", 5001, "s80.d", 5000);
        Thread writer = new Thread(w);
        try (Connection locker = pg.connect();
                Statement s = locker.createStatement()) {
            // Holds the snapshot at table b (tables are read in name order) until the worker has been replaced.
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE s80.b IN ACCESS EXCLUSIVE MODE");
            connect.deploy("pg-it80", cfg);
            assertEquals(
                    1000,
                    connect.consumeCommitted("pg-it80", 1000, TIMEOUT, "it80.s80.a")
                            .size());
            writer.start(); // changes after the slot's snapshot point, before the resumed snapshot reads c and d
            TestUtils.waitForCondition(() -> w.statements > 300, TIMEOUT.toMillis(), "writer stalled");
            connect.restartWorker();
            locker.commit();
        }
        connect.awaitRunning("pg-it80");
        try {
            TestUtils.waitForCondition(() -> w.statements > 600, TIMEOUT.toMillis(), "writer stalled");
            w.stop.set(true);
            writer.join(TIMEOUT.toMillis());
            assertNull(w.failure.get());
            int keylessRows = w.nextKeyless - 1;
            // Streamed after everything else: once they arrive, every earlier change has.
            pg.execute("INSERT INTO s80.c VALUES (-1, 'end')", "INSERT INTO s80.d VALUES (-1, 0)");
            List<Event> c = untilMarker("it80.s80.c", keylessRows + 1);
            assertEachRowOnce(c, keylessRows + 1, "key-less s80.c");

            Map<Integer, Integer> expected = table("SELECT id, v FROM s80.d");
            // Each update adds 1 to v and inserts start at 0: a row's events must show v strictly increasing
            // (an op=r of a state from after the snapshot point would be followed by smaller values).
            long changes = expected.values().stream().mapToLong(v -> v).sum();
            long updatedOld = expected.entrySet().stream()
                    .filter(x -> x.getKey() <= 5000 && x.getValue() > 0)
                    .count();
            long inserted =
                    expected.keySet().stream().filter(id -> id > 5000 || id < 0).count();
            int events = (int) (5000 - updatedOld + inserted + changes);
            List<Event> d = untilMarker("it80.s80.d", events);
            Map<Integer, Integer> replay = new TreeMap<>();
            Map<Integer, List<String>> history = new HashMap<>();
            for (Event e : d) {
                int id = e.key().get("id").asInt();
                int v = e.after().get("v").asInt();
                history.computeIfAbsent(id, k -> new ArrayList<>()).add(e.op() + v);
                Integer before = replay.put(id, v);
                assertTrue(
                        before == null || before < v,
                        "s80.d id " + id + ": a state ahead of its changes: " + history.get(id));
            }
            assertEquals(expected, replay, "s80.d replays to the table");
            assertEquals(events, d.size(), "s80.d: the snapshot rows not changed since, then each change once");
            assertEquals(
                    1000, connect.consumeCommitted(1000, TIMEOUT, "it80.s80.a").size(), "table a read once");
        } finally {
            w.stop.set(true);
            connect.connect().deleteConnector("pg-it80");
        }
    }

    @Test
    void aKeylessTableIsCommittedInPiecesAndResumedInTheMiddle() throws Exception {
        pg.execute(
                "CREATE SCHEMA s81",
                "CREATE TABLE s81.h (id int, v text)",
                "INSERT INTO s81.h SELECT g, 's' FROM generate_series(1, 100000) g");
        Map<String, String> cfg = pg.connectorConfig("it81", "slot_it81", "pub_it81");
        cfg.put("table.include.list", "s81\\.h");
        cfg.put("snapshot.chunk.size", "500");
        cfg.put("tenant.max.buffered.bytes", "200000");
        Writer w = new Writer("s81.h", 100001, null, 0);
        Thread writer = new Thread(w);
        String topic = "it81.s81.h";
        try (CommittedCounter delivered =
                new CommittedCounter(connect.connect().kafka().bootstrapServers(), topic)) {
            connect.deploy("pg-it81", cfg);
            writer.start();
            delivered.awaitAtLeast(1, TIMEOUT);
            long first = delivered.count();
            assertTrue(first < 100000, "the table's rows are committed in pieces, not held until its end: " + first);
            delivered.awaitAtLeast(first + 2000, TIMEOUT);
            connect.restartConnectorAndTasks("pg-it81"); // in the middle of the table
            connect.awaitRunning("pg-it81");
            TestUtils.waitForCondition(() -> w.statements > 300, TIMEOUT.toMillis(), "writer stalled");
            w.stop.set(true);
            writer.join(TIMEOUT.toMillis());
            assertNull(w.failure.get());
            pg.execute("INSERT INTO s81.h VALUES (-1, 'end')");
            assertEachRowOnce(untilMarker(topic, w.nextKeyless), w.nextKeyless, "key-less s81.h");
        } finally {
            w.stop.set(true);
            connect.connect().deleteConnector("pg-it81");
        }
    }

    @Test
    void aConnectionLostInTheMiddleOfATableRepeatsNoRow() throws Exception {
        pg.execute(
                "CREATE SCHEMA s82",
                "CREATE TABLE s82.t (id int PRIMARY KEY, v text)",
                "INSERT INTO s82.t SELECT g, 's' FROM generate_series(1, 100000) g");
        Map<String, String> cfg = pg.connectorConfig("it82", "slot_it82", "pub_it82");
        cfg.put("table.include.list", "s82\\.t");
        cfg.put("snapshot.chunk.size", "1000");
        String topic = "it82.s82.t";
        try (CommittedCounter delivered =
                new CommittedCounter(connect.connect().kafka().bootstrapServers(), topic)) {
            connect.deploy("pg-it82", cfg);
            delivered.awaitAtLeast(3000, TIMEOUT);
            int terminated = 0;
            try (Connection c = pg.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = "
                                    + "'entitynotifier-it82' AND query LIKE '%\"s82\".\"t\"%' AND pid <> pg_backend_pid()")) {
                rs.next();
                terminated = rs.getInt(1);
            }
            assertEquals(1, terminated, "the snapshot's connection, in the middle of the table");
            pg.execute("INSERT INTO s82.t VALUES (-1, 'end')");
            List<Event> events = untilMarker(topic, 100001);
            assertEachRowOnce(events, 100001, "s82.t");
            assertEquals("RUNNING", connect.status("pg-it82").tasks().get(0).state());
        } finally {
            connect.connect().deleteConnector("pg-it82");
        }
    }
}
