package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * {@code slot.failover=true}: on PostgreSQL 17 the connector creates its slot with FAILOVER (pg_replication_slots
 * shows failover = true) and streams from it; a server older than 17 is refused at validation on that key. Each test
 * starts its own server of the version it needs (17 from the Maven Central build, 15 from Debian).
 */
@ExtendWith(TestEnvironment.class)
class PostgresFailoverSlotIT {

    private static boolean failover(PostgresServer pg, String slot) throws Exception {
        try (Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT failover FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            assertTrue(rs.next(), "slot " + slot + " missing");
            return rs.getBoolean(1);
        }
    }

    @Test
    void onPostgres17TheSlotIsCreatedWithFailover() throws Exception {
        ConnectTestCluster connect = TestEnvironment.connect();
        try (PostgresServer pg = PostgresServer.start("logical", "17")) {
            pg.execute("CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'a')");
            Map<String, String> cfg = pg.connectorConfig("it90", "slot_it90", "pub_it90");
            cfg.put("slot.failover", "true");
            cfg.put("name", "pg-it90");
            assertEquals(
                    0,
                    connect.validate(PostgresSourceConnector.class.getName(), cfg)
                            .errorCount());
            connect.deploy("pg-it90", cfg);
            try {
                assertEquals(
                        1,
                        connect.consumeCommitted("pg-it90", 1, Duration.ofMinutes(3), "it90.public.t")
                                .size());
                pg.execute("INSERT INTO t VALUES (2, 'b')");
                assertEquals(
                        2,
                        connect.consumeCommitted("pg-it90", 2, Duration.ofMinutes(3), "it90.public.t")
                                .size());
                assertTrue(failover(pg, "slot_it90"), "pg_replication_slots.failover");
            } finally {
                connect.connect().deleteConnector("pg-it90");
            }
            // an existing slot without failover is named, with how to fix it
            pg.execute("SELECT pg_create_logical_replication_slot('slot_it91', 'pgoutput')");
            Map<String, String> old = pg.connectorConfig("it91", "slot_it91", "pub_it91");
            old.put("slot.failover", "true");
            List<String> e = ConnectTestCluster.errorsFor(
                    connect.validate(PostgresSourceConnector.class.getName(), old), "slot.failover");
            assertEquals(1, e.size(), e.toString());
            assertTrue(e.get(0).contains("exists without failover"), e.get(0));
        }
    }

    @Test
    void olderServersAreRefusedOnTheKey() throws Exception {
        ConnectTestCluster connect = TestEnvironment.connect();
        try (PostgresServer pg = PostgresServer.start("logical", "15")) {
            pg.execute("CREATE TABLE t (id int PRIMARY KEY)");
            Map<String, String> cfg = pg.connectorConfig("it92", "slot_it92", "pub_it92");
            cfg.put("slot.failover", "true");
            List<String> e = ConnectTestCluster.errorsFor(
                    connect.validate(PostgresSourceConnector.class.getName(), cfg), "slot.failover");
            assertEquals(1, e.size(), e.toString());
            assertTrue(e.get(0).contains("PostgreSQL 17 or later"), e.get(0));
            cfg.put("slot.failover", "false");
            assertEquals(
                    List.of(),
                    ConnectTestCluster.errorsFor(
                            connect.validate(PostgresSourceConnector.class.getName(), cfg), "slot.failover"));
        }
    }
}
