package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.server.BinlogPositions;
import io.entitynotifier.connect.mysql.server.ServerInfo;
import io.entitynotifier.connect.mysql.server.StatusStatements.Kind;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * MariaDB 11.4 LTS (Maven Central's server build) in the default run: its status statements, then snapshot, streaming
 * and a connector restart resuming from the GTID offset. {@code -Pversions} runs every MariaDB IT on 11.4.
 */
class MariaDb114IT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Test
    void snapshotStreamAndResumeOnMariaDb114() throws Exception {
        try (DatabaseServer s = DatabaseServer.startMariaDb("11.4")) {
            try (Connection c = s.admin(null)) {
                ServerInfo info = ServerInfo.read(c);
                assertTrue(info.version().startsWith("11.4."), info.version());
                BinlogPositions positions = new BinlogPositions(info);
                assertTrue(positions.current(c).usesGtids());
                assertEquals("SHOW BINLOG STATUS", positions.statements().accepted(c, Kind.BINLOG_STATUS));
                assertFalse(positions.binlogFiles(c).isEmpty());
            }
            s.execute(
                    null,
                    "CREATE DATABASE m114",
                    "CREATE TABLE m114.t (id INT PRIMARY KEY, v VARCHAR(20), n BIGINT NOT NULL)",
                    "INSERT INTO m114.t VALUES (1, 'a', 1), (2, 'b', 2)");
            ConnectTestCluster cluster = SharedFixtures.cluster();
            Map<String, String> config = SharedFixtures.connector(s, "m114", "m114");
            String topic = "m114.m114.t";
            cluster.deploy("m114", config);
            try {
                List<Event> snap = ChangeEvents.parse(cluster.consumeCommitted(2, TIMEOUT, topic));
                assertEquals(List.of("r", "r"), snap.stream().map(Event::op).toList());
                s.execute("m114", "INSERT INTO t VALUES (3, 'c', 3)", "UPDATE t SET n = 20 WHERE id = 2");
                List<Event> all = ChangeEvents.parse(cluster.consumeCommitted(4, TIMEOUT, topic));
                assertEquals(
                        List.of("r", "r", "c", "u"), all.stream().map(Event::op).toList());
                assertEquals(20, all.get(3).after().get("n").asInt());
                assertTrue(
                        all.get(3).source().get("gtid").asText().matches("0-1-\\d+"),
                        all.get(3).source().toString());

                cluster.restartConnectorAndTasks("m114");
                cluster.awaitRunning("m114");
                s.execute("m114", "DELETE FROM t WHERE id = 1");
                List<Event> after =
                        ChangeEvents.withoutTombstones(ChangeEvents.parse(cluster.consumeCommitted(6, TIMEOUT, topic)));
                assertEquals(
                        List.of("r", "r", "c", "u", "d"),
                        after.stream().map(Event::op).toList(),
                        "the restart resumed after the update: nothing repeated, nothing lost");
            } finally {
                cluster.connect().deleteConnector("m114");
            }
        }
    }
}
