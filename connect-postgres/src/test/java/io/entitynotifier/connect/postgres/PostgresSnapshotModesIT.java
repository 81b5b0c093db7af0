package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** snapshot.mode initial_only (no slot left behind), when_needed, no_data and always, and a lost slot under initial. */
@ExtendWith(TestEnvironment.class)
class PostgresSnapshotModesIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static PostgresServer pg;
    static ConnectTestCluster connect;

    @BeforeAll
    static void setUp() throws Exception {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
    }

    @Test
    void initialOnlySnapshotsWithoutLeavingASlot() throws Exception {
        pg.execute(
                "CREATE SCHEMA s60",
                "CREATE TABLE s60.t (id int PRIMARY KEY)",
                "INSERT INTO s60.t SELECT generate_series(1, 2500)");
        Map<String, String> cfg = pg.connectorConfig("it60", "slot_it60", "pub_it60");
        cfg.put("table.include.list", "s60\\.t");
        cfg.put("snapshot.mode", "initial_only");
        cfg.put("snapshot.chunk.size", "500");
        connect.deploy("pg-it60", cfg);
        try {
            List<Event> events = ChangeEvents.parse(connect.consumeCommitted(2500, TIMEOUT, "it60.s60.t"));
            assertEquals(2500, events.size(), "each row once");
            assertEquals(
                    IntStream.rangeClosed(1, 2500).boxed().toList(),
                    events.stream()
                            .map(e -> e.after().get("id").asInt())
                            .sorted()
                            .toList());
            assertTrue(events.stream().allMatch(e -> e.op().equals("r")));
            // Nothing is streamed afterwards, so nothing of ours may keep WAL: no slot, and no publication either.
            assertEquals(
                    "0",
                    query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'slot_it60' "
                            + "OR (database = 'cdc' AND active_pid IN (SELECT pid FROM pg_stat_activity "
                            + "WHERE application_name = 'entitynotifier-it60'))"));
            assertEquals("0", query("SELECT count(*) FROM pg_publication WHERE pubname = 'pub_it60'"));
            assertEquals("RUNNING", connect.status("pg-it60").tasks().get(0).state());
        } finally {
            connect.connect().deleteConnector("pg-it60");
        }
    }

    static String query(String sql) throws Exception {
        try (Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aLostSlotFailsTheTaskUnlessWhenNeededTakesANewSnapshot() throws Exception {
        pg.execute(
                "CREATE SCHEMA s61",
                "CREATE TABLE s61.t (id int PRIMARY KEY, v text)",
                "INSERT INTO s61.t VALUES (1, 'a'), (2, 'b')");
        Map<String, String> cfg = pg.connectorConfig("it61", "slot_it61", "pub_it61");
        cfg.put("table.include.list", "s61\\.t");
        connect.deploy("pg-it61", cfg);
        try {
            String topic = "it61.s61.t";
            connect.consumeCommitted(2, TIMEOUT, topic);
            pg.execute("INSERT INTO s61.t VALUES (3, 'c')");
            connect.consumeCommitted(3, TIMEOUT, topic);
            connect.connect().stopConnector("pg-it61");
            TestUtils.waitForCondition(() -> pg.slotIdle("slot_it61"), TIMEOUT.toMillis(), "slot still in use");
            pg.execute("SELECT pg_drop_replication_slot('slot_it61')");
            connect.connect().resumeConnector("pg-it61");
            String trace = connect.awaitTaskFailure("pg-it61", TIMEOUT);
            assertTrue(trace.contains("slot_it61") && trace.contains("does not exist"), trace);

            cfg.put("snapshot.mode", "when_needed");
            Map<String, String> all = ConnectTestCluster.exactlyOnceDefaults();
            all.putAll(cfg);
            connect.connect().configureConnector("pg-it61", all);
            connect.restartConnectorAndTasks("pg-it61");
            connect.awaitRunning("pg-it61");
            List<Event> events = ChangeEvents.parse(connect.consumeCommitted(6, TIMEOUT, topic));
            assertEquals(
                    List.of("r", "r", "c", "r", "r", "r"),
                    events.stream().map(Event::op).toList(),
                    "a new snapshot after the slot was re-created");
            pg.awaitSlot("slot_it61");
            pg.execute("UPDATE s61.t SET v = 'z' WHERE id = 1");
            events = ChangeEvents.parse(connect.consumeCommitted(7, TIMEOUT, topic));
            assertEquals("u", events.get(6).op());
        } finally {
            connect.connect().deleteConnector("pg-it61");
        }
    }

    @Test
    void noDataStreamsWithoutASnapshot() throws Exception {
        pg.execute("CREATE SCHEMA s62", "CREATE TABLE s62.t (id int PRIMARY KEY)", "INSERT INTO s62.t VALUES (1), (2)");
        Map<String, String> cfg = pg.connectorConfig("it62", "slot_it62", "pub_it62");
        cfg.put("table.include.list", "s62\\.t");
        cfg.put("snapshot.mode", "no_data");
        connect.deploy("pg-it62", cfg);
        try {
            pg.awaitSlot("slot_it62");
            pg.execute("INSERT INTO s62.t VALUES (3)");
            List<Event> events = ChangeEvents.parse(connect.consumeCommitted(1, TIMEOUT, "it62.s62.t"));
            assertEquals(List.of("c"), events.stream().map(Event::op).toList(), "no snapshot rows before the insert");
        } finally {
            connect.connect().deleteConnector("pg-it62");
        }
    }

    @Test
    void alwaysSnapshotsAtEveryStartAndStreamsOn() throws Exception {
        pg.execute("CREATE SCHEMA s63", "CREATE TABLE s63.t (id int PRIMARY KEY)", "INSERT INTO s63.t VALUES (1), (2)");
        Map<String, String> cfg = pg.connectorConfig("it63", "slot_it63", "pub_it63");
        cfg.put("table.include.list", "s63\\.t");
        cfg.put("snapshot.mode", "always");
        connect.deploy("pg-it63", cfg);
        try {
            String topic = "it63.s63.t";
            connect.consumeCommitted(2, TIMEOUT, topic);
            pg.awaitSlot("slot_it63");
            pg.execute("INSERT INTO s63.t VALUES (3)");
            connect.consumeCommitted(3, TIMEOUT, topic);
            connect.restartConnectorAndTasks("pg-it63");
            connect.awaitRunning("pg-it63");
            List<Event> events = ChangeEvents.parse(connect.consumeCommitted(6, TIMEOUT, topic));
            assertEquals(
                    List.of("r", "r", "c", "r", "r", "r"),
                    events.stream().map(Event::op).toList(),
                    "a new snapshot at the restart");
            pg.execute("INSERT INTO s63.t VALUES (4)");
            events = ChangeEvents.parse(connect.consumeCommitted(7, TIMEOUT, topic));
            assertEquals("c", events.get(6).op(), "streaming goes on after the new snapshot");
        } finally {
            connect.connect().deleteConnector("pg-it63");
        }
    }

    @Test
    void snapshotIncludeCollectionListSnapshotsOnlyThoseTablesAndStreamsAll() throws Exception {
        pg.execute(
                "CREATE SCHEMA s64",
                "CREATE TABLE s64.a (id int PRIMARY KEY)",
                "CREATE TABLE s64.b (id int PRIMARY KEY)",
                "INSERT INTO s64.a VALUES (1), (2)",
                "INSERT INTO s64.b VALUES (1), (2)");
        Map<String, String> cfg = pg.connectorConfig("it64", "slot_it64", "pub_it64");
        cfg.put("table.include.list", "s64\\..*");
        cfg.put("snapshot.include.collection.list", "s64\\.a");
        connect.deploy("pg-it64", cfg);
        try {
            assertEquals(
                    List.of("r", "r"),
                    ChangeEvents.parse(connect.consumeCommitted(2, TIMEOUT, "it64.s64.a")).stream()
                            .map(Event::op)
                            .toList());
            pg.awaitSlot("slot_it64");
            pg.execute("INSERT INTO s64.b VALUES (3)");
            List<Event> b = ChangeEvents.parse(connect.consumeCommitted(1, TIMEOUT, "it64.s64.b"));
            assertEquals(List.of("c"), b.stream().map(Event::op).toList(), "s64.b is streamed, not snapshotted");
            assertEquals(3, b.get(0).after().get("id").asInt());
        } finally {
            connect.connect().deleteConnector("pg-it64");
        }
    }
}
