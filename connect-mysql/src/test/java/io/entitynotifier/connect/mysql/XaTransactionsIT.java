package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * XA transactions stream as the binlog records them: rows at XA PREPARE, the outcome later as {@code XA COMMIT} or
 * {@code XA ROLLBACK}. Committed ones are delivered once (also across a task restart while one is prepared and
 * undecided), rolled-back ones not at all, one-phase commits at once.
 */
class XaTransactionsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void committedXaTransactionsStreamOnceAndRolledBackOnesNever(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "xa_" + flavor.name().toLowerCase(java.util.Locale.ROOT);
        String prefix = "xa" + flavor.ordinal();
        String topic = prefix + "." + db + ".t";
        s.execute(
                null,
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                "INSERT INTO " + db + ".t VALUES (1)");
        Map<String, String> c = SharedFixtures.connector(s, prefix, db);
        cluster.deploy(prefix, c);
        assertEquals(List.of("r1"), ops(ChangeEvents.parse(cluster.consumeCommitted(1, TIMEOUT, topic))));

        try (Connection a = s.admin(db);
                Statement xa = a.createStatement()) {
            xa.execute("XA START 'xa-a'");
            xa.execute("INSERT INTO t VALUES (10)");
            xa.execute("XA END 'xa-a'");
            xa.execute("XA PREPARE 'xa-a'");
            s.execute(db, "INSERT INTO t VALUES (20)"); // commits while xa-a is prepared
            s.execute(
                    db,
                    "XA START 'xa-b'",
                    "INSERT INTO t VALUES (30)",
                    "XA END 'xa-b'",
                    "XA PREPARE 'xa-b'",
                    "XA ROLLBACK 'xa-b'");
            s.execute(db, "INSERT INTO t VALUES (21)");
            TestUtils.waitForCondition(
                    () -> {
                        try (Connection q = s.admin(null);
                                Statement st = q.createStatement();
                                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                                        + " WHERE USER = '" + DatabaseServer.CDC_USER + "' AND COMMAND LIKE"
                                        + " 'Binlog Dump%' AND STATE LIKE '%has sent all binlog%'")) {
                            rs.next();
                            return rs.getInt(1) == 1;
                        }
                    },
                    60_000,
                    "the connector has read the binlog up to the last insert");
            // The task restarts while xa-a is prepared and undecided: nothing after the prepare may be lost.
            cluster.restartConnectorAndTasks(prefix);
            cluster.awaitRunning(prefix);
            s.execute(db, "INSERT INTO t VALUES (22)");
            xa.execute("XA COMMIT 'xa-a'");
        }
        s.execute(db, "XA START 'xa-c'", "INSERT INTO t VALUES (40)", "XA END 'xa-c'", "XA COMMIT 'xa-c' ONE PHASE");
        s.execute(db, "INSERT INTO t VALUES (50)");

        List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(prefix, 7, TIMEOUT, topic));
        // xa-a holds its rows' locks from PREPARE to COMMIT, so it is delivered where it was prepared
        assertEquals(List.of("r1", "c10", "c20", "c21", "c22", "c40", "c50"), ops(events));
        assertEquals("RUNNING", cluster.status(prefix).tasks().get(0).state());
        cluster.connect().deleteConnector(prefix);
    }

    private static List<String> ops(List<Event> events) {
        return events.stream().map(e -> e.op() + e.after().get("id").asInt()).toList();
    }
}
