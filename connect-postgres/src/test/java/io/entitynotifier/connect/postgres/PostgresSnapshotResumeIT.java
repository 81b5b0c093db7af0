package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** A snapshot interrupted by a worker restart continues after the last committed chunk. */
@ExtendWith(TestEnvironment.class)
class PostgresSnapshotResumeIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static PostgresServer pg;
    static ConnectTestCluster connect;

    @BeforeAll
    static void setUp() throws Exception {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
    }

    @Test
    void interruptedSnapshotResumesFromTheLastCommittedChunk() throws Exception {
        pg.execute(
                "CREATE SCHEMA s20",
                "CREATE TABLE s20.a (id int PRIMARY KEY, v text)",
                "CREATE TABLE s20.b (id int PRIMARY KEY, v text)",
                "INSERT INTO s20.a SELECT g, 'a' || g FROM generate_series(1, 3000) g",
                "INSERT INTO s20.b SELECT g, 'b' || g FROM generate_series(1, 2000) g",
                "CREATE PUBLICATION pub_it20 FOR TABLE s20.a, s20.b",
                // A slot that exists before the connector: the table lock below must not hold up its creation.
                "SELECT pg_create_logical_replication_slot('slot_it20', 'pgoutput')");
        try (Connection locker = pg.connect();
                Statement s = locker.createStatement()) {
            // Holds the snapshot at table b (tables are read in name order) until released.
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE s20.b IN ACCESS EXCLUSIVE MODE");
            Map<String, String> cfg = pg.connectorConfig("it20", "slot_it20", "pub_it20");
            cfg.put("table.include.list", "s20\\..*");
            cfg.put("snapshot.chunk.size", "500");
            connect.deploy("pg-it20", cfg);
            List<Event> before = ChangeEvents.parse(connect.consumeCommitted(3000, TIMEOUT, "it20.s20.a"));
            assertEquals(3000, before.size(), "all chunks of table a committed before the restart");
            pg.execute("UPDATE s20.a SET v = 'changed' WHERE id = 7"); // a change made during the snapshot
            assertFalse(connect.topics().contains("it20.s20.b"), "the snapshot is held at table b");
            connect.restartWorker();
            locker.commit();
        }
        connect.awaitRunning("pg-it20");
        // After the resumed snapshot (which reads a fresh snapshot: a row inserted before it ends would be read and
        // then streamed as well, the documented replay).
        connect.consumeCommitted(2000, TIMEOUT, "it20.s20.b");
        pg.execute("INSERT INTO s20.b VALUES (2001, 'streamed')");
        List<Event> a = ChangeEvents.parse(connect.consumeCommitted(3001, TIMEOUT, "it20.s20.a"));
        List<Event> b = ChangeEvents.parse(connect.consumeCommitted(2001, TIMEOUT, "it20.s20.b"));
        assertEquals(3001, a.size(), "table a: 3000 snapshot rows once each, plus the update");
        assertEquals(3000, ids(a.subList(0, 3000)).size());
        assertEquals("u", a.get(3000).op());
        assertEquals("changed", a.get(3000).after().get("v").asText());
        assertEquals(2001, b.size(), "table b: 2000 snapshot rows once each, plus the insert");
        assertEquals(2000, ids(b.subList(0, 2000)).size());
        assertTrue(b.subList(0, 2000).stream().allMatch(e -> e.op().equals("r")));
        assertEquals("last", b.get(1999).source().get("snapshot").asText());
        assertEquals("c", b.get(2000).op());
        TestUtils.waitForCondition(
                () -> pg.confirmedFlush("slot_it20")
                        > b.get(2000).source().get("lsn").asLong(),
                TIMEOUT.toMillis(),
                "slot not confirmed after the snapshot");
        connect.connect().deleteConnector("pg-it20");
    }

    @Test
    void aServerRestartDuringTheSnapshotContinuesAfterTheLastChunk() throws Exception {
        pg.execute(
                "CREATE SCHEMA s22",
                "CREATE TABLE s22.a (id int PRIMARY KEY)",
                "CREATE TABLE s22.b (id int PRIMARY KEY)",
                "INSERT INTO s22.a SELECT generate_series(1, 1000)",
                "INSERT INTO s22.b SELECT generate_series(1, 700)",
                "CREATE PUBLICATION pub_it22 FOR TABLE s22.a, s22.b",
                "SELECT pg_create_logical_replication_slot('slot_it22', 'pgoutput')");
        Map<String, String> cfg = pg.connectorConfig("it22", "slot_it22", "pub_it22");
        cfg.put("table.include.list", "s22\\..*");
        cfg.put("snapshot.chunk.size", "300");
        cfg.put("retriable.restart.connector.wait.ms", "1000");
        try (Connection locker = pg.connect();
                Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE s22.b IN ACCESS EXCLUSIVE MODE");
            connect.deploy("pg-it22", cfg);
            assertEquals(
                    1000, connect.consumeCommitted(1000, TIMEOUT, "it22.s22.a").size());
            pg.restart(); // ends the locker's session too
        }
        try {
            List<Event> b = ChangeEvents.parse(connect.consumeCommitted(700, TIMEOUT, "it22.s22.b"));
            List<Event> a = ChangeEvents.parse(connect.consumeCommitted(1000, TIMEOUT, "it22.s22.a"));
            assertEquals(1000, a.size(), "table a is not read again");
            assertEquals(700, b.size());
            assertEquals(700, ids(b).size());
            assertEquals("RUNNING", connect.status("pg-it22").tasks().get(0).state());
        } finally {
            connect.connect().deleteConnector("pg-it22");
        }
    }

    @Test
    void resumesInsideATableAfterACompositeKey() throws Exception {
        pg.execute(
                "CREATE SCHEMA s21",
                "CREATE TABLE s21.t (a int, b text, v int, PRIMARY KEY (a, b))",
                "INSERT INTO s21.t SELECT a, b, a FROM generate_series(1, 10) a, "
                        + "unnest(ARRAY['x', 'y z', 'q''q']) b",
                "CREATE PUBLICATION pub_it21 FOR TABLE s21.t",
                "SELECT pg_create_logical_replication_slot('slot_it21', 'pgoutput')");
        long slotLsn = pg.confirmedFlush("slot_it21");
        Map<String, String> cfg = ConnectTestCluster.exactlyOnceDefaults();
        cfg.putAll(pg.connectorConfig("it21", "slot_it21", "pub_it21"));
        cfg.put("table.include.list", "s21\\.t");
        cfg.put("snapshot.chunk.size", "4");
        connect.connect()
                .configureConnector(
                        new CreateConnectorRequest("pg-it21", cfg, CreateConnectorRequest.InitialState.STOPPED));
        // As if an earlier task had delivered the chunks up to key (5, 'y z') before it died.
        Map<String, Object> offset = Map.of(
                "lsn",
                slotLsn,
                "snapshot",
                true,
                "snapshot_table",
                "s21.t",
                "snapshot_key",
                io.entitynotifier.connect.common.offset.SnapshotKeyText.encode(List.of("5", "y z")));
        connect.connect().alterSourceConnectorOffset("pg-it21", Map.of("server", "it21"), offset);
        connect.connect().resumeConnector("pg-it21");
        try {
            List<Event> events = ChangeEvents.parse(connect.consumeCommitted(15, TIMEOUT, "it21.s21.t"));
            List<String> keys = events.stream()
                    .map(e -> e.key().get("a").asInt() + "/" + e.key().get("b").asText())
                    .toList();
            List<String> expected = new java.util.ArrayList<>();
            for (int a = 6; a <= 10; a++) {
                for (String b : List.of("q'q", "x", "y z")) { // primary-key order (C collation)
                    expected.add(a + "/" + b);
                }
            }
            assertEquals(expected, keys);
            assertTrue(events.stream().allMatch(e -> e.op().equals("r")));
            assertEquals("last", events.get(14).source().get("snapshot").asText());
        } finally {
            connect.connect().deleteConnector("pg-it21");
        }
    }

    static Set<Integer> ids(List<Event> events) {
        Set<Integer> ids = new TreeSet<>();
        for (Event e : events) {
            ids.add(e.key().get("id").asInt());
        }
        return ids;
    }
}
