package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/** snapshot.mode never / initial_only / when_needed / no_data / always / recovery, purged binlogs, and heartbeats. */
class SnapshotModesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static List<Event> consume(ConnectTestCluster cluster, int n, String topic) {
        return ChangeEvents.parse(cluster.consumeCommitted(n, TIMEOUT, topic));
    }

    @Test
    void neverReadsTheBinlogFromItsStartAndInitialOnlyStopsAfterTheSnapshot() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MARIADB);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        s.execute(
                null,
                "CREATE DATABASE modes",
                "CREATE TABLE modes.t (id INT PRIMARY KEY)",
                "INSERT INTO modes.t VALUES (1), (2)");
        Map<String, String> never = SharedFixtures.connector(s, "never", "modes");
        never.put("snapshot.mode", "never");
        cluster.deploy("never", never);
        List<Event> fromBinlog = consume(cluster, 2, "never.modes.t");
        assertEquals(List.of("c", "c"), fromBinlog.stream().map(Event::op).toList(), "no snapshot: binlog inserts");

        Map<String, String> only = SharedFixtures.connector(s, "only", "modes");
        only.put("snapshot.mode", "initial_only");
        cluster.deploy("only", only);
        List<Event> snap = consume(cluster, 2, "only.modes.t");
        assertEquals(List.of("r", "r"), snap.stream().map(Event::op).toList());
        s.execute(null, "INSERT INTO modes.t VALUES (3)");
        consume(cluster, 3, "never.modes.t"); // the streaming connector has seen the insert...
        assertEquals(2, consume(cluster, 2, "only.modes.t").size(), "...the initial_only one does not stream");
        assertEquals("RUNNING", cluster.status("only").tasks().get(0).state());
        cluster.connect().deleteConnector("never");
        cluster.connect().deleteConnector("only");
    }

    @Test
    void heartbeatsCarryThePositionWhileOnlyOtherDatabasesChange() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MYSQL8);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        s.execute(
                null,
                "CREATE DATABASE hb_quiet",
                "CREATE TABLE hb_quiet.t (id INT PRIMARY KEY)",
                "CREATE DATABASE hb_busy",
                "CREATE TABLE hb_busy.t (id INT PRIMARY KEY)");
        Map<String, String> c = SharedFixtures.connector(s, "hb", "hb_quiet");
        c.put("heartbeat.interval.ms", "200");
        cluster.deploy("hb", c);
        for (int i = 0; i < 20; i++) {
            s.execute(null, "INSERT INTO hb_busy.t VALUES (" + i + ")");
        }
        List<Event> beats = consume(cluster, 1, "__debezium-heartbeat.hb");
        assertEquals("hb", beats.get(0).key().get("serverName").asText());
        cluster.connect().deleteConnector("hb");
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void purgedBinlogFailsClearlyOrResnapshotsWhenNeeded(Flavor flavor) throws Exception {
        try (DatabaseServer s = DatabaseServer.start(flavor)) {
            ConnectTestCluster cluster = SharedFixtures.cluster();
            s.execute(
                    null,
                    "CREATE DATABASE purged_db",
                    "CREATE TABLE purged_db.t (id INT PRIMARY KEY)",
                    "INSERT INTO purged_db.t VALUES (1)");
            String prefix = "purge" + flavor.ordinal();
            String topic = prefix + ".purged_db.t";
            Map<String, String> c = SharedFixtures.connector(s, prefix, "purged_db");
            cluster.deploy(prefix, c);
            consume(cluster, 1, topic);
            s.execute(null, "INSERT INTO purged_db.t VALUES (2)");
            consume(cluster, 2, topic);
            cluster.connect().stopConnector(prefix);
            cluster.connect().assertions().assertConnectorIsStopped(prefix, "not stopped");
            s.execute(null, "INSERT INTO purged_db.t VALUES (3)", "FLUSH BINARY LOGS");
            String current;
            try (var conn = s.admin(null);
                    var st = conn.createStatement();
                    var rs = st.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                current = rs.getString(1);
            }
            // MariaDB keeps a binlog until its binlog checkpoint has passed; retry the purge until it took effect.
            TestUtils.waitForCondition(
                    () -> {
                        s.execute(null, "PURGE BINARY LOGS TO '" + current + "'");
                        try (var conn = s.admin(null);
                                var st = conn.createStatement();
                                var rs = st.executeQuery("SHOW BINARY LOGS")) {
                            rs.next();
                            return rs.getString(1).equals(current);
                        }
                    },
                    60_000,
                    "binlogs before " + current + " purged");
            cluster.connect().resumeConnector(prefix);
            String trace = cluster.awaitTaskFailure(prefix, TIMEOUT);
            assertTrue(trace.contains("purged"), trace);
            assertTrue(trace.contains("snapshot.mode=when_needed"), "says what to do: " + trace);

            c.put("snapshot.mode", "when_needed");
            cluster.deploy(prefix, c);
            s.execute(null, "INSERT INTO purged_db.t VALUES (4)");
            List<Event> ev = consume(cluster, 2 + 3 + 1, topic);
            List<String> ops =
                    ev.stream().map(e -> e.op() + e.after().get("id").asInt()).toList();
            assertEquals(List.of("r1", "c2", "r1", "r2", "r3", "c4"), ops);
            cluster.connect().deleteConnector(prefix);
            TestUtils.waitForCondition(
                    () -> !cluster.connect().connectors().contains(prefix), 60_000, "connector deleted");
        }
    }

    @Test
    void noDataStreamsFromNowAlwaysSnapshotsAtEveryStartAndRecoveryIsRefused() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MARIADB);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        s.execute(
                null,
                "CREATE DATABASE modes2",
                "CREATE TABLE modes2.t (id INT PRIMARY KEY)",
                "INSERT INTO modes2.t VALUES (1), (2)");
        Map<String, String> recovery = SharedFixtures.connector(s, "recovery", "modes2");
        recovery.put("snapshot.mode", "recovery");
        String refused = String.join(
                " ",
                ConnectTestCluster.errorsFor(
                        cluster.validate(MySqlSourceConnector.class.getName(), recovery), "snapshot.mode"));
        assertTrue(refused.contains("schema-history topic"), refused);

        Map<String, String> noData = SharedFixtures.connector(s, "nodata", "modes2");
        noData.put("snapshot.mode", "no_data");
        cluster.deploy("nodata", noData);
        Map<String, String> always = SharedFixtures.connector(s, "always", "modes2");
        always.put("snapshot.mode", "always");
        cluster.deploy("always", always);
        assertEquals(
                List.of("r", "r"),
                consume(cluster, 2, "always.modes2.t").stream().map(Event::op).toList());
        // no_data starts at the binlog's end once its reader runs: insert until a row arrives. Rows 1 and 2, in the
        // binlog before it started, never do (snapshot.mode=never would stream them from the binlog's start).
        int[] next = {100};
        TestUtils.waitForCondition(
                () -> {
                    s.execute(null, "INSERT INTO modes2.t VALUES (" + next[0]++ + ")");
                    try {
                        return !cluster.consumeCommitted(1, Duration.ofSeconds(2), "nodata.modes2.t")
                                .isEmpty();
                    } catch (AssertionError notYet) {
                        return false;
                    }
                },
                TIMEOUT.toMillis(),
                "no_data streamed nothing");
        for (Event e : consume(cluster, 1, "nodata.modes2.t")) {
            assertEquals("c", e.op());
            assertTrue(e.after().get("id").asInt() >= 100, "a row from before the start: " + e.after());
        }
        s.execute(null, "INSERT INTO modes2.t VALUES (3)");
        int before = 2 + (next[0] - 100) + 1; // rows in the table now: the first start's snapshot and stream
        consume(cluster, before, "always.modes2.t");
        cluster.restartConnectorAndTasks("always");
        cluster.awaitRunning("always");
        List<Event> again = consume(cluster, 2 * before, "always.modes2.t");
        assertTrue(
                again.subList(before, again.size()).stream().allMatch(e -> e.op().equals("r")),
                "a new snapshot of every row at the restart");
        s.execute(null, "INSERT INTO modes2.t VALUES (4)");
        assertEquals(
                "c",
                consume(cluster, 2 * before + 1, "always.modes2.t")
                        .get(2 * before)
                        .op(),
                "streams on");
        cluster.connect().deleteConnector("nodata");
        cluster.connect().deleteConnector("always");
    }
}
