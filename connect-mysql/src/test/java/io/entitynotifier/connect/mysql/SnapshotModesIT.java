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

/** snapshot.mode never / initial_only / when_needed, purged binlogs, and heartbeats. */
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
}
