package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Incremental snapshots of the Oracle connector against the H2 stand-in, through the REST API on an embedded Connect
 * cluster with exactly-once delivery, read back with a {@code read_committed} consumer. The stand-in's watermark
 * inserts write their redo through {@link H2TestDialect#SIGNAL_REDO}; the test's writer changes a row and stages its
 * redo under the {@link RedoWriter}'s lock, so that (as on Oracle, where a change becomes visible at its commit) a
 * chunk read that sees a change has that change's commit between its watermarks.
 */
class OracleIncrementalSnapshotIT {

    static final Duration TIMEOUT = ConnectTestCluster.DEFAULT_TIMEOUT;
    static final int ROWS = 3000;
    static ConnectTestCluster cluster;

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

    @AfterEach
    void clearRedo() {
        H2TestDialect.SIGNAL_REDO.set(null);
        H2TestDialect.BEFORE_CLOSE_WATERMARK.set(null);
    }

    /**
     * Changes made after a chunk was read and before its close watermark (so between the watermarks in the stream):
     * in each chunk the 50th row is updated and the 60th deleted. Those chunk rows are dropped, the streamed update
     * and delete stand for them; every other row is read once; the topic replays to the table.
     */
    @Test
    void chunkRowsChangedBetweenTheWatermarksAreDroppedForTheStreamedChanges() throws Exception {
        String name = "oincwin";
        try (H2Oracle db = database(name)) {
            db.execute("INSERT INTO \"APP\".\"A\" SELECT X, 'v0' FROM SYSTEM_RANGE(1, 300)");
            RedoWriter redo = new RedoWriter(db);
            H2TestDialect.SIGNAL_REDO.set(redo);
            Table table = new Table(db, redo);
            for (long i = 1; i <= 300; i++) {
                table.rows.put(i, "v0");
            }
            java.util.Set<Long> updated = new java.util.TreeSet<>();
            java.util.Set<Long> deleted = new java.util.TreeSet<>();
            long[] chunkEnd = {0};
            H2TestDialect.BEFORE_CLOSE_WATERMARK.set(() -> {
                // the chunk just read: the next 100 keys after the previous chunk (this hook is the only writer)
                List<Long> chunk = table.rows.tailMap(chunkEnd[0], false).keySet().stream()
                        .limit(100)
                        .toList();
                if (chunk.isEmpty()) {
                    return;
                }
                chunkEnd[0] = chunk.get(chunk.size() - 1);
                try {
                    if (chunk.size() >= 60) {
                        table.update(chunk.get(49), "changed");
                        updated.add(chunk.get(49));
                        table.delete(chunk.get(59));
                        deleted.add(chunk.get(59));
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            cluster.deploy(name, config(db, name));
            String topic = name + ".APP.A";
            signal(db, redo, "w1", "execute-snapshot", "{\"data-collections\": [\"APP.A\"]}");
            // 3 chunks: 3 x (98 reads + update + delete) = 300 events, then the fence
            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(name, 300, TIMEOUT, topic));
            assertEquals(3, updated.size(), "chunks changed in their window: " + updated);
            table.insert(10_000_000L, "fence");
            TestUtils.waitForCondition(
                    () -> replay(ChangeEvents.parse(cluster.consumeCommitted(name, 301, TIMEOUT, topic)))
                            .equals(table.rows),
                    TIMEOUT.toMillis(),
                    "the topic does not replay to the table");
            events = ChangeEvents.parse(cluster.consumeCommitted(name, 301, TIMEOUT, topic));
            assertConsistent(events);
            Map<Long, Integer> reads = reads(events);
            for (long i = 1; i <= 300; i++) {
                boolean changed = updated.contains(i) || deleted.contains(i);
                assertEquals(changed ? 0 : 1, reads.getOrDefault(i, 0), "reads of row " + i);
            }
            cluster.connect().deleteConnector(name);
        }
    }

    @Test
    void incrementalSnapshotWhileAWriterChangesTheSameKeysReplaysToTheTable() throws Exception {
        run("oinc", false);
    }

    @Test
    void workerRestartMidSnapshotResumesWithoutLoss() throws Exception {
        run("oincrs", true);
    }

    /** The table model the writer keeps (it is the only writer): id -> V. */
    static final class Table {
        final H2Oracle db;
        final RedoWriter redo;
        final TreeMap<Long, String> rows = new TreeMap<>();

        Table(H2Oracle db, RedoWriter redo) {
            this.db = db;
            this.redo = redo;
        }

        void insert(long id, String v) throws SQLException {
            synchronized (redo) {
                db.execute("INSERT INTO \"APP\".\"A\" VALUES (" + id + ", '" + v + "')");
                redo.begin()
                        .insert("APP", "A", "\"ID\",\"V\"", "'" + id + "','" + v + "'")
                        .commit();
                rows.put(id, v);
            }
        }

        void update(long id, String v) throws SQLException {
            synchronized (redo) {
                String old = rows.get(id);
                db.execute("UPDATE \"APP\".\"A\" SET \"V\" = '" + v + "' WHERE \"ID\" = " + id);
                redo.begin()
                        .update("APP", "A", "\"V\" = '" + v + "'", "\"ID\" = '" + id + "' and \"V\" = '" + old + "'")
                        .commit();
                rows.put(id, v);
            }
        }

        void delete(long id) throws SQLException {
            synchronized (redo) {
                String old = rows.get(id);
                db.execute("DELETE FROM \"APP\".\"A\" WHERE \"ID\" = " + id);
                redo.begin()
                        .delete("APP", "A", "\"ID\" = '" + id + "' and \"V\" = '" + old + "'")
                        .commit();
                rows.remove(id);
            }
        }
    }

    static void signal(H2Oracle db, RedoWriter redo, String id, String type, String data) throws SQLException {
        synchronized (redo) {
            String d = data == null ? "NULL" : "'" + data.replace("'", "''") + "'";
            db.execute("INSERT INTO \"APP\".\"DEBEZIUM_SIGNAL\" VALUES ('" + id + "', '" + type + "', " + d + ")");
            redo.begin()
                    .insert(
                            "APP",
                            "DEBEZIUM_SIGNAL",
                            "\"ID\",\"TYPE\",\"DATA\"",
                            "'" + id + "','" + type + "'," + (data == null ? "NULL" : d))
                    .commit();
        }
    }

    static H2Oracle database(String name) throws SQLException {
        H2Oracle db = new H2Oracle(name);
        db.createTable("APP", "DEBEZIUM_SIGNAL", "ID VARCHAR2(42) PK, TYPE VARCHAR2(32) NOT NULL, DATA VARCHAR2(2048)");
        db.createTable("APP", "A", "ID NUMBER(10) PK, V VARCHAR2(20) NOT NULL");
        return db;
    }

    static Map<String, String> config(H2Oracle db, String prefix) {
        Map<String, String> c = OracleStreamingIT.config(db, prefix);
        c.put("signal.data.collection", "APP.DEBEZIUM_SIGNAL");
        c.put("incremental.snapshot.chunk.size", "100");
        c.put("tombstones.on.delete", "false");
        return c;
    }

    private void run(String name, boolean restart) throws Exception {
        try (H2Oracle db = database(name)) {
            db.execute("INSERT INTO \"APP\".\"A\" SELECT X, 'v0' FROM SYSTEM_RANGE(1, " + ROWS + ")");
            RedoWriter redo = new RedoWriter(db);
            H2TestDialect.SIGNAL_REDO.set(redo);
            Table table = new Table(db, redo);
            for (long i = 1; i <= ROWS; i++) {
                table.rows.put(i, "v0");
            }
            Map<String, String> c = config(db, name);
            c.put("throttle.max.events.per.second", "600"); // the snapshot takes seconds, the writer runs through it
            cluster.deploy(name, c);
            String topic = name + ".APP.A";
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            java.util.Set<Long> touched = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Thread writer = new Thread(() -> {
                Random r = new Random(14);
                long next = ROWS + 1;
                int n = 0;
                try {
                    while (!stop.get() || n < 200) {
                        long id = 1 + r.nextInt(ROWS);
                        touched.add(id);
                        boolean exists = table.rows.containsKey(id);
                        switch (r.nextInt(3)) {
                            case 0 -> {
                                if (exists) {
                                    table.update(id, "w" + n);
                                }
                            }
                            case 1 -> {
                                if (exists) {
                                    table.delete(id);
                                }
                            }
                            default -> table.insert(next++, "n" + n);
                        }
                        n++;
                        if (n % 20 == 0) {
                            Thread.onSpinWait();
                        }
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            signal(
                    db,
                    redo,
                    "s1",
                    "execute-snapshot",
                    "{\"data-collections\": [\"APP.A\"], \"type\": \"incremental\"}");
            writer.start();
            // the snapshot is under way, far from done, while the writer goes on
            cluster.consumeCommitted(name, 800, TIMEOUT, topic);
            if (restart) {
                cluster.restartWorker();
                cluster.awaitRunning(name);
            }
            stop.set(true);
            writer.join();
            assertNull(failed.get(), "writer failed: " + failed.get());
            table.insert(10_000_000L, "fence");
            Map<Long, String> actual = new TreeMap<>(table.rows);
            List<Event>[] events = new List[1];
            TestUtils.waitForCondition(
                    () -> {
                        events[0] = ChangeEvents.parse(cluster.consumeCommitted(name, 1, TIMEOUT, topic));
                        return replay(events[0]).equals(actual);
                    },
                    TIMEOUT.toMillis(),
                    () -> "the topic does not replay to the table: "
                            + replay(events[0]).size() + " rows against " + actual.size());
            assertConsistent(events[0]);
            Map<Long, Integer> reads = reads(events[0]);
            for (long i = 1; i <= ROWS; i++) {
                if (!touched.contains(i)) {
                    assertEquals(1, reads.getOrDefault(i, 0), "untouched row " + i + " read once");
                }
            }
            cluster.connect().deleteConnector(name);
        }
    }

    static Map<Long, Integer> reads(List<Event> events) {
        Map<Long, Integer> reads = new HashMap<>();
        for (Event e : events) {
            if (e.op().equals("r")) {
                reads.merge(e.after().get("ID").asLong(), 1, Integer::sum);
            }
        }
        return reads;
    }

    static Map<Long, String> replay(List<Event> events) {
        Map<Long, String> replay = new TreeMap<>();
        if (events == null) {
            return replay;
        }
        for (Event e : events) {
            if (e.op().equals("d")) {
                replay.remove(e.before().get("ID").asLong());
            } else {
                replay.put(e.after().get("ID").asLong(), e.after().get("V").asText());
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
                long id = e.after().get("ID").asLong();
                assertEquals("incremental", e.source().get("snapshot").asText(), "source.snapshot of id " + id);
                assertEquals(1, reads.merge(id, 1, Integer::sum), "id " + id + " read twice");
                if (streamed.containsKey(id)) {
                    assertTrue(streamed.get(id) != null, "id " + id + ": r after its delete");
                    assertEquals(streamed.get(id), e.after().get("V").asText(), "id " + id + ": r older than a change");
                }
            } else if (e.op().equals("d")) {
                streamed.put(e.before().get("ID").asLong(), null);
            } else {
                streamed.put(e.after().get("ID").asLong(), e.after().get("V").asText());
            }
        }
        assertFalse(reads.isEmpty(), "no incremental snapshot rows");
    }

    static List<String> ops(List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            out.add(e.op());
        }
        return out;
    }
}
