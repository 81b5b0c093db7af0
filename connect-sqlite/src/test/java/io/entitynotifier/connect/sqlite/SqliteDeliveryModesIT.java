package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * The connector with {@code transaction.boundary=poll}, with exactly-once disabled in the worker (at-least-once), and
 * with each {@code snapshot.mode}.
 */
class SqliteDeliveryModesIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    static Map<String, String> connector(SqliteTestDatabase db, String prefix) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", SqliteSourceConnector.class.getName());
        c.put("database.path", db.file.toString());
        c.put("topic.prefix", prefix);
        c.put("poll.interval.ms", "50");
        return c;
    }

    static SqliteTestDatabase db(String name, int rows) throws Exception {
        SqliteTestDatabase db = new SqliteTestDatabase(dir, name);
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
        insert(db, 1, rows);
        return db;
    }

    static void insert(SqliteTestDatabase db, int from, int to) throws Exception {
        List<String> s = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            s.add("INSERT INTO t VALUES (" + i + ", " + i + ")");
        }
        if (!s.isEmpty()) {
            db.txn(s.toArray(String[]::new));
        }
    }

    /** Every id 1..n at least once; returns how many records there were in all. */
    static int assertAllPresent(List<Event> events, int n) {
        Set<Integer> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.key().get("id").asInt()));
        for (int i = 1; i <= n; i++) {
            assertTrue(ids.contains(i), "row " + i + " missing");
        }
        return events.size();
    }

    @Test
    void pollBoundariesAndSnapshotModesOnAnExactlyOnceWorker() throws Exception {
        try (ConnectTestCluster cluster = ConnectTestCluster.start();
                SqliteTestDatabase poll = db("poll.db", 500);
                SqliteTestDatabase never = db("never.db", 5);
                SqliteTestDatabase only = db("only.db", 5)) {
            // transaction.boundary=poll: each poll is a Kafka transaction; a restart repeats and loses nothing.
            Map<String, String> c = connector(poll, "poll");
            c.put("transaction.boundary", "poll");
            c.put("max.batch.size", "37");
            cluster.deploy("poll", c);
            insert(poll, 501, 1000);
            cluster.consumeCommitted(700, TIMEOUT, "poll.main.t");
            cluster.restartWorker();
            cluster.awaitRunning("poll");
            insert(poll, 1001, 1200);
            List<Event> ev = ChangeEvents.parse(cluster.consumeCommitted(1200, TIMEOUT, "poll.main.t"));
            assertEquals(1200, assertAllPresent(ev, 1200), "exactly once with poll boundaries");

            // snapshot.mode=never: existing rows are not emitted, later changes are.
            Map<String, String> nc = connector(never, "never");
            nc.put("snapshot.mode", "never");
            cluster.deploy("never", nc);
            TestUtils.waitForCondition(
                    () -> never.count("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'") == 3,
                    TIMEOUT.toMillis(),
                    "triggers installed");
            insert(never, 6, 6);
            List<Event> n = ChangeEvents.parse(cluster.consumeCommitted(1, TIMEOUT, "never.main.t"));
            assertEquals(1, n.size());
            assertEquals("c", n.get(0).op());
            assertEquals(6, n.get(0).key().get("id").asInt());

            // snapshot.mode=initial_only: the rows, then nothing more.
            Map<String, String> oc = connector(only, "only");
            oc.put("snapshot.mode", "initial_only");
            oc.put("changelog.purge.enabled", "false");
            cluster.deploy("only", oc);
            List<Event> o = ChangeEvents.parse(cluster.consumeCommitted(5, TIMEOUT, "only.main.t"));
            assertEquals(5, o.size());
            insert(only, 6, 6);
            // A second connector streaming the same file sees the later inserts; the initial_only one never does.
            cluster.deploy(
                    "only-probe",
                    Map.of(
                            "connector.class",
                            SqliteSourceConnector.class.getName(),
                            "database.path",
                            only.file.toString(),
                            "topic.prefix",
                            "onlyprobe",
                            "poll.interval.ms",
                            "50",
                            "snapshot.mode",
                            "never",
                            "changelog.purge.enabled",
                            "false"));
            insert(only, 7, 7);
            cluster.consumeCommitted(1, TIMEOUT, "onlyprobe.main.t");
            assertEquals(5, cluster.consumeCommitted(5, TIMEOUT, "only.main.t").size(), "initial_only streams nothing");
        }
    }

    @Test
    void atLeastOnceWhenTheWorkerHasExactlyOnceDisabled() throws Exception {
        try (ConnectTestCluster cluster = ConnectTestCluster.start(Map.of("exactly.once.source.support", "disabled"));
                SqliteTestDatabase db = db("alo.db", 300)) {
            Map<String, String> c = connector(db, "alo");
            c.put("exactly.once.support", "requested");
            c.remove("transaction.boundary");
            Map<String, String> all = ConnectTestCluster.exactlyOnceDefaults();
            all.remove("transaction.boundary");
            all.put("exactly.once.support", "requested");
            all.putAll(c);
            cluster.connect().configureConnector("alo", all);
            cluster.awaitRunning("alo");
            insert(db, 301, 600);
            cluster.consumeCommitted(400, TIMEOUT, "alo.main.t");
            cluster.restartWorker();
            cluster.awaitRunning("alo");
            insert(db, 601, 800);
            List<Event> ev = ChangeEvents.parse(cluster.consumeCommitted(800, TIMEOUT, "alo.main.t"));
            int total = assertAllPresent(ev, 800);
            assertTrue(total >= 800, "nothing lost (duplicates are allowed without exactly-once): " + total);
        }
    }
}
