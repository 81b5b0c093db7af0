package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** Config validation through the REST API names the key to fix, with a message saying what is wrong. */
@ExtendWith(TestEnvironment.class)
class PostgresValidationIT {

    static PostgresServer pg;
    static ConnectTestCluster connect;

    @BeforeAll
    static void setUp() throws Exception {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
        pg.execute(
                "CREATE SCHEMA s40",
                "CREATE TABLE s40.a (id int PRIMARY KEY)",
                "CREATE TABLE s40.b (id int PRIMARY KEY)",
                "CREATE ROLE norepl LOGIN",
                "GRANT USAGE ON SCHEMA s40 TO norepl",
                "GRANT SELECT ON s40.a TO norepl");
    }

    static List<String> errors(Map<String, String> cfg, String key) {
        ConfigInfos infos = connect.validate(PostgresSourceConnector.class.getName(), cfg);
        return ConnectTestCluster.errorsFor(infos, key);
    }

    static Map<String, String> config() {
        Map<String, String> cfg = pg.connectorConfig("it40", "slot_it40", "pub_it40");
        cfg.put("table.include.list", "s40\\..*");
        cfg.put("name", "pg-it40");
        return cfg;
    }

    @Test
    void aValidConfigurationHasNoErrors() {
        ConfigInfos infos = connect.validate(PostgresSourceConnector.class.getName(), config());
        assertEquals(0, infos.errorCount(), infos.configs().toString());
    }

    /** database.initial.statements run on the connection validate opens; a failing one is reported on that key. */
    @Test
    void initialStatementsRunOnEachConnection() {
        Map<String, String> cfg = config();
        cfg.put("database.initial.statements", "SET application_name = 'it40;;x'; SET statement_timeout = 60000");
        ConfigInfos ok = connect.validate(PostgresSourceConnector.class.getName(), cfg);
        assertEquals(0, ok.errorCount(), ok.configs().toString());
        cfg.put("database.initial.statements", "SET application_name = 'it40'; SET no_such_setting = 1");
        ConfigInfos bad = connect.validate(PostgresSourceConnector.class.getName(), cfg);
        List<String> errors = ConnectTestCluster.errorsFor(bad, "database.initial.statements");
        assertEquals(1, errors.size(), bad.configs().toString());
        assertTrue(errors.get(0).contains("statement 2 of 2 failed"), errors.get(0));
        assertEquals(1, bad.errorCount(), bad.configs().toString());
    }

    @Test
    void walLevelNotLogical() throws Exception {
        try (PostgresServer replicaOnly = PostgresServer.start("replica")) {
            Map<String, String> cfg = replicaOnly.connectorConfig("it41", "slot_it41", "pub_it41");
            replicaOnly.execute("CREATE TABLE t (id int PRIMARY KEY)");
            List<String> e = errors(cfg, "plugin.name");
            assertEquals(1, e.size(), e.toString());
            assertTrue(e.get(0).contains("wal_level=replica"), e.get(0));
        }
    }

