package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Connect's offsets REST API (KIP-875) on a stopped PostgreSQL connector: a malformed offset, another partition and
 * an LSN before the slot's confirmed_flush_lsn are refused with HTTP 400 naming them; a later LSN takes effect (the
 * transactions committed before it are skipped); a reset starts afresh with a new snapshot.
 */
@ExtendWith(TestEnvironment.class)
class PostgresOffsetsApiIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String NAME = "pg-offs75";
    static final String TOPIC = "offs75.s75.t";
    static PostgresServer pg;
    static ConnectTestCluster cluster;

    @BeforeAll
    static void setUp() throws Exception {
        pg = TestEnvironment.postgres();
        cluster = TestEnvironment.connect();
    }

    @Test
    void malformedAndUnservableRefusedLaterLsnSkipsResetSnapshotsAgain() throws Exception {
        pg.execute(
                "CREATE SCHEMA s75",
                "CREATE TABLE s75.t (id int PRIMARY KEY, v text)",
                "INSERT INTO s75.t VALUES (1, 'secret-one')",
                "CREATE PUBLICATION pub_it75 FOR TABLE s75.t");
        Map<String, String> cfg = pg.connectorConfig("offs75", "slot_it75", "pub_it75");
        cfg.put("table.include.list", "s75\\..*");
        cluster.deploy(NAME, cfg);
        awaitOps(Map.of("r1", 1));
        pg.execute("INSERT INTO s75.t VALUES (2, 'two')");
        List<Event> two = awaitOps(Map.of("r1", 1, "c2", 1));
        long lsn2 = two.get(1).source().get("lsn").asLong();
        TestUtils.waitForCondition(
                () -> pg.confirmedFlush("slot_it75") > lsn2, TIMEOUT.toMillis(), "slot not confirmed");

        EmbeddedConnectCluster connect = cluster.connect();
        connect.stopConnector(NAME);
        connect.assertions().assertConnectorIsStopped(NAME, "connector not stopped");
        TestUtils.waitForCondition(() -> pg.slotIdle("slot_it75"), TIMEOUT.toMillis(), "slot still in use");
        String url = connect.endpointForResource("connectors/" + NAME + "/offsets");
        String partition = "{\"server\": \"offs75\"}";
        assertRefused(url, "{\"lsn\": \"abc\"}", partition, "'lsn'");
        assertRefused(url, "{\"txn_events\": 1}", partition, "'lsn'");
        assertRefused(url, "{\"lsn\": 1, \"txn_events\": -1}", partition, "'txn_events'");
        assertRefused(url, "{\"lsn\": 1, \"snapshot\": true}", partition, "'snapshot_table'");
        assertRefused(url, "{\"lsn\": 1}", "{\"server\": \"other\"}", "partition");
        String rewind = assertRefused(url, "{\"lsn\": 16}", partition, "cannot rewind");
        assertTrue(rewind.contains("slot_it75"), rewind);

        // While stopped: 3 commits before the position given, 4 after it.
        pg.execute("INSERT INTO s75.t VALUES (3, 'three')");
        long position;
        try (Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (pg_current_wal_lsn() - '0/0')::bigint")) {
            rs.next();
            position = rs.getLong(1);
        }
        pg.execute("INSERT INTO s75.t VALUES (4, 'four')");
        Response ok = connect.requestPatch(url, body("{\"lsn\": " + position + "}", partition));
        assertEquals(200, ok.getStatus(), String.valueOf(ok.getEntity()));
        connect.resumeConnector(NAME);
        cluster.awaitRunning(NAME);
        pg.execute("INSERT INTO s75.t VALUES (5, 'fence')");
        awaitOps(Map.of("r1", 1, "c2", 1, "c4", 1, "c5", 1));

        // Reset: a fresh start, with a new snapshot of every row (3 included, never delivered before).
        connect.stopConnector(NAME);
        connect.assertions().assertConnectorIsStopped(NAME, "connector not stopped");
        connect.resetConnectorOffsets(NAME);
        connect.resumeConnector(NAME);
        cluster.awaitRunning(NAME);
        awaitOps(Map.of("r1", 2, "c2", 1, "c4", 1, "c5", 1, "r2", 1, "r3", 1, "r4", 1, "r5", 1));
        connect.deleteConnector(NAME);
    }

    static String body(String offset, String partition) {
        return "{\"offsets\": [{\"partition\": " + partition + ", \"offset\": " + offset + "}]}";
    }

    static String assertRefused(String url, String offset, String partition, String named) {
        Response r = cluster.connect().requestPatch(url, body(offset, partition));
        String text = String.valueOf(r.getEntity());
        assertEquals(400, r.getStatus(), text);
        assertTrue(text.contains(named), text);
        assertFalse(text.contains("secret-one"), text);
        return text;
    }

    /** Waits until the topic holds exactly these counts of op+id (e.g. {@code c2}); returns its events. */
    static List<Event> awaitOps(Map<String, Integer> expected) throws InterruptedException {
        int total = expected.values().stream().mapToInt(Integer::intValue).sum();
        Object[] seen = new Object[2];
        TestUtils.waitForCondition(
                () -> {
                    List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(NAME, total, TIMEOUT, TOPIC));
                    Map<String, Integer> m = new HashMap<>();
                    for (Event e : events) {
                        m.merge(e.op() + e.after().get("id").asInt(), 1, Integer::sum);
                    }
                    seen[0] = m;
                    seen[1] = events;
                    return m.equals(expected);
                },
                TIMEOUT.toMillis(),
                () -> "events by op and id: " + seen[0] + ", expected " + expected);
        @SuppressWarnings("unchecked")
        List<Event> events = (List<Event>) seen[1];
        return events;
    }
}
