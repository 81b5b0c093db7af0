package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.TreeMap;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * A snapshot interrupted by a worker restart while the application writes, then resumed: as consistent as an
 * uninterrupted one. Each row is delivered once (as {@code r} or by its first change), no {@code r} carries a state
 * from after the snapshot point, and replaying each topic gives the tables' final content.
 */
class SqliteResumedSnapshotIT {

    static final Duration TIMEOUT = Duration.ofSeconds(180);
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
    void snapshotResumedWhileWritesGoOnDeliversEachRowOnceAndNoLaterState() throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "resume.db")) {
            db.exec(
                    "CREATE TABLE a (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, v TEXT)",
                    "CREATE TABLE k (n INTEGER NOT NULL, v TEXT)"); // k: no key (implicit rowid)
            List<String> rows = new ArrayList<>();
            for (int i = 1; i <= 12000; i++) {
                rows.add("INSERT INTO a VALUES (" + i + ", " + i + ", 'v')");
                if (i <= 3000) {
                    rows.add("INSERT INTO k VALUES (" + i + ", 'v')");
                }
            }
            db.txn(rows.toArray(String[]::new));
            Map<String, String> c = new HashMap<>();
            c.put("connector.class", SqliteSourceConnector.class.getName());
            c.put("database.path", db.file.toString());
            c.put("topic.prefix", "resume");
            c.put("poll.interval.ms", "50");
            c.put("tombstones.on.delete", "false");
            c.put("snapshot.chunk.size", "100");
            c.put("max.batch.size", "100");
            c.put("transaction.group.max.records", "100");
            c.put("throttle.group", "resume");
            c.put("throttle.group.max.events.per.second", "2000");
            cluster.deploy("resume", c);
            cluster.consumeCommitted(1500, TIMEOUT, "resume.main.a");
            // After the snapshot point, rows ahead of the snapshot change, appear and disappear.
            db.txn(
                    "UPDATE a SET v = 'new' WHERE id > 11000",
                    "DELETE FROM a WHERE id BETWEEN 10001 AND 10100",
                    "UPDATE k SET v = 'new' WHERE n > 2500",
                    "DELETE FROM k WHERE n BETWEEN 2001 AND 2050");
            for (int i = 12001; i <= 12100; i++) {
                db.exec(
                        "INSERT INTO a VALUES (" + i + ", " + i + ", 'new')",
                        "INSERT INTO k VALUES (" + (i - 9000) + ", 'new')");
            }
            cluster.restartWorker();
            cluster.awaitRunning("resume");
            db.exec(
                    "UPDATE a SET v = 'late' WHERE id IN (5, 11500, 12050)",
                    "UPDATE k SET v = 'late' WHERE n IN (5, 2900)");
            db.exec("INSERT INTO a VALUES (99999, 99999, 'fence')", "INSERT INTO k VALUES (99999, 'fence')");
            for (String t : List.of("a", "k")) {
                String topic = "resume.main." + t;
                List<Event>[] events = new List[1];
                TestUtils.waitForCondition(
                        () -> {
                            events[0] = ChangeEvents.parse(cluster.consumeCommitted("resume", 1, TIMEOUT, topic));
                            return events[0].stream()
                                    .anyMatch(e -> e.after() != null
                                            && !e.after().isNull()
                                            && "fence".equals(e.after().get("v").asText()));
                        },
                        TIMEOUT.toMillis(),
                        "fence of " + t + " not delivered");
                assertConsistent(t, events[0], db);
            }
            cluster.connect().deleteConnector("resume");
        }
    }

    /** Per row (identified by n): at most one r or c, an r never newer than the snapshot, replay = final content. */
    static void assertConsistent(String table, List<Event> events, SqliteTestDatabase db) throws Exception {
        Map<Integer, String> replay = new TreeMap<>();
        Map<Integer, Integer> created = new HashMap<>();
        for (Event e : events) {
            String op = e.op();
            if (op.equals("r")) {
                String v = e.after().get("v").asText();
                assertEquals("v", v, table + " n=" + e.after().get("n") + ": snapshot row carries a later state");
            }
            if (op.equals("r") || op.equals("c")) {
                int n = e.after().get("n").asInt();
                assertEquals(1, created.merge(n, 1, Integer::sum), table + " n=" + n + " created twice");
                replay.put(n, e.after().get("v").asText());
            } else if (op.equals("u")) {
                replay.put(e.after().get("n").asInt(), e.after().get("v").asText());
                assertTrue(
                        replay.containsKey(e.before().get("n").asInt())
                                || e.before().get("v").asText().equals("v"),
                        table + ": update of a row never seen with its state as of the snapshot");
            } else if (op.equals("d")) {
                replay.remove(e.before().get("n").asInt());
            }
        }
        Map<Integer, String> actual = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT n, v FROM " + table)) {
            while (rs.next()) {
                actual.put(rs.getInt(1), rs.getString(2));
            }
        }
        assertEquals(actual.size(), replay.size(), table + ": rows after replay");
        assertEquals(actual, replay, table + ": replayed content");
    }
}