    @Test
    void userWithoutReplicationPrivilege() {
        Map<String, String> cfg = config();
        cfg.put("database.user", "norepl");
        cfg.put("table.include.list", "s40\\.a");
        cfg.put("publication.autocreate.mode", "disabled");
        List<String> e = errors(cfg, "database.user");
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).contains("REPLICATION"), e.get(0));
        List<String> tables = errors(cfg, "table.include.list");
        assertTrue(tables.isEmpty(), tables.toString());
    }

    @Test
    void tableMissingFromAnExistingPublication() throws Exception {
        pg.execute("CREATE PUBLICATION pub_partial FOR TABLE s40.a");
        Map<String, String> cfg = config();
        cfg.put("publication.name", "pub_partial");
        cfg.put("publication.autocreate.mode", "disabled");
        List<String> e = errors(cfg, "publication.name");
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).contains("s40.b") && !e.get(0).contains("s40.a"), e.get(0));
        cfg.put("publication.name", "no_such_publication");
        assertTrue(errors(cfg, "publication.name").get(0).contains("does not exist"));
    }

    @Test
    void slotInUseByAnotherConnector() throws Exception {
        Map<String, String> first = config();
        first.put("slot.name", "slot_busy");
        first.put("topic.prefix", "it42");
        first.put("publication.name", "pub_it42"); // a deployed connector's publication is recorded as its own
        first.remove("name");
        connect.deploy("pg-it42", first);
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> pg.slotIdle("slot_busy") == false && pg.confirmedFlush("slot_busy") > 0,
                120_000,
                "slot not streaming");
        try {
            Map<String, String> second = config();
            second.put("slot.name", "slot_busy");
            second.put("topic.prefix", "it43");
            // Streamed by it42 (its application_name), and recorded as it42's on pub_it42. The record is there
            // from the slot's creation; the stream may still be reconnecting after the snapshot.
            List<List<String>> last = new java.util.ArrayList<>(List.of(List.of()));
            org.apache.kafka.test.TestUtils.waitForCondition(
                    () -> {
                        last.set(0, errors(second, "slot.name"));
                        return last.get(0).size() == 2;
                    },
                    120_000,
                    () -> "slot.name errors: " + last.get(0));
            List<String> e = last.get(0);
            assertTrue(e.get(0).contains("in use") && e.get(0).contains("entitynotifier-it42"), e.get(0));
            assertTrue(e.get(1).contains("topic.prefix=it42, recorded on publication 'pub_it42'"), e.get(1));
        } finally {
            connect.connect().deleteConnector("pg-it42");
        }
    }

    @Test
    void unmatchedIncludePatternAndUnreachableServer() throws Exception {
        Map<String, String> cfg = config();
        cfg.put("table.include.list", "s40\\.a,s40\\.typo");
        List<String> e = errors(cfg, "table.include.list");
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).contains("s40\\.typo"), e.get(0));

        Map<String, String> noDb = config();
        noDb.put("database.dbname", "no_such_db");
        List<String> n = errors(noDb, "database.dbname");
        assertEquals(1, n.size(), n.toString());
        assertTrue(n.get(0).contains("no_such_db"), n.get(0));

        Map<String, String> down = config();
        down.put("database.port", Integer.toString(PostgresServer.freePort()));
        List<String> d = errors(down, "database.hostname");
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).contains("cannot connect"), d.get(0));
    }

    @Test
    void slotInUseFailsTheTaskWithAClearMessageAfterRetries() throws Exception {
        Map<String, String> cfg = config();
        cfg.put("slot.name", "slot_taken");
        cfg.put("topic.prefix", "it44");
        cfg.put("publication.name", "pub_it44");
        cfg.remove("name");
        cfg.put("slot.max.retries", "1");
        cfg.put("slot.retry.delay.ms", "200");
        connect.deploy("pg-it44", cfg);
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> !pg.slotIdle("slot_taken"), 120_000, "slot not streaming");
        try {
            // Validation refuses a slot in use, so another client takes the slot while the connector is stopped.
            connect.connect().stopConnector("pg-it44");
            org.apache.kafka.test.TestUtils.waitForCondition(
                    () -> pg.slotIdle("slot_taken"), 120_000, "slot still active");
            try (SlotHolder holder = new SlotHolder(pg, "slot_taken", "pub_it44")) {
                connect.connect().resumeConnector("pg-it44");
                String trace = connect.awaitTaskFailure("pg-it44", Duration.ofSeconds(120));
                assertTrue(trace.contains("slot_taken") && trace.contains("in use"), trace);
            }
        } finally {
            connect.connect().deleteConnector("pg-it44");
        }
    }

    static Map<String, String> withDefaults(Map<String, String> cfg) {
        Map<String, String> all = ConnectTestCluster.exactlyOnceDefaults();
        all.putAll(cfg);
        return all;
    }
}
