package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** publication.autocreate.mode all_tables and filtered, and slot.drop.on.stop. */
@ExtendWith(TestEnvironment.class)
class PostgresPublicationIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static PostgresServer pg;
    static ConnectTestCluster connect;

    @BeforeAll
    static void setUp() throws Exception {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
    }

    static String query(String sql) throws Exception {
        try (Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void allTablesPublicationStreamsOnlyTheCapturedTables() throws Exception {
        pg.execute(
                "CREATE SCHEMA s70",
                "CREATE TABLE s70.t (id int PRIMARY KEY)",
                "CREATE TABLE s70.other (id int PRIMARY KEY)");
        Map<String, String> cfg = pg.connectorConfig("it70", "slot_it70", "pub_it70");
        cfg.put("table.include.list", "s70\\.t");
        cfg.put("publication.autocreate.mode", "all_tables");
        cfg.put("provide.transaction.metadata", "true");
        connect.deploy("pg-it70", cfg);
        try {
            pg.awaitSlot("slot_it70");
            assertEquals("t", query("SELECT puballtables FROM pg_publication WHERE pubname = 'pub_it70'"));
            pg.execute("BEGIN; INSERT INTO s70.other VALUES (1); INSERT INTO s70.t VALUES (1); COMMIT");
            List<Event> events = ChangeEvents.parse(connect.consumeCommitted(1, TIMEOUT, "it70.s70.t"));
            assertEquals(1, events.size());
            assertEquals(
                    1,
                    events.get(0).value().get("transaction").get("total_order").asInt(),
                    "the uncaptured table's change is not counted");
            assertFalse(connect.topics().contains("it70.s70.other"));
        } finally {
            connect.connect().deleteConnector("pg-it70");
        }
    }

    @Test
    void filteredModeSetsTheTablesOfAnExistingPublication() throws Exception {
        pg.execute(
                "CREATE SCHEMA s71",
                "CREATE TABLE s71.a (id int PRIMARY KEY)",
                "CREATE TABLE s71.b (id int PRIMARY KEY)",
                "CREATE TABLE s71.c (id int PRIMARY KEY)",
                "CREATE PUBLICATION pub_it71 FOR TABLE s71.a, s71.c");
        Map<String, String> cfg = pg.connectorConfig("it71", "slot_it71", "pub_it71");
        cfg.put("table.include.list", "s71\\.a,s71\\.b");
        connect.deploy("pg-it71", cfg);
        try {
            pg.awaitSlot("slot_it71");
            assertEquals(
                    "s71.a,s71.b",
                    query("SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY "
                            + "tablename) FROM pg_publication_tables WHERE pubname = 'pub_it71'"));
            pg.execute("INSERT INTO s71.b VALUES (7)");
            List<Event> events = ChangeEvents.parse(connect.consumeCommitted(1, TIMEOUT, "it71.s71.b"));
            assertEquals(7, events.get(0).after().get("id").asInt());
        } finally {
            connect.connect().deleteConnector("pg-it71");
        }
    }

    @Test
    void slotDroppedOnStopOnlyWhenAsked() throws Exception {
        pg.execute("CREATE SCHEMA s72", "CREATE TABLE s72.t (id int PRIMARY KEY)");
        Map<String, String> keep = pg.connectorConfig("it72", "slot_it72", "pub_it72");
        keep.put("table.include.list", "s72\\.t");
        connect.deploy("pg-it72", keep);
        pg.awaitSlot("slot_it72");
        connect.connect().deleteConnector("pg-it72");
        TestUtils.waitForCondition(() -> pg.slotIdle("slot_it72"), TIMEOUT.toMillis(), "slot still in use");
        assertTrue(pg.confirmedFlush("slot_it72") > 0, "the slot outlives the connector by default");

        // Its own publication: pub_it72 is recorded for it72, whose slot outlives it.
        Map<String, String> drop = pg.connectorConfig("it73", "slot_it73", "pub_it73");
        drop.put("table.include.list", "s72\\.t");
        drop.put("slot.drop.on.stop", "true");
        connect.deploy("pg-it73", drop);
        pg.awaitSlot("slot_it73");
        connect.connect().deleteConnector("pg-it73");
        TestUtils.waitForCondition(
                () -> pg.confirmedFlush("slot_it73") == -1, TIMEOUT.toMillis(), "slot.drop.on.stop=true left the slot");
        Set<String> slots = Set.of(query("SELECT string_agg(slot_name, ',') FROM pg_replication_slots")
                .split(","));
        assertTrue(slots.contains("slot_it72") && !slots.contains("slot_it73"), slots.toString());
    }
}
