package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * The snapshot lock never stalls the server for long: a stopped connector leaves no lock and no pending lock request
 * behind (its FTWRL waiting behind {@code SELECT SLEEP(600)}), a lock wait ends after {@code snapshot.lock.timeout.ms}
 * with an error naming it, {@code snapshot.locking.mode} minimal/extended/none snapshot and stream, and a user without
 * RELOAD snapshots with table locks. MySQL 8.
 */
class SnapshotLockIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ExecutorService POOL = Executors.newCachedThreadPool();
    private static DatabaseServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = SharedFixtures.server(Flavor.MYSQL8);
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = server.admin(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long sessions(String user, String infoPrefix) throws SQLException {
        return count("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + user + "' AND INFO LIKE '"
                + infoPrefix + "%'");
    }

    /** Runs {@code SELECT SLEEP(600)} over {@code table} on its own admin session; returns that session's id. */
    private static long longQuery(String table) throws Exception {
        Connection c = server.admin(null);
        long id;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            id = rs.getLong(1);
        }
        POOL.submit(() -> {
            try (c;
                    Statement st = c.createStatement()) {
                st.executeQuery("SELECT SLEEP(600) FROM " + table);
            }
            return null;
        });
        TestUtils.waitForCondition(
                () -> count("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + id
                                + " AND INFO LIKE 'SELECT SLEEP%'")
                        == 1,
                30_000,
                "long query running");
        return id;
    }

    private static void kill(long session) throws SQLException {
        try {
            server.execute(null, "KILL " + session);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1094) {
                throw e;
            }
        }
    }

    /** Whether an INSERT into {@code table} completes within {@code seconds}. */
    private static boolean insertCompletes(String table, int id, int seconds) throws Exception {
        Future<?> f = POOL.submit(() -> {
            server.execute(null, "INSERT INTO " + table + " VALUES (" + id + ")");
            return null;
        });
        try {
            f.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    @Test
    void stoppingWhileTheLockWaitsBehindALongQueryLeavesNoLockAndNoBlockedWrite() throws Exception {
        ConnectTestCluster cluster = SharedFixtures.cluster();
        server.execute(
                null,
                "CREATE DATABASE lock_stop",
                "CREATE TABLE lock_stop.t (id INT PRIMARY KEY)",
                "INSERT INTO lock_stop.t VALUES (1)",
                "CREATE TABLE lock_stop.w (id INT PRIMARY KEY)");
        long sleeper = longQuery("lock_stop.t");
        try {
            Map<String, String> c = SharedFixtures.connector(server, "lockstop", "lock_stop");
            c.put("snapshot.lock.timeout.ms", "600000");
            cluster.deploy("lockstop", c);
            TestUtils.waitForCondition(
                    () -> sessions(DatabaseServer.CDC_USER, "FLUSH TABLES WITH READ LOCK") == 1,
                    60_000,
                    "the connector's FTWRL waits behind the long query");
            assertTrue(!insertCompletes("lock_stop.w", 1, 2), "while FTWRL waits, writes wait too (the setup)");

            cluster.connect().deleteConnector("lockstop");
            TestUtils.waitForCondition(
                    () -> sessions(DatabaseServer.CDC_USER, "FLUSH TABLES") == 0,
                    30_000,
                    "no FTWRL left after the connector was deleted");
            assertTrue(insertCompletes("lock_stop.w", 2, 20), "writes go through once the connector is gone");
            assertEquals(
                    0,
                    count("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = 'admin' AND "
                            + "STATE LIKE 'Waiting for global read lock%'"));
        } finally {
            kill(sleeper);
        }
    }

    @Test
    void aLockNotObtainedInTimeFailsWithAnErrorNamingTheSetting() throws Exception {
        ConnectTestCluster cluster = SharedFixtures.cluster();
        server.execute(
                null,
                "CREATE DATABASE lock_to",
                "CREATE TABLE lock_to.t (id INT PRIMARY KEY)",
                "INSERT INTO lock_to.t VALUES (1)",
                "CREATE TABLE lock_to.w (id INT PRIMARY KEY)");
        long sleeper = longQuery("lock_to.t");
        try {
            Map<String, String> c = SharedFixtures.connector(server, "lockto", "lock_to");
            c.put("snapshot.lock.timeout.ms", "1000");
            cluster.deploy("lockto", c);
            String trace = cluster.awaitTaskFailure("lockto", TIMEOUT);
            assertTrue(trace.contains("snapshot.lock.timeout.ms=1000"), trace);
            assertTrue(trace.contains("3 attempts"), trace);
            assertEquals(0, sessions(DatabaseServer.CDC_USER, "FLUSH TABLES"));
            assertTrue(insertCompletes("lock_to.w", 1, 20), "no write is left waiting");
            cluster.connect().deleteConnector("lockto");
        } finally {
            kill(sleeper);
        }
    }

    @Test
    void lockingModeNoneSnapshotsBehindALongQueryThatWouldBlockTheLock() throws Exception {
        ConnectTestCluster cluster = SharedFixtures.cluster();
        server.execute(
                null,
                "CREATE DATABASE lock_none",
                "CREATE TABLE lock_none.t (id INT PRIMARY KEY)",
                "INSERT INTO lock_none.t VALUES (1), (2)");
        long sleeper = longQuery("lock_none.t");
        try {
            Map<String, String> c = SharedFixtures.connector(server, "locknone", "lock_none");
            c.put("snapshot.locking.mode", "none");
            c.put("snapshot.lock.timeout.ms", "1000");
            cluster.deploy("locknone", c);
            List<Event> snap = ChangeEvents.parse(cluster.consumeCommitted(2, TIMEOUT, "locknone.lock_none.t"));
            assertEquals(List.of("r1", "r2"), ops(snap));
            assertEquals(0, sessions(DatabaseServer.CDC_USER, "FLUSH TABLES"), "no lock was asked for");
            server.execute(null, "INSERT INTO lock_none.t VALUES (3)");
            List<Event> all = ChangeEvents.parse(cluster.consumeCommitted(3, TIMEOUT, "locknone.lock_none.t"));
            assertEquals(List.of("r1", "r2", "c3"), ops(all));
            cluster.connect().deleteConnector("locknone");
        } finally {
            kill(sleeper);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "extended", "none"})
    void everyLockingModeSnapshotsThenStreams(String mode) throws Exception {
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "lock_mode_" + mode;
        server.execute(
                null,
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                "INSERT INTO " + db + ".t VALUES (1), (2), (3)");
        String prefix = "lockmode" + mode;
        Map<String, String> c = SharedFixtures.connector(server, prefix, db);
        c.put("snapshot.locking.mode", mode.toUpperCase(java.util.Locale.ROOT));
        cluster.deploy(prefix, c);
        String topic = prefix + "." + db + ".t";
        assertEquals(List.of("r1", "r2", "r3"), ops(ChangeEvents.parse(cluster.consumeCommitted(3, TIMEOUT, topic))));
        server.execute(null, "INSERT INTO " + db + ".t VALUES (4)");
        assertEquals(
                List.of("r1", "r2", "r3", "c4"), ops(ChangeEvents.parse(cluster.consumeCommitted(4, TIMEOUT, topic))));
        assertEquals(0, sessions(DatabaseServer.CDC_USER, "FLUSH TABLES"));
        cluster.connect().deleteConnector(prefix);
    }

    @Test
    void aUserWithoutReloadSnapshotsWithTableLocksAndOneWithoutLockTablesIsToldWhatToGrant() throws Exception {
        ConnectTestCluster cluster = SharedFixtures.cluster();
        server.execute(
                null,
                "CREATE DATABASE lock_tables",
                "CREATE TABLE lock_tables.a (id INT PRIMARY KEY)",
                "CREATE TABLE lock_tables.b (id INT PRIMARY KEY)",
                "INSERT INTO lock_tables.a VALUES (1), (2)",
                "INSERT INTO lock_tables.b VALUES (10)",
                "CREATE USER 'noreload'@'%' IDENTIFIED BY 'pw'",
                "GRANT SELECT, LOCK TABLES, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO "
                        + "'noreload'@'%'",
                "CREATE USER 'nolocks'@'%' IDENTIFIED BY 'pw'",
                "GRANT SELECT, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'nolocks'@'%'");
        Map<String, String> c = SharedFixtures.connector(server, "locktables", "lock_tables");
        c.put("database.user", "noreload");
        c.put("database.password", "pw");
        cluster.deploy("locktables", c);
        List<Event> snap = ChangeEvents.parse(
                cluster.consumeCommitted(3, TIMEOUT, "locktables.lock_tables.a", "locktables.lock_tables.b"));
        assertEquals(3, snap.size());
        assertTrue(snap.stream().allMatch(e -> e.op().equals("r")));
        server.execute(null, "INSERT INTO lock_tables.b VALUES (11)");
        List<Event> b = ChangeEvents.parse(cluster.consumeCommitted(2, TIMEOUT, "locktables.lock_tables.b"));
        assertEquals(List.of("r10", "c11"), ops(b));
        assertTrue(insertCompletes("lock_tables.a", 3, 20), "writes go through after the snapshot");
        cluster.connect().deleteConnector("locktables");

        Map<String, String> n = SharedFixtures.connector(server, "nolocks", "lock_tables");
        n.put("database.user", "nolocks");
        n.put("database.password", "pw");
        cluster.deploy("nolocks", n);
        String trace = cluster.awaitTaskFailure("nolocks", TIMEOUT);
        assertTrue(trace.contains("RELOAD") && trace.contains("LOCK TABLES"), trace);
        assertTrue(trace.contains("snapshot.locking.mode=none"), trace);
        cluster.connect().deleteConnector("nolocks");
    }

    private static List<String> ops(List<Event> events) {
        return events.stream().map(e -> e.op() + e.after().get("id").asInt()).toList();
    }
}
