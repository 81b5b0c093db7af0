package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
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
 * Connect's offsets REST API (KIP-875) on a stopped MySQL/MariaDB connector: malformed offsets, a binlog file the
 * server does not have and (MySQL with GTIDs) a GTID set it never executed are refused with HTTP 400 naming them; an
 * earlier position re-delivers the changes after it; a reset snapshots afresh.
 */
class MySqlOffsetsApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void malformedAndUnservableRefusedEarlierPositionRedeliversResetSnapshots(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "offs_" + flavor.name().toLowerCase();
        s.execute(
                null,
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(40))",
                "INSERT INTO " + db + ".t VALUES (1, 'secret-one')");
        String name = "offs" + flavor.ordinal();
        String topic = name + "." + db + ".t";
        cluster.deploy(name, SharedFixtures.connector(s, name, db));
        awaitOps(cluster, name, topic, Map.of("r1", 1));
        EmbeddedConnectCluster connect = cluster.connect();
        Map<String, ?> partition = Map.of("server", name);
        Map<String, ?> afterSnapshot = stopAndReadOffset(connect, name);
        connect.resumeConnector(name);
        cluster.awaitRunning(name);
        s.execute(null, "INSERT INTO " + db + ".t VALUES (2, 'two')");
        awaitOps(cluster, name, topic, Map.of("r1", 1, "c2", 1));
        stopAndReadOffset(connect, name);

        String url = connect.endpointForResource("connectors/" + name + "/offsets");
        String p = "{\"server\": \"" + name + "\"}";
        assertRefused(connect, url, p, "{\"pos\": 4}", "'file'");
        assertRefused(connect, url, p, "{\"file\": \"x\", \"pos\": \"4\"}", "'pos'");
        assertRefused(connect, url, "{\"server\": \"other\"}", "{\"file\": \"x\", \"pos\": 4}", "partition");
        assertRefused(connect, url, p, "{\"file\": \"nosuch-bin.000999\", \"pos\": 4}", "binary logs");
        if (flavor == Flavor.MYSQL8 && afterSnapshot.get("gtids") != null) {
            assertRefused(
                    connect,
                    url,
                    p,
                    "{\"file\": \"" + afterSnapshot.get("file") + "\", \"pos\": 4, \"gtids\": "
                            + "\"3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5\"}",
                    "gtid_executed");
        }

        // Back to the position after the snapshot: the insert of 2 is delivered again, the snapshot is not.
        connect.alterSourceConnectorOffset(name, partition, afterSnapshot);
        connect.resumeConnector(name);
        cluster.awaitRunning(name);
        awaitOps(cluster, name, topic, Map.of("r1", 1, "c2", 2));

        connect.stopConnector(name);
        connect.assertions().assertConnectorIsStopped(name, "connector " + name + " did not stop");
        connect.resetConnectorOffsets(name);
        connect.resumeConnector(name);
        cluster.awaitRunning(name);
        awaitOps(cluster, name, topic, Map.of("r1", 2, "c2", 2, "r2", 1));
        connect.deleteConnector(name);
    }

    private static Map<String, ?> stopAndReadOffset(EmbeddedConnectCluster connect, String name) throws Exception {
        connect.stopConnector(name);
        connect.assertions().assertConnectorIsStopped(name, "connector " + name + " did not stop");
        List<ConnectorOffset> offsets = connect.connectorOffsets(name).offsets();
        assertEquals(1, offsets.size());
        return offsets.get(0).offset();
    }

    private static void assertRefused(
            EmbeddedConnectCluster connect, String url, String partition, String offset, String named) {
        Response r = connect.requestPatch(
                url, "{\"offsets\": [{\"partition\": " + partition + ", \"offset\": " + offset + "}]}");
        String text = String.valueOf(r.getEntity());
        assertEquals(400, r.getStatus(), text);
        assertTrue(text.contains(named), text);
        assertFalse(text.contains("secret-one"), text);
    }

    /** Waits until the topic holds exactly these counts of op+id (e.g. {@code c2}), and no other event. */
    private static void awaitOps(ConnectTestCluster cluster, String name, String topic, Map<String, Integer> expected)
            throws InterruptedException {
        int total = expected.values().stream().mapToInt(Integer::intValue).sum();
        Object[] seen = new Object[1];
        TestUtils.waitForCondition(
                () -> {
                    List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(name, total, TIMEOUT, topic));
                    Map<String, Integer> m = new HashMap<>();
                    for (Event e : events) {
                        m.merge(e.op() + e.after().get("id").asInt(), 1, Integer::sum);
                    }
                    seen[0] = m;
                    return m.equals(expected);
                },
                TIMEOUT.toMillis(),
                () -> "events by op and id: " + seen[0] + ", expected " + expected);
    }
}
