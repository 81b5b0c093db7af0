package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/** Interruptions: inside a split MySQL transaction, in the middle of the snapshot, and a server restart. */
class ResumeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static Map<String, ?> stopAndReadOffset(ConnectTestCluster cluster, String name) throws Exception {
        cluster.connect().stopConnector(name);
        cluster.connect().assertions().assertConnectorIsStopped(name, "connector " + name + " did not stop");
        List<ConnectorOffset> offsets = cluster.connect().connectorOffsets(name).offsets();
        assertEquals(1, offsets.size());
        return offsets.get(0).offset();
    }

    private static void resume(ConnectTestCluster cluster, String name) {
        cluster.connect().resumeConnector(name);
        cluster.awaitRunning(name);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void stoppedInsideASplitTransactionResumesMidTransaction(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "midtx_" + flavor.name().toLowerCase();
        s.execute(
                null,
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".big (id INT PRIMARY KEY, pad VARCHAR(40))",
                "INSERT INTO " + db + ".big VALUES (-1, 'snapshot')");
        String prefix = "midtx" + flavor.ordinal();
        String topic = prefix + "." + db + ".big";
        Map<String, String> config = SharedFixtures.connector(s, prefix, db);
        config.put("transaction.group.max.records", "200");
        config.put("max.batch.size", "100");
        config.put("max.queue.size", "200");
        cluster.deploy(prefix, config);
        cluster.consumeCommitted(1, TIMEOUT, topic); // the snapshot is over: the big transaction is streamed
        int total = 30_000;
        try (Connection c = s.admin(db);
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < total; i += 1000) {
                StringBuilder sql = new StringBuilder("INSERT INTO big VALUES ");
                for (int k = i; k < i + 1000; k++) {
                    sql.append(k == i ? "" : ", ").append('(').append(k).append(", 'padding padding padding')");
                }
                st.execute(sql.toString());
            }
            c.commit(); // one MySQL transaction of 30,000 rows in many row events
        }
        cluster.consumeCommitted(1_001, TIMEOUT, topic);
        Map<String, ?> offset = stopAndReadOffset(cluster, prefix);
        assertTrue(
                offset.containsKey("event") && offset.containsKey("row"),
                "stopped inside the transaction, offset " + offset);
        resume(cluster, prefix);
        List<Event> all = ChangeEvents.parse(cluster.consumeCommitted(total + 1, TIMEOUT, topic));
        assertEquals(total + 1, all.size(), "each row exactly once");
        List<Event> events = all.subList(1, all.size());
        for (int i = 0; i < total; i++) {
            assertEquals(i, events.get(i).after().get("id").asInt(), "in order");
        }
        cluster.connect().deleteConnector(prefix);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void interruptedSnapshotResumesAndHoldsEachRowOnce(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "snapres_" + flavor.name().toLowerCase();
        s.execute(
                null,
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".a (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE " + db + ".b (k1 VARCHAR(10), k2 INT, v INT, PRIMARY KEY (k1, k2))");
        int rows = 10_000;
        try (Connection c = s.admin(db);
                Statement st = c.createStatement()) {
            for (int i = 0; i < rows; i += 1000) {
                StringBuilder a = new StringBuilder("INSERT INTO a VALUES ");
                StringBuilder b = new StringBuilder("INSERT INTO b VALUES ");
                for (int k = i; k < i + 1000; k++) {
                    a.append(k == i ? "" : ", ")
                            .append('(')
                            .append(k)
                            .append(", 'v")
                            .append(k)
                            .append("')");
                    b.append(k == i ? "" : ", ")
                            .append("('k")
                            .append(k % 7)
                            .append("', ")
                            .append(k)
                            .append(", ")
                            .append(k)
                            .append(')');
                }
                st.execute(a.toString());
                st.execute(b.toString());
            }
        }
        String prefix = "snapres" + flavor.ordinal();
        Map<String, String> config = SharedFixtures.connector(s, prefix, db);
        config.put("snapshot.chunk.size", "100");
        config.put("max.batch.size", "100");
        config.put("max.queue.size", "100");
        config.put("transaction.group.max.records", "100");
        cluster.deploy(prefix, config);
        cluster.consumeCommitted(2_000, TIMEOUT, prefix + "." + db + ".a");
        Map<String, ?> offset = stopAndReadOffset(cluster, prefix);
        assertEquals(Boolean.TRUE, offset.get("snapshot"), "stopped inside the snapshot, offset " + offset);
        // A change made while the connector is stopped, to a table the resumed snapshot has not read yet: that
        // snapshot holds it, so the binlog replay from the first snapshot's position leaves it out (issue #15).
        s.execute(db, "INSERT INTO b VALUES ('new', 1, 1)");
        resume(cluster, prefix);
        s.execute(db, "INSERT INTO b VALUES ('after', 1, 1)"); // streamed as usual
        List<Event> a = ChangeEvents.parse(cluster.consumeCommitted(rows, TIMEOUT, prefix + "." + db + ".a"));
        List<Event> b = ChangeEvents.parse(cluster.consumeCommitted(rows + 2, TIMEOUT, prefix + "." + db + ".b"));
        assertEquals(rows, a.size(), "each row of a once");
        Set<Integer> ids = new HashSet<>();
        a.forEach(e -> ids.add(e.key().get("id").asInt()));
        assertEquals(rows, ids.size());
        assertEquals(rows + 2, b.size(), "each row of b once, and the change after the resume");
        long reads = b.stream().filter(e -> e.op().equals("r")).count();
        assertEquals(rows + 1, reads, "each row of b once in the snapshot, the new one included");
        Set<String> keys = new HashSet<>();
        b.stream().filter(e -> e.op().equals("r")).forEach(e -> keys.add(e.key().toString()));
        assertEquals(rows + 1, keys.size());
        Event last = b.get(b.size() - 1);
        assertEquals("c", last.op());
        assertEquals("after", last.after().get("k1").asText());
        cluster.connect().deleteConnector(prefix);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void serverRestartMidStreamRecoversByItself(Flavor flavor) throws Exception {
        // A private server: killing the shared one would disturb other tests.
        try (DatabaseServer s = DatabaseServer.start(flavor)) {
            ConnectTestCluster cluster = SharedFixtures.cluster();
            String db = "crash";
            s.execute(null, "CREATE DATABASE " + db, "CREATE TABLE crash.t (id INT PRIMARY KEY, v INT)");
            String prefix = "crash" + flavor.ordinal();
            String topic = prefix + ".crash.t";
            cluster.deploy(prefix, SharedFixtures.connector(s, prefix, db));
            for (int i = 0; i < 500; i++) {
                s.execute(db, "INSERT INTO t VALUES (" + i + ", " + i + ")");
            }
            cluster.consumeCommitted(100, TIMEOUT, topic);
            s.kill();
            s.restart();
            for (int i = 500; i < 1000; i++) {
                s.execute(db, "INSERT INTO t VALUES (" + i + ", " + i + ")");
            }
            List<Event> ev = ChangeEvents.parse(cluster.consumeCommitted(1000, TIMEOUT, topic));
            assertEquals(1000, ev.size(), "each change once across the server restart");
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, ev.get(i).after().get("id").asInt());
            }
            assertEquals("RUNNING", cluster.status(prefix).tasks().get(0).state(), "recovered without a restart");
            cluster.connect().deleteConnector(prefix);
            TestUtils.waitForCondition(
                    () -> !cluster.connect().connectors().contains(prefix), 60_000, "connector deleted");
        }
    }
}
