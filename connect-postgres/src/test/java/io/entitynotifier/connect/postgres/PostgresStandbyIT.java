package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Capture from a physical hot standby (PostgreSQL 16+ decodes logically on a standby), then from the same server after
 * its promotion. The publication is created on the primary (a standby is read-only) and the connector runs with
 * {@code publication.autocreate.mode=disabled}; its slot is created on the standby, which needs a running-transactions
 * record from the primary ({@code pg_log_standby_snapshot()}). Runs on {@code pg.version} when that is 16 or later,
 * else on 17 (the Maven Central build).
 */
@ExtendWith(TestEnvironment.class)
class PostgresStandbyIT {

    static final Duration TIMEOUT = Duration.ofMinutes(3);

    static String version() {
        String v = PostgresDist.defaultVersion();
        return Integer.parseInt(v) >= 16 ? v : "17";
    }

    @Test
    void streamsFromAStandbyExactlyOnceAndContinuesAfterItsPromotion() throws Exception {
        ConnectTestCluster connect = TestEnvironment.connect();
        try (PostgresServer primary = PostgresServer.start("logical", version());
                PostgresServer standby = primary.standby("standby_it95")) {
            primary.execute(
                    "CREATE TABLE t (id int PRIMARY KEY, v text)",
                    "INSERT INTO t SELECT g, 'a' FROM generate_series(1, 10) g",
                    "CREATE PUBLICATION pub_it95 FOR TABLE t");
            awaitReplayed(primary, standby);
            Map<String, String> cfg = standby.connectorConfig("it95", "slot_it95", "pub_it95");
            cfg.put("name", "pg-it95");
            // filtered would write to the publication: refused on the key, naming the setting to use
            List<String> e = ConnectTestCluster.errorsFor(
                    connect.validate(PostgresSourceConnector.class.getName(), cfg), "publication.autocreate.mode");
            assertEquals(1, e.size(), e.toString());
            assertTrue(e.get(0).contains("publication.autocreate.mode=disabled"), e.get(0));
            cfg.put("publication.autocreate.mode", "disabled");
            var infos = connect.validate(PostgresSourceConnector.class.getName(), cfg);
            assertEquals(0, infos.errorCount(), () -> errors(infos));
            connect.deploy("pg-it95", cfg);
            try {
                // The slot on the standby becomes consistent only after a running-xacts record from the primary.
                TestUtils.waitForCondition(
                        () -> {
                            if (standby.confirmedFlush("slot_it95") > 0) {
                                return true;
                            }
                            primary.execute("SELECT pg_log_standby_snapshot()");
                            return false;
                        },
                        TIMEOUT.toMillis(),
                        "slot_it95 not created on the standby");
                primary.execute("INSERT INTO t SELECT g, 'b' FROM generate_series(11, 20) g");
                assertEachIdOnce(connect, 20);

                // Changes the standby received but the connector may not have read yet, then the promotion.
                primary.execute("INSERT INTO t SELECT g, 'c' FROM generate_series(21, 30) g");
                awaitReplayed(primary, standby);
                primary.stop();
                standby.promote();
                TestUtils.waitForCondition(() -> !inRecovery(standby), TIMEOUT.toMillis(), "not promoted");
                standby.execute("INSERT INTO t SELECT g, 'd' FROM generate_series(31, 40) g");
                assertEachIdOnce(connect, 40);
                assertTrue(standby.confirmedFlush("slot_it95") > 0, "the slot survives the promotion");
                connect.awaitRunning("pg-it95");
            } finally {
                connect.connect().deleteConnector("pg-it95");
            }
        }
    }

    @Test
    void aStandbyOlderThan16IsRefusedOnTheHostname() throws Exception {
        ConnectTestCluster connect = TestEnvironment.connect();
        try (PostgresServer primary = PostgresServer.start("logical", "15");
                PostgresServer standby = primary.standby("standby_it96")) {
            primary.execute("CREATE TABLE t (id int PRIMARY KEY)", "CREATE PUBLICATION pub_it96 FOR TABLE t");
            awaitReplayed(primary, standby);
            Map<String, String> cfg = standby.connectorConfig("it96", "slot_it96", "pub_it96");
            cfg.put("publication.autocreate.mode", "disabled");
            List<String> e = ConnectTestCluster.errorsFor(
                    connect.validate(PostgresSourceConnector.class.getName(), cfg), "database.hostname");
            assertEquals(1, e.size(), e.toString());
            assertTrue(e.get(0).contains("PostgreSQL 16 or later"), e.get(0));
        }
    }

    private static String errors(org.apache.kafka.connect.runtime.rest.entities.ConfigInfos infos) {
        return infos.configs().stream()
                .filter(v -> !v.configValue().errors().isEmpty())
                .map(v -> v.configValue().name() + ": " + v.configValue().errors())
                .toList()
                .toString();
    }

    /** Every id from 1 to {@code ids} in exactly one committed record (snapshot reads, then inserts). */
    private static void assertEachIdOnce(ConnectTestCluster connect, int ids) {
        List<Event> events = ChangeEvents.parse(connect.consumeCommitted("pg-it95", ids, TIMEOUT, "it95.public.t"));
        Map<Integer, Integer> count = new TreeMap<>();
        for (Event ev : events) {
            count.merge(ev.key().get("id").asInt(), 1, Integer::sum);
        }
        assertEquals(ids, events.size(), "records (duplicates?) " + count);
        for (int id = 1; id <= ids; id++) {
            assertEquals(1, count.getOrDefault(id, 0), "records of id " + id);
        }
    }

    /** Waits until the standby has replayed everything the primary has written so far. */
    private static void awaitReplayed(PostgresServer primary, PostgresServer standby) throws Exception {
        String target = query(primary, "SELECT pg_current_wal_lsn()::text");
        TestUtils.waitForCondition(
                () -> "t".equals(query(standby, "SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn")),
                TIMEOUT.toMillis(),
                "standby did not replay up to " + target);
    }

    private static boolean inRecovery(PostgresServer s) throws Exception {
        return "t".equals(query(s, "SELECT pg_is_in_recovery()"));
    }

    private static String query(PostgresServer s, String sql) throws Exception {
        try (Connection c = s.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
