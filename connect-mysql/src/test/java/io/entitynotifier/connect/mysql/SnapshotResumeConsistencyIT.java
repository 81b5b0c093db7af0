package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.entitynotifier.connect.common.offset.SnapshotKeyText;
import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.snapshot.ResumedRanges;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * Issue #15: a snapshot stopped in the middle and resumed after changes to rows on both sides of the resume point
 * (delivered before the stop, and not yet read) gives a read_committed consumer what an uninterrupted snapshot gives:
 * each row once, and no streamed change after a snapshot row that already holds it.
 */
class SnapshotResumeConsistencyIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int ROWS = 20_000;

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void resumedSnapshotDeliversEachRowOnceAndNoOlderChangeAfterIt(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "resumecons_" + flavor.name().toLowerCase();
        s.execute(
                null,
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".a_keyed (id INT PRIMARY KEY, v INT)",
                "CREATE TABLE " + db + ".b_keyless (x INT, v INT)",
                "CREATE TABLE " + db + ".c_tail (name VARCHAR(20) PRIMARY KEY, v INT)");
        try (Connection c = s.admin(db);
                Statement st = c.createStatement()) {
            for (int i = 0; i < ROWS; i += 1000) {
                StringBuilder a = new StringBuilder("INSERT INTO a_keyed VALUES ");
                for (int k = i; k < i + 1000; k++) {
                    a.append(k == i ? "" : ", ")
                            .append('(')
                            .append(k)
                            .append(", ")
                            .append(k)
                            .append(')');
                }
                st.execute(a.toString());
            }
            StringBuilder b = new StringBuilder("INSERT INTO b_keyless VALUES (3, 3)");
            StringBuilder t = new StringBuilder("INSERT INTO c_tail VALUES ('n0', 0)");
            for (int k = 1; k < 50; k++) {
                b.append(", (").append(k).append(", ").append(k).append(')');
                t.append(", ('n").append(k).append("', ").append(k).append(')');
            }
            st.execute(b.toString()); // (3, 3) twice: a key-less table may hold equal rows
            st.execute(t.toString());
        }
        String prefix = "resumecons" + flavor.ordinal();
        String topicA = prefix + "." + db + ".a_keyed";
        String topicB = prefix + "." + db + ".b_keyless";
        String topicC = prefix + "." + db + ".c_tail";
        Map<String, String> config = SharedFixtures.connector(s, prefix, db);
        config.put("snapshot.chunk.size", "100");
        config.put("max.batch.size", "100");
        config.put("max.queue.size", "100");
        config.put("transaction.group.max.records", "100");
        cluster.deploy(prefix, config);
        cluster.consumeCommitted(prefix, 1_000, TIMEOUT, topicA);
        cluster.connect().stopConnector(prefix);
        cluster.connect().assertions().assertConnectorIsStopped(prefix, "connector did not stop");
        List<ConnectorOffset> offsets =
                cluster.connect().connectorOffsets(prefix).offsets();
        assertEquals(1, offsets.size());
        Map<String, ?> offset = offsets.get(0).offset();
        assertEquals(Boolean.TRUE, offset.get("snapshot"), "stopped inside the snapshot, offset " + offset);
        assertEquals(db + ".a_keyed", offset.get("snapshot_table"), "stopped inside a_keyed");
        int resumeKey = Integer.parseInt(
                SnapshotKeyText.decode((String) offset.get("snapshot_key")).get(0));
        assertTrue(resumeKey < ROWS - 1_000, "stopped well inside a_keyed");

        // While stopped: changes to delivered rows (id <= resumeKey), to rows not read yet, across the boundary,
        // and to the key-less and the later table, which the resumed snapshot reads after these changes.
        int later = resumeKey + 10;
        s.execute(
                db,
                "UPDATE a_keyed SET v = v + 1000 WHERE id BETWEEN 1 AND 5",
                "DELETE FROM a_keyed WHERE id = 6",
                "UPDATE a_keyed SET id = 100000 WHERE id = 7",
                "UPDATE a_keyed SET v = v + 1000 WHERE id BETWEEN " + later + " AND " + (later + 4),
                "UPDATE a_keyed SET v = v + 1 WHERE id = 19000",
                "UPDATE a_keyed SET v = v + 1 WHERE id = 19000",
                "DELETE FROM a_keyed WHERE id = 19999",
                "INSERT INTO a_keyed VALUES (50000, 50000)",
                "UPDATE a_keyed SET id = -5 WHERE id = 19990",
                "UPDATE b_keyless SET v = 100 WHERE x = 1",
                "DELETE FROM b_keyless WHERE x = 2",
                "UPDATE b_keyless SET v = 33 WHERE x = 3 LIMIT 1",
                "INSERT INTO b_keyless VALUES (999, 999)",
                "UPDATE c_tail SET v = 100 WHERE name = 'n1'",
                "DELETE FROM c_tail WHERE name = 'n2'",
                "INSERT INTO c_tail VALUES ('zz', 1)");
        cluster.connect().resumeConnector(prefix);
        cluster.awaitRunning(prefix);
        // After the resume: streamed as usual, in every range.
        s.execute(
                db,
                "UPDATE a_keyed SET v = -1 WHERE id = 1",
                "UPDATE a_keyed SET v = -2 WHERE id = 19000",
                "UPDATE b_keyless SET v = -3 WHERE x = 4",
                "INSERT INTO c_tail VALUES ('marker', 0)");
        TestUtils.waitForCondition(
                () -> ChangeEvents.parse(cluster.consumeCommitted(prefix, 1, TIMEOUT, topicC)).stream()
                        .anyMatch(e -> !e.isTombstone()
                                && e.op().equals("c")
                                && e.after().get("name").asText().equals("marker")),
                TIMEOUT.toMillis(),
                "the change made after the resume did not arrive");

        Map<String, JsonNode> a = replayKeyed(ChangeEvents.parse(cluster.consumeCommitted(prefix, 1, TIMEOUT, topicA)));
        Map<String, JsonNode> c = replayKeyed(ChangeEvents.parse(cluster.consumeCommitted(prefix, 1, TIMEOUT, topicC)));
        Map<String, Integer> b =
                replayKeyless(ChangeEvents.parse(cluster.consumeCommitted(prefix, 1, TIMEOUT, topicB)));
        assertEquals(table(s, db, "SELECT id, v FROM a_keyed"), rows(a, "id"), "a_keyed replayed");
        assertEquals(table(s, db, "SELECT name, v FROM c_tail"), rows(c, "name"), "c_tail replayed");
        assertEquals(multiset(s, db, "SELECT x, v FROM b_keyless"), b, "b_keyless replayed");

        cluster.connect().stopConnector(prefix);
        cluster.connect().assertions().assertConnectorIsStopped(prefix, "connector did not stop");
        Map<String, ?> end =
                cluster.connect().connectorOffsets(prefix).offsets().get(0).offset();
        assertFalse(end.containsKey(ResumedRanges.OFFSET_KEY), "streaming has passed the resume point: " + end);
        cluster.connect().deleteConnector(prefix);
    }

    /**
     * Stopped three times: in the snapshot, in the resumed snapshot, and while streaming catches up with the resumed
     * snapshot's point (throttled, so that the catch-up lasts). Each restart must drop exactly the changes its
     * snapshot ranges hold, from what the offset carries.
     */
    @ParameterizedTest
    @EnumSource(Flavor.class)
    void stoppedAgainInTheResumedSnapshotAndInTheCatchUp(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "resumetwice_" + flavor.name().toLowerCase();
        int rows = 4_000;
        s.execute(
                null,
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".a_keyed (id INT PRIMARY KEY, v INT)",
                "CREATE TABLE " + db + ".c_tail (name VARCHAR(20) PRIMARY KEY, v INT)",
                "INSERT INTO " + db + ".c_tail VALUES ('n0', 0), ('n1', 1)");
        try (Connection c = s.admin(db);
                Statement st = c.createStatement()) {
            for (int i = 0; i < rows; i += 1000) {
                StringBuilder a = new StringBuilder("INSERT INTO a_keyed VALUES ");
                for (int k = i; k < i + 1000; k++) {
                    a.append(k == i ? "" : ", ")
                            .append('(')
                            .append(k)
                            .append(", ")
                            .append(k)
                            .append(')');
                }
                st.execute(a.toString());
            }
        }
        String prefix = "resumetwice" + flavor.ordinal();
        String topicA = prefix + "." + db + ".a_keyed";
        String topicC = prefix + "." + db + ".c_tail";
        Map<String, String> config = SharedFixtures.connector(s, prefix, db);
        config.put("snapshot.chunk.size", "100");
        config.put("max.batch.size", "100");
        config.put("max.queue.size", "100");
        config.put("transaction.group.max.records", "100");
        config.put("throttle.max.events.per.second", "400");
        cluster.deploy(prefix, config);

        cluster.consumeCommitted(prefix, 400, TIMEOUT, topicA);
        Map<String, ?> first = stop(cluster, prefix);
        assertEquals(Boolean.TRUE, first.get("snapshot"), "stopped inside the snapshot, offset " + first);
        int k1 = Integer.parseInt(
                SnapshotKeyText.decode((String) first.get("snapshot_key")).get(0));
        assertTrue(k1 < rows / 2, "stopped in the first half of a_keyed");
        s.execute(
                db,
                "UPDATE a_keyed SET v = v + 1000 WHERE id IN (1, " + (k1 + 5) + ", " + (rows - 5) + ")",
                "UPDATE a_keyed SET id = -1 WHERE id = " + (rows - 6),
                "UPDATE c_tail SET v = 10 WHERE name = 'n1'");
        cluster.connect().resumeConnector(prefix);
        cluster.awaitRunning(prefix);

        cluster.consumeCommitted(prefix, k1 + 800, TIMEOUT, topicA);
        Map<String, ?> second = stop(cluster, prefix);
        assertEquals(Boolean.TRUE, second.get("snapshot"), "stopped inside the resumed snapshot, offset " + second);
        assertTrue(second.containsKey(ResumedRanges.OFFSET_KEY), "the offset carries the resumed range: " + second);
        int k2 = Integer.parseInt(
                SnapshotKeyText.decode((String) second.get("snapshot_key")).get(0));
        assertTrue(k2 > k1 && k2 < rows - 10, "stopped in a_keyed again, after the first resume key");
        s.execute(
                db,
                "UPDATE a_keyed SET v = v + 1000 WHERE id IN (2, " + (k1 + 6) + ", " + (k2 + 5) + ", " + (rows - 5)
                        + ")",
                "UPDATE a_keyed SET id = " + (rows + 10) + " WHERE id = " + (k1 + 7),
                "UPDATE c_tail SET v = 20 WHERE name = 'n1'");
        // A long run of changes to delivered rows, streamed after the snapshot: the catch-up to stop in.
        int backlog = 3_000;
        try (Connection c = s.admin(db);
                Statement st = c.createStatement()) {
            for (int i = 0; i < backlog; i++) {
                st.addBatch("UPDATE a_keyed SET v = v + 1 WHERE id = " + (10 + i % 300));
            }
            st.executeBatch();
        }
        s.execute(db, "UPDATE a_keyed SET v = v + 1000 WHERE id IN (3, " + (k2 + 6) + ")");
        cluster.connect().resumeConnector(prefix);
        cluster.awaitRunning(prefix);

        TestUtils.waitForCondition(
                () -> ChangeEvents.parse(cluster.consumeCommitted(prefix, 1, TIMEOUT, topicA)).stream()
                                .filter(e -> !e.isTombstone() && e.op().equals("u"))
                                .count()
                        >= 500,
                TIMEOUT.toMillis(),
                "the catch-up did not start");
        Map<String, ?> third = stop(cluster, prefix);
        assertFalse(third.containsKey("snapshot"), "the snapshot is over: " + third);
        assertTrue(third.containsKey(ResumedRanges.OFFSET_KEY), "stopped in the catch-up: " + third);
        s.execute(db, "UPDATE a_keyed SET v = v + 1000 WHERE id IN (4, " + (k2 + 7) + ")");
        cluster.connect().resumeConnector(prefix);
        cluster.awaitRunning(prefix);
        s.execute(db, "INSERT INTO c_tail VALUES ('marker', 0)");
        TestUtils.waitForCondition(
                () -> ChangeEvents.parse(cluster.consumeCommitted(prefix, 1, TIMEOUT, topicC)).stream()
                        .anyMatch(e -> !e.isTombstone()
                                && e.op().equals("c")
                                && e.after().get("name").asText().equals("marker")),
                TIMEOUT.toMillis(),
                "the change made after the last resume did not arrive");

        Map<String, JsonNode> a = replayKeyed(ChangeEvents.parse(cluster.consumeCommitted(prefix, 1, TIMEOUT, topicA)));
        Map<String, JsonNode> c = replayKeyed(ChangeEvents.parse(cluster.consumeCommitted(prefix, 1, TIMEOUT, topicC)));
        assertEquals(table(s, db, "SELECT id, v FROM a_keyed"), rows(a, "id"), "a_keyed replayed");
        assertEquals(table(s, db, "SELECT name, v FROM c_tail"), rows(c, "name"), "c_tail replayed");
        Map<String, ?> end = stop(cluster, prefix);
        assertFalse(end.containsKey(ResumedRanges.OFFSET_KEY), "streaming has passed the resume points: " + end);
        cluster.connect().deleteConnector(prefix);
    }

    /**
     * The table in progress has a character key under a case-insensitive collation: 'K00002' sorts before 'k00003'
     * there but after it in binary order, so only the server's comparison puts each change on the right side of the
     * resume key.
     */
    @ParameterizedTest
    @EnumSource(Flavor.class)
    void characterKeyComparedUnderItsCollation(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "resumechar_" + flavor.name().toLowerCase();
        int rows = 4_000;
        s.execute(
                null,
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".s (name VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
                        + " PRIMARY KEY, v INT)");
        try (Connection c = s.admin(db);
                Statement st = c.createStatement()) {
            for (int i = 0; i < rows; i += 1000) {
                StringBuilder a = new StringBuilder("INSERT INTO s VALUES ");
                for (int k = i; k < i + 1000; k++) {
                    a.append(k == i ? "" : ", ")
                            .append("('")
                            .append(name(k))
                            .append("', ")
                            .append(k)
                            .append(')');
                }
                st.execute(a.toString());
            }
        }
        String prefix = "resumechar" + flavor.ordinal();
        String topic = prefix + "." + db + ".s";
        Map<String, String> config = SharedFixtures.connector(s, prefix, db);
        config.put("snapshot.chunk.size", "100");
        config.put("max.batch.size", "100");
        config.put("max.queue.size", "100");
        config.put("transaction.group.max.records", "100");
        config.put("throttle.max.events.per.second", "500");
        cluster.deploy(prefix, config);
        cluster.consumeCommitted(prefix, 500, TIMEOUT, topic);
        Map<String, ?> offset = stop(cluster, prefix);
        assertEquals(Boolean.TRUE, offset.get("snapshot"), "stopped inside the snapshot, offset " + offset);
        String key = SnapshotKeyText.decode((String) offset.get("snapshot_key")).get(0);
        int k = Integer.parseInt(key.substring(1));
        assertTrue(k < rows - 100, "stopped inside s");
        StringBuilder changes = new StringBuilder();
        for (int i = Math.max(0, k - 20); i < k + 20; i++) {
            changes.append(changes.length() == 0 ? "" : ", ")
                    .append('\'')
                    .append(name(i))
                    .append('\'');
        }
        s.execute(
                db,
                "UPDATE s SET v = v + 1000 WHERE name IN (" + changes + ")",
                "DELETE FROM s WHERE name IN ('" + name(k + 1) + "', '" + name(Math.max(0, k - 1)) + "')",
                "UPDATE s SET name = 'a-moved' WHERE name = '" + name(k + 2) + "'",
                "UPDATE s SET name = 'z-moved' WHERE name = '" + name(Math.max(0, k - 2)) + "'");
        cluster.connect().resumeConnector(prefix);
        cluster.awaitRunning(prefix);
        s.execute(db, "INSERT INTO s VALUES ('zz-marker', 0)");
        TestUtils.waitForCondition(
                () -> ChangeEvents.parse(cluster.consumeCommitted(prefix, 1, TIMEOUT, topic)).stream()
                        .anyMatch(e -> !e.isTombstone()
                                && e.op().equals("c")
                                && e.after().get("name").asText().equals("zz-marker")),
                TIMEOUT.toMillis(),
                "the change made after the resume did not arrive");
        Map<String, JsonNode> replayed =
                replayKeyed(ChangeEvents.parse(cluster.consumeCommitted(prefix, 1, TIMEOUT, topic)));
        assertEquals(table(s, db, "SELECT name, v FROM s"), rows(replayed, "name"), "s replayed");
        cluster.connect().deleteConnector(prefix);
    }

    /** Alternating case: K00000, k00001, K00002, ... */
    private static String name(int i) {
        return String.format("%s%05d", i % 2 == 0 ? "K" : "k", i);
    }

    private static Map<String, ?> stop(ConnectTestCluster cluster, String name) throws InterruptedException {
        cluster.connect().stopConnector(name);
        cluster.connect().assertions().assertConnectorIsStopped(name, "connector " + name + " did not stop");
        List<ConnectorOffset> offsets = cluster.connect().connectorOffsets(name).offsets();
        assertEquals(1, offsets.size());
        return offsets.get(0).offset();
    }

    /**
     * Replays a keyed table's events; fails at a row read twice, a read after a streamed change of its key, or a
     * change whose before image is not the state the consumer holds (an older change after a newer snapshot row).
     */
    static Map<String, JsonNode> replayKeyed(List<Event> events) {
        Map<String, JsonNode> state = new HashMap<>();
        Set<String> streamed = new HashSet<>();
        for (Event e : events) {
            if (e.isTombstone()) {
                continue;
            }
            String key = e.key().toString();
            switch (e.op()) {
                case "r" -> {
                    assertFalse(streamed.contains(key), "op=r after a streamed change of the same key " + key);
                    assertFalse(state.containsKey(key), "key " + key + " read twice");
                    state.put(key, e.after());
                }
                case "c" -> {
                    assertFalse(state.containsKey(key), "create of key " + key + ", which the consumer holds");
                    state.put(key, e.after());
                    streamed.add(key);
                }
                case "u" -> {
                    assertEquals(state.get(key), e.before(), "update of " + key + ": its before is not the state held");
                    state.put(key, e.after());
                    streamed.add(key);
                }
                case "d" -> {
                    assertEquals(state.get(key), e.before(), "delete of " + key + ": its before is not the state held");
                    state.remove(key);
                    streamed.add(key);
                }
                default -> fail("unexpected op " + e.op());
            }
        }
        return state;
    }

    /** Replays a key-less table as a multiset of rows; a change of a row the consumer does not hold fails. */
    static Map<String, Integer> replayKeyless(List<Event> events) {
        Map<String, Integer> rows = new TreeMap<>();
        for (Event e : events) {
            if (e.isTombstone()) {
                continue;
            }
            if (!e.op().equals("r") && !e.op().equals("c")) {
                String before =
                        e.before().get("x").asInt() + "," + e.before().get("v").asInt();
                Integer n = rows.get(before);
                assertNotNull(n, "change of a key-less row the consumer does not hold");
                if (n == 1) {
                    rows.remove(before);
                } else {
                    rows.put(before, n - 1);
                }
            }
            if (!e.op().equals("d")) {
                rows.merge(e.after().get("x").asInt() + "," + e.after().get("v").asInt(), 1, Integer::sum);
            }
        }
        return rows;
    }

    private static Map<String, Integer> rows(Map<String, JsonNode> state, String key) {
        Map<String, Integer> out = new TreeMap<>();
        state.values().forEach(r -> out.put(r.get(key).asText(), r.get("v").asInt()));
        return out;
    }

    private static Map<String, Integer> table(DatabaseServer s, String db, String sql) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = s.admin(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private static Map<String, Integer> multiset(DatabaseServer s, String db, String sql) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = s.admin(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.merge(rs.getInt(1) + "," + rs.getInt(2), 1, Integer::sum);
            }
        }
        return out;
    }
}
