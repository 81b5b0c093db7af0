package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Stops and database failures against the H2 stand-in: a stop during a slow LogMiner call, a statement outliving
 * {@code database.query.timeout.ms}, and the connector's database sessions killed under it.
 */
class OracleStopAndReconnectIT {

    static final Duration TIMEOUT = ConnectTestCluster.DEFAULT_TIMEOUT;
    static final String SLOW = "SYSTEM_RANGE(1, 100000) A";
    static ConnectTestCluster cluster;

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

    /** Sessions other than the test's own that are running the stand-in's slow START_LOGMNR query. */
    static int slowStatements(H2Oracle db) throws SQLException {
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> "
                        + "SESSION_ID() AND EXECUTING_STATEMENT LIKE '%" + SLOW + "%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Kills every session of the stand-in but the test's own, as a failover or a DBA's KILL SESSION would. */
    static int killOtherSessions(H2Oracle db) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID()")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        for (int id : ids) {
            db.execute("CALL ABORT_SESSION(" + id + ")");
        }
        return ids.size();
    }

    /**
     * stop() from another thread while poll() is inside a LogMiner call that would run for hours (the default query
     * timeout is 10 minutes): it returns at once, the call is cancelled, poll() returns, the session is closed.
     */
    @Test
    void stopDuringASlowLogMinerCallReturnsPromptlyAndCancelsIt() throws Exception {
        try (H2Oracle db = new H2Oracle("stop1")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK");
            db.slowLogMinerStarts(1);
            Map<String, String> props = OracleStreamingIT.config(db, "st1");
            props.put("name", "ora-stop1");
            OracleSourceTask task = new OracleSourceTask();
            task.initialize(context(props));
            task.start(props);
            CompletableFuture<Object> polling = CompletableFuture.supplyAsync(() -> {
                try {
                    return task.poll();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            TestUtils.waitForCondition(() -> slowStatements(db) == 1, TIMEOUT.toMillis(), "no slow LogMiner call");
            long start = System.nanoTime();
            CompletableFuture.runAsync(task::stop).get(10, TimeUnit.SECONDS);
            assertEquals(null, polling.get(10, TimeUnit.SECONDS), "poll returned records after the stop");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms < 10_000, "stop took " + ms + " ms");
            assertEquals(0, slowStatements(db), "the slow statement still runs");
            TestUtils.waitForCondition(
                    () -> {
                        try (Statement s = db.connection().createStatement();
                                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS "
                                        + "WHERE SESSION_ID <> SESSION_ID()")) {
                            rs.next();
                            return rs.getInt(1) == 0;
                        }
                    },
                    TIMEOUT.toMillis(),
                    "the task's connection was not closed");
        }
    }

    /** A START_LOGMNR call that outlives database.query.timeout.ms is cut off and the round retried: nothing lost. */
    @Test
    void aStatementOverTheQueryTimeoutIsCancelledAndTheRoundRetried() throws Exception {
        try (H2Oracle db = new H2Oracle("timeout1")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK");
            RedoWriter redo = new RedoWriter(db);
            Map<String, String> config = OracleStreamingIT.config(db, "to1");
            config.put("database.query.timeout.ms", "1000");
            cluster.deploy("ora-to1", config);
            db.slowLogMinerStarts(1);
            redo.begin().insert("APP", "T", "\"ID\"", "'1'").commit();
            // without the timeout the slow call never ends and nothing after it arrives
            redo.begin().insert("APP", "T", "\"ID\"", "'2'").commit();
            List<Long> ids = ChangeEvents.parse(cluster.consumeCommitted("ora-to1", 2, TIMEOUT, "to1.APP.T")).stream()
                    .map(e -> e.after().get("ID").asLong())
                    .toList();
            assertEquals(List.of(1L, 2L), ids);
            assertTrue(noSlowLeft(db), "the slow call never ran");
            assertEquals("RUNNING", cluster.status("ora-to1").tasks().get(0).state());
            cluster.connect().deleteConnector("ora-to1");
        }
    }

    static boolean noSlowLeft(H2Oracle db) throws SQLException {
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery("SELECT REMAINING FROM LOGMNR_SLOW")) {
            rs.next();
            return rs.getInt(1) == 0;
        }
    }

    /** The connector's sessions killed twice while it streams: fresh connections replace them, nothing is lost. */
    @Test
    void killedSessionsAreReplacedAndStreamingResumesWithNothingLost() throws Exception {
        try (H2Oracle db = new H2Oracle("kill1")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK");
            RedoWriter redo = new RedoWriter(db);
            cluster.deploy("ora-kill1", OracleStreamingIT.config(db, "kl1"));
            List<Long> expected = new ArrayList<>();
            int id = 0;
            for (int round = 0; round < 3; round++) {
                // one transaction open across the kill: its start was mined on the old connection
                RedoWriter.Txn open = redo.begin().insert("APP", "T", "\"ID\"", "'" + ++id + "'");
                long across = id;
                for (int i = 0; i < 5; i++) {
                    redo.begin().insert("APP", "T", "\"ID\"", "'" + ++id + "'").commit();
                    expected.add((long) id);
                }
                cluster.consumeCommitted("ora-kill1", expected.size(), TIMEOUT, "kl1.APP.T");
                if (round < 2) {
                    assertTrue(killOtherSessions(db) > 0, "no connector session to kill");
                }
                open.insert("APP", "T", "\"ID\"", "'" + ++id + "'").commit();
                expected.add(across);
                expected.add((long) id);
            }
            List<Long> ids =
                    ChangeEvents.parse(cluster.consumeCommitted("ora-kill1", expected.size(), TIMEOUT, "kl1.APP.T"))
                            .stream()
                            .map(e -> e.after().get("ID").asLong())
                            .toList();
            assertEquals(expected, ids, "lost, repeated or out of order");
            assertEquals("RUNNING", cluster.status("ora-kill1").tasks().get(0).state());
            assertFalse(ids.isEmpty());
            cluster.connect().deleteConnector("ora-kill1");
        }
    }

    static SourceTaskContext context(Map<String, String> props) {
        OffsetStorageReader none = new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return null;
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                return new HashMap<>();
            }
        };
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return none;
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return null;
            }
        };
    }
}
