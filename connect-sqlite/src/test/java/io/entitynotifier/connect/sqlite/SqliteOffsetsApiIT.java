package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Connect's offsets REST API (KIP-875) on a stopped SQLite connector: a malformed offset is refused with HTTP 400
 * naming the field or partition; a valid earlier {@code seq} re-delivers the changes after it; a reset starts afresh
 * with a new snapshot.
 */
class SqliteOffsetsApiIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String NAME = "offs";
    static final String TOPIC = "offs.main.t";
    static ConnectTestCluster cluster;

    @TempDir
    static Path dir;

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

    @Test
    void malformedRefusedEarlierSeqRedeliversResetSnapshotsAgain() throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "offs.db")) {
            db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO t VALUES (1, 'secret-one')");
            Map<String, String> c = new HashMap<>();
            c.put("connector.class", SqliteSourceConnector.class.getName());
            c.put("database.path", db.file.toString());
            c.put("topic.prefix", NAME);
            c.put("poll.interval.ms", "50");
            c.put("tombstones.on.delete", "false");
            cluster.deploy(NAME, c);
            cluster.consumeCommitted(NAME, 1, TIMEOUT, TOPIC);
            db.exec("INSERT INTO t VALUES (2, 'two')", "INSERT INTO t VALUES (3, 'three')");
            awaitOps(Map.of("r1", 1, "c2", 1, "c3", 1));

            EmbeddedConnectCluster connect = cluster.connect();
            connect.stopConnector(NAME);
            connect.assertions().assertConnectorIsStopped(NAME, "connector not stopped");
            String url = connect.endpointForResource("connectors/" + NAME + "/offsets");

            assertRefused(url, "{\"seq\": \"abc\"}", "{\"server\": \"offs\"}", "'seq'");
            assertRefused(url, "{\"seq\": -1}", "{\"server\": \"offs\"}", "'seq'");
            assertRefused(url, "{\"snapshot\": true, \"seq\": 1}", "{\"server\": \"offs\"}", "'snapshot_table'");
            assertRefused(url, "{\"seq\": 1, \"sqe\": 2}", "{\"server\": \"offs\"}", "'sqe'");
            assertRefused(url, "{\"seq\": 1}", "{\"server\": \"other\"}", "partition");
            assertRefused(
                    url,
                    "{\"seq\": 1, \"snapshot\": true, \"snapshot_table\": \"main.t\", \"snapshot_after\": \"x\"}",
                    "{\"server\": \"offs\"}",
                    "'snapshot_after'");

            // Back to before the two inserts: both are delivered again, the snapshot is not repeated.
            Response ok = connect.requestPatch(url, body("{\"seq\": 0}", "{\"server\": \"offs\"}"));
            assertEquals(200, ok.getStatus(), String.valueOf(ok.getEntity()));
            connect.resumeConnector(NAME);
            cluster.awaitRunning(NAME);
            awaitOps(Map.of("r1", 1, "c2", 2, "c3", 2));

            // Reset: a fresh start, with a new snapshot of every row.
            connect.stopConnector(NAME);
            connect.assertions().assertConnectorIsStopped(NAME, "connector not stopped");
            connect.resetConnectorOffsets(NAME);
            connect.resumeConnector(NAME);
            cluster.awaitRunning(NAME);
            awaitOps(Map.of("r1", 2, "r2", 1, "r3", 1, "c2", 2, "c3", 2));
            connect.deleteConnector(NAME);
        }
    }

    static String body(String offset, String partition) {
        return "{\"offsets\": [{\"partition\": " + partition + ", \"offset\": " + offset + "}]}";
    }

    static void assertRefused(String url, String offset, String partition, String named) {
        Response r = cluster.connect().requestPatch(url, body(offset, partition));
        String text = String.valueOf(r.getEntity());
        assertEquals(400, r.getStatus(), text);
        assertTrue(text.contains(named), text);
        assertFalse(text.contains("secret-one"), text);
    }

    /** Waits until the topic holds exactly these counts of op+id (e.g. {@code c2}), and no other event. */
    static void awaitOps(Map<String, Integer> expected) throws InterruptedException {
        int total = expected.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer>[] seen = new Map[1];
        TestUtils.waitForCondition(
                () -> {
                    List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(NAME, total, TIMEOUT, TOPIC));
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
