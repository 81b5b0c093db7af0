package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Two tenants on one database (issue 15): tenant A captures {@code s95.t_a}, tenant B {@code s95.t_b}, each with its
 * own slot, both with the default publication name and {@code publication.autocreate.mode=filtered}. The second one
 * to claim {@code dbz_publication} is refused (it would set the publication's tables to its own and drop the other's
 * changes); with a publication of its own it runs, and each topic ends with every row of its table once.
 */
@ExtendWith(TestEnvironment.class)
class PostgresSharedDatabaseIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String DEFAULT_PUBLICATION = PostgresConnectorConfig.PUBLICATION_NAME_DEFAULT;
    static PostgresServer pg;
    static ConnectTestCluster connect;

    @BeforeAll
    static void setUp() throws Exception {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
    }

    static Map<String, String> tenant(String prefix, String table) {
        Map<String, String> c = pg.connectorConfig(prefix, "slot_" + prefix, "unused");
        c.remove("publication.name"); // Debezium's default, dbz_publication
        c.put("table.include.list", "s95\\." + table);
        return c;
    }

    static void insert(int from, int to) throws Exception {
        for (int id = from; id <= to; id++) {
            pg.execute("BEGIN; INSERT INTO s95.t_a VALUES (" + id + ", 0); INSERT INTO s95.t_b VALUES (" + id
                    + ", 0); COMMIT");
        }
    }

    static String publicationTables(String publication) throws Exception {
        try (Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY "
                        + "tablename) FROM pg_publication_tables WHERE pubname = '" + publication + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Every id of the topic's events, with how often it arrived. */
    static Map<Integer, Integer> ids(String topic, int expected) {
        Map<Integer, Integer> seen = new TreeMap<>();
        for (Event e : ChangeEvents.parse(connect.consumeCommitted(expected, TIMEOUT, topic))) {
            seen.merge(e.after().get("id").asInt(), 1, Integer::sum);
        }
        return seen;
    }

    @Test
    void twoTenantsWithTheDefaultPublicationNameEachGetEveryRow() throws Exception {
        pg.execute(
                "CREATE SCHEMA s95",
                "CREATE TABLE s95.t_a (id int PRIMARY KEY, v int NOT NULL)",
                "CREATE TABLE s95.t_b (id int PRIMARY KEY, v int NOT NULL)");
        insert(1, 20);
        Map<String, String> a = tenant("ka", "t_a");
        Map<String, String> b = tenant("kb", "t_b");
        List<String> names = List.of("pg-ka", "pg-kb");
        try {
            // Both validate (the publication does not exist yet) and start together: the claim lock, held here,
            // makes both tasks wait for it, so both pass validation and the second claim meets the first at start.
            String winner;
            String loser;
            try (Connection lock = pg.connect();
                    Statement s = lock.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + PublicationOwner.CLAIM_LOCK + ")");
                connect.deploy("pg-ka", a);
                connect.deploy("pg-kb", b);
                insert(21, 40);
                s.execute("SELECT pg_advisory_unlock(" + PublicationOwner.CLAIM_LOCK + ")");
                TestUtils.waitForCondition(
                        () -> names.stream().anyMatch(this::failed), TIMEOUT.toMillis(), "neither start was refused");
                loser = failed("pg-ka") ? "pg-ka" : "pg-kb";
                winner = loser.equals("pg-ka") ? "pg-kb" : "pg-ka";
            }
            String winnerPrefix = winner.substring(3);
            String trace = connect.status(loser).tasks().get(0).trace();
            assertTrue(
                    trace.contains("publication.name: publication '" + DEFAULT_PUBLICATION + "'")
                            && trace.contains("slot.name=slot_" + winnerPrefix + ", topic.prefix=" + winnerPrefix),
                    trace);
            assertEquals("RUNNING", connect.status(winner).tasks().get(0).state());
            pg.awaitSlot("slot_" + winnerPrefix);
            assertEquals(winnerPrefix.equals("ka") ? "s95.t_a" : "s95.t_b", publicationTables(DEFAULT_PUBLICATION));

            // At validate, the same refusal, and the winner's slot is refused to anybody else.
            Map<String, String> third = tenant("kc", "t_a");
            ConfigInfos v = connect.validate(PostgresSourceConnector.class.getName(), third);
            assertTrue(
                    ConnectTestCluster.errorsFor(v, "publication.name").stream()
                            .anyMatch(m -> m.contains("slot.name=slot_" + winnerPrefix)),
                    v.toString());
            third.put("publication.name", "pub_kc");
            third.put("slot.name", "slot_" + winnerPrefix);
            v = connect.validate(PostgresSourceConnector.class.getName(), third);
            assertTrue(
                    ConnectTestCluster.errorsFor(v, "slot.name").stream()
                            .anyMatch(m -> m.contains("application_name 'entitynotifier-" + winnerPrefix + "'")),
                    v.toString());

            // The loser with a publication of its own.
            Map<String, String> fixed = loser.equals("pg-ka") ? a : b;
            String loserPrefix = loser.substring(3);
            fixed.put("publication.name", "pub_" + loserPrefix);
            Map<String, String> all = ConnectTestCluster.exactlyOnceDefaults();
            all.putAll(fixed);
            connect.connect().configureConnector(loser, all);
            connect.restartConnectorAndTasks(loser);
            connect.awaitRunning(loser);
            pg.awaitSlot("slot_" + loserPrefix);
            insert(41, 60);

            // A restart of A, with rows written while it is stopped; its stopped slot stays its own.
            connect.connect().stopConnector("pg-ka");
            TestUtils.waitForCondition(() -> pg.slotIdle("slot_ka"), TIMEOUT.toMillis(), "slot_ka still in use");
            insert(61, 80);
            Map<String, String> other = tenant("kd", "t_b");
            other.put("publication.name", "pub_kd");
            other.put("slot.name", "slot_ka");
            v = connect.validate(PostgresSourceConnector.class.getName(), other);
            assertTrue(
                    ConnectTestCluster.errorsFor(v, "slot.name").stream()
                            .anyMatch(m -> m.contains(
                                    "is the slot of another connector (slot.name=slot_ka, " + "topic.prefix=ka")),
                    v.toString());
            connect.connect().resumeConnector("pg-ka");
            connect.awaitRunning("pg-ka");
            insert(81, 100);

            Map<Integer, Integer> once = new TreeMap<>();
            IntStream.rangeClosed(1, 100).forEach(i -> once.put(i, 1));
            assertEquals(once, ids("ka.s95.t_a", 100), "tenant A: every row of t_a once");
            assertEquals(once, ids("kb.s95.t_b", 100), "tenant B: every row of t_b once");
            assertEquals("RUNNING", connect.status("pg-ka").tasks().get(0).state());
            assertEquals("RUNNING", connect.status("pg-kb").tasks().get(0).state());
        } finally {
            for (String n : names) {
                try {
                    connect.connect().deleteConnector(n);
                } catch (RuntimeException e) {
                    // never deployed
                }
            }
            dropAll(pg, List.of("slot_ka", "slot_kb"), List.of(DEFAULT_PUBLICATION, "pub_ka", "pub_kb"));
        }
    }

    @Test
    void theDefaultAllTablesModeMustBeChosenToCreateAPublicationForAllTables() throws Exception {
        pg.execute("CREATE SCHEMA a96", "CREATE TABLE a96.nokey (v int)", "CREATE TABLE a96.t (id int PRIMARY KEY)");
        Map<String, String> c = pg.connectorConfig("it96", "slot_it96", "pub_it96");
        c.remove("publication.autocreate.mode");
        c.put("table.include.list", "a96\\.t");
        ConfigInfos v = connect.validate(PostgresSourceConnector.class.getName(), c);
        List<String> errors = ConnectTestCluster.errorsFor(v, "publication.autocreate.mode");
        assertTrue(
                errors.stream().anyMatch(m -> m.contains("FOR ALL TABLES") && m.contains("a96.nokey")), v.toString());
        c.put("publication.autocreate.mode", "all_tables");
        v = connect.validate(PostgresSourceConnector.class.getName(), c);
        assertEquals(List.of(), ConnectTestCluster.errorsFor(v, "publication.autocreate.mode"), "a deliberate choice");
        pg.execute("CREATE PUBLICATION pub_it96 FOR TABLE a96.t");
        c.remove("publication.autocreate.mode");
        v = connect.validate(PostgresSourceConnector.class.getName(), c);
        assertEquals(
                List.of(),
                ConnectTestCluster.errorsFor(v, "publication.autocreate.mode"),
                "an existing publication is not created");
        pg.execute("DROP PUBLICATION pub_it96");
    }

    private boolean failed(String connector) {
        var s = connect.status(connector);
        return s != null
                && !s.tasks().isEmpty()
                && "FAILED".equals(s.tasks().get(0).state());
    }

    /** Drops slots (once idle) and publications a test left, so that later tests may use the same names. */
    static void dropAll(PostgresServer pg, List<String> slots, List<String> publications) throws Exception {
        for (String slot : slots) {
            TestUtils.waitForCondition(
                    () -> pg.confirmedFlush(slot) == -1 || pg.slotIdle(slot), TIMEOUT.toMillis(), slot + " in use");
            pg.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot
                    + "'");
        }
        List<String> drops = new ArrayList<>();
        for (String p : publications) {
            drops.add("DROP PUBLICATION IF EXISTS " + p);
        }
        pg.execute(drops.toArray(String[]::new));
    }
}
