package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** Several connectors on one SQLite file: each keeps its own change log, triggers and purge. */
class SqliteSharedFileIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
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

    static Map<String, String> connector(SqliteTestDatabase db, String prefix, String table) {
        Map<String, String> c = new java.util.HashMap<>();
        c.put("connector.class", SqliteSourceConnector.class.getName());
        c.put("database.path", db.file.toString());
        c.put("topic.prefix", prefix);
        c.put("table.include.list", "main\\." + table);
        c.put("poll.interval.ms", "50");
        return c;
    }

    static void write(SqliteTestDatabase db, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            db.exec(
                    "INSERT INTO t_a VALUES (" + i + ", 'a" + i + "')",
                    "INSERT INTO t_b VALUES (" + i + ", 'b" + i + "')");
        }
    }

    /** Exactly the ids 0..n-1, each once, as creates. */
    static void assertEachOnce(int n, String topic) {
        List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(n, TIMEOUT, topic));
        Set<Integer> ids = new HashSet<>();
        for (Event e : events) {
            assertTrue(e.op().equals("c") || e.op().equals("r"), topic + ": " + e.op());
            assertTrue(
                    ids.add(e.key().get("id").asInt()),
                    topic + ": id " + e.key().get("id") + " twice");
        }
        assertEquals(n, ids.size(), topic);
    }

    @Test
    void twoTenantsOnOneFileEachGetEveryRowOnce() throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "tenants.db")) {
            db.exec(
                    "CREATE TABLE t_a (id INTEGER PRIMARY KEY, v TEXT)",
                    "CREATE TABLE t_b (id INTEGER PRIMARY KEY, v TEXT)");
            Map<String, String> a = connector(db, "tenant_a", "t_a");
            Map<String, String> b = connector(db, "tenant_b", "t_b");
            cluster.deploy("tenant-a", a);
            write(db, 0, 30);
            cluster.consumeCommitted(30, TIMEOUT, "tenant_a.main.t_a");
            // B starts on the file A is running on.
            cluster.deploy("tenant-b", b);
            write(db, 30, 60);
            cluster.consumeCommitted(60, TIMEOUT, "tenant_a.main.t_a");
            cluster.restartConnectorAndTasks("tenant-a");
            cluster.awaitRunning("tenant-a");
            write(db, 60, 100);
            assertEachOnce(100, "tenant_a.main.t_a");
            assertEachOnce(100, "tenant_b.main.t_b"); // rows 0..29 from B's snapshot, the rest streamed
            assertEquals("RUNNING", cluster.status("tenant-a").tasks().get(0).state());
            assertEquals("RUNNING", cluster.status("tenant-b").tasks().get(0).state());

            // A third connector with A's identity (topic.prefix) is refused, naming the owner; A goes on.
            Map<String, String> copy = ConnectTestCluster.exactlyOnceDefaults();
            copy.putAll(connector(db, "tenant_a", "t_a"));
            copy.put("name", "tenant-a-copy");
            List<String> errors = ConnectTestCluster.errorsFor(
                    cluster.validate(SqliteSourceConnector.class.getName(), copy), "topic.prefix");
            assertTrue(
                    errors.size() == 1 && errors.get(0).contains("connector 'tenant-a' already captures"),
                    errors.toString());
            copy.put("name", "tenant-a");
            assertTrue(
                    ConnectTestCluster.errorsFor(
                                    cluster.validate(SqliteSourceConnector.class.getName(), copy), "topic.prefix")
                            .isEmpty(),
                    "its own connector validates");
            copy.remove("name");
            assertTrue(
                    ConnectTestCluster.errorsFor(
                                    cluster.validate(SqliteSourceConnector.class.getName(), copy), "topic.prefix")
                            .isEmpty(),
                    "without a name the owner cannot be compared");
            // PUT validates first: refused with the same message (the task's start checks again, in its transaction).
            Exception refused = org.junit.jupiter.api.Assertions.assertThrows(
                    Exception.class, () -> cluster.connect().configureConnector("tenant-a-copy", copy));
            assertTrue(
                    refused.getMessage().contains("connector 'tenant-a' already captures this SQLite file"),
                    refused.getMessage());
            db.exec("INSERT INTO t_a VALUES (100, 'a100')");
            assertEachOnce(101, "tenant_a.main.t_a");
            cluster.connect().deleteConnector("tenant-a");
            cluster.connect().deleteConnector("tenant-b");
        }
    }

    /**
     * A file set up by a version that allowed one connector per file: its change log and triggers are adopted by the
     * connector whose offset points into them, so rows logged while it was being upgraded are delivered once.
     */
    @Test
    void legacySharedChangeLogIsAdoptedWithoutLoss() throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "legacy.db")) {
            db.exec(
                    "PRAGMA journal_mode=WAL",
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)",
                    "CREATE TABLE _entitynotifier_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, "
                            + "op TEXT NOT NULL, ts INTEGER NOT NULL, old_row TEXT, new_row TEXT)");
            for (String[] k : new String[][] {
                {"ins", "INSERT", "'c'", "NULL", "NEW"},
                {"upd", "UPDATE", "'u'", "OLD", "NEW"},
                {"del", "DELETE", "'d'", "OLD", "NULL"}
            }) {
                db.exec("CREATE TRIGGER \"_entitynotifier_t_" + k[0] + "\" AFTER " + k[1]
                        + " ON \"t\" BEGIN INSERT INTO "
                        + "\"_entitynotifier_changes\" (tbl, op, ts, old_row, new_row) VALUES ('t', " + k[2] + ", 0, "
                        + json(k[3]) + ", " + json(k[4]) + "); END");
            }
            for (int i = 1; i <= 5; i++) {
                db.exec("INSERT INTO t VALUES (" + i + ", 'v" + i + "')");
            }
            db.exec("UPDATE t SET v = 'w5' WHERE id = 5");
            // Offsets as the earlier version left them: rows 1 and 2 (seq 1, 2) delivered.
            Map<String, String> c = ConnectTestCluster.exactlyOnceDefaults();
            c.putAll(connector(db, "legacy", "t"));
            cluster.connect()
                    .configureConnector(new org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest(
                            "legacy",
                            c,
                            org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest.InitialState
                                    .STOPPED));
            cluster.connect()
                    .alterConnectorOffsets(
                            "legacy",
                            new org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets(
                                    List.of(new org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset(
                                            Map.of("server", "legacy"), Map.of("seq", 2L)))));
            cluster.connect().resumeConnector("legacy");
            cluster.awaitRunning("legacy");
            db.exec("INSERT INTO t VALUES (6, 'v6')");
            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(5, TIMEOUT, "legacy.main.t"));
            assertEquals(
                    List.of("c:3", "c:4", "c:5", "u:5", "c:6"),
                    events.stream()
                            .map(e -> e.op() + ":" + e.key().get("id").asInt())
                            .toList());
            assertEquals(7, events.get(4).source().get("seq").asLong(), "the sequence goes on");
            assertEquals(
                    0,
                    db.count("SELECT count(*) FROM sqlite_schema WHERE name LIKE '\\_entitynotifier\\_t\\_%' "
                            + "ESCAPE '\\' OR name = '_entitynotifier_changes'"),
                    "the legacy triggers and table are gone");
            cluster.connect().deleteConnector("legacy");
        }
    }

    private static String json(String ref) {
        return ref.equals("NULL") ? "NULL" : "json_object('id', " + ref + ".id, 'v', " + ref + ".v)";
    }
}
