package io.entitynotifier.connect.common.testing.debezium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;

import io.entitynotifier.connect.common.testing.CommittedReader;

/**
 * A live switch from Debezium 3.6.1 to one of our connectors, as docs/migrating-from-debezium.md tells users to do
 * it, while an application ({@link TakeoverWorkload}) keeps committing transactions:
 * <ol>
 * <li>Debezium's connector runs under name N (exactly-once requested, {@code transaction.boundary=poll}, the
 * JsonConverter with schemas) and captures the table while the writer writes;</li>
 * <li>{@code PUT /connectors/N/stop}, {@code GET /connectors/N/offsets} (Debezium's last committed offset, kept for the
 * report), {@code DELETE /connectors/N}; the writer keeps committing while no connector runs;</li>
 * <li>our connector is created under the same name N with Debezium's configuration, only {@code connector.class}
 * replaced, and streams on without a snapshot;</li>
 * <li>a {@code read_committed} consumer reads the topic: every committed change appears exactly once (none lost,
 * none repeated), per key in commit order, Debezium's events before ours, and our events have exactly Debezium's key
 * and value schemas.</li>
 * </ol>
 */
public final class TakeoverCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    /** What the switch showed. */
    public record Result(
            Map<String, Object> debeziumOffset,
            int debeziumEvents,
            int ourEvents,
            int changesWhileStopped,
            int changes) {}

    private TakeoverCheck() {}

    /**
     * Runs the switch on {@code topic} ({@code <topic.prefix>.<schema or database>.<table>}); {@code debezium} is
     * Debezium's whole connector configuration. The writer has been seeded (those rows are Debezium's snapshot).
     */
    public static Result run(
            DebeziumOracle oracle,
            String name,
            Map<String, String> debezium,
            String ourClass,
            String topic,
            TakeoverWorkload writer)
            throws Exception {
        EmbeddedConnectCluster connect = oracle.cluster().connect();
        String bootstrap = connect.kafka().bootstrapServers();
        Map<String, Object> dbzOffset;
        int whileStopped;
        oracle.deployDebezium(name, debezium);
        // Debezium's snapshot of the seeded rows first: changes written while it reads would be in it, merged
        CommittedReader.read(bootstrap, writer.expectedRecords(), TIMEOUT, topic);
        Thread app = new Thread(writer, "takeover-writer");
        app.start();
        try {
            CommittedReader.read(bootstrap, 300, TIMEOUT, topic); // Debezium streams the writer's changes

            // 2. Stop Debezium, note its offset, delete it; the writer goes on.
            connect.stopConnector(name);
            connect.assertions().assertConnectorIsStopped(name, "Debezium's connector did not stop");
            List<ConnectorOffset> offsets = connect.connectorOffsets(name).offsets();
            assertEquals(1, offsets.size(), "one source partition");
            dbzOffset = new LinkedHashMap<>(offsets.get(0).offset());
            connect.deleteConnector(name);
            connect.assertions().assertConnectorDoesNotExist(name, "Debezium's connector was not deleted");
            int atDelete = writer.committed.size();
            int txnsAtDelete = writer.transactions.get();
            TestUtils.waitForCondition(
                    () -> writer.transactions.get() >= txnsAtDelete + 10 || writer.failure() != null,
                    TIMEOUT.toMillis(),
                    "the writer did not commit while no connector ran");

            // 3. Ours under the same name, with Debezium's configuration and only connector.class replaced.
            Map<String, String> ours = new HashMap<>(debezium);
            ours.put("connector.class", ourClass);
            whileStopped = writer.committed.size() - atDelete;
            oracle.deployDebezium(name, ours); // the same Connect settings as Debezium had (exactly-once, poll)
            int atCreate = writer.expectedRecords();
            CommittedReader.read(bootstrap, atCreate + 300, TIMEOUT, topic); // ours streams the writer's changes
        } finally {
            writer.stop();
            app.join(TIMEOUT.toMillis());
        }
        if (writer.failure() != null) {
            throw new AssertionError("the writer failed", writer.failure());
        }
        return check(oracle, topic, writer, dbzOffset, whileStopped);
    }

    private static Result check(
            DebeziumOracle oracle,
            String topic,
            TakeoverWorkload writer,
            Map<String, Object> dbzOffset,
            int whileStopped)
            throws Exception {
        String bootstrap = oracle.cluster().connect().kafka().bootstrapServers();
        List<ConsumerRecord<byte[], byte[]>> records;
        try {
            records = CommittedReader.read(bootstrap, writer.expectedRecords(), TIMEOUT, topic);
        } catch (AssertionError shortfall) {
            // what arrived, so that the comparison below names the lost changes
            records = CommittedReader.read(bootstrap, 0, Duration.ofSeconds(15), topic);
        }
        List<String> actual = new ArrayList<>();
        List<Boolean> byDebezium = new ArrayList<>();
        Set<String> dbzSchemas = new LinkedHashSet<>();
        Set<String> ourSchemas = new LinkedHashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.value() == null) {
                continue; // tombstone
            }
            JsonNode key = JSON.readTree(r.key());
            JsonNode value = JSON.readTree(r.value());
            JsonNode p = value.get("payload");
            String op = p.get("op").asText();
            JsonNode row = op.equals("d") ? p.get("before") : p.get("after");
            int id = row.get("id").asInt();
            actual.add(
                    switch (op) {
                        case "c", "r" -> "c:" + id + ":" + row.get("v").asInt();
                        case "u" -> "u:" + id + ":" + row.get("v").asInt();
                        case "d" -> "d:" + id;
                        default -> throw new AssertionError("unexpected op " + op);
                    });
            boolean dbz = p.get("source").get("version").asText().startsWith("3.6.1");
            byDebezium.add(dbz);
            (dbz ? dbzSchemas : ourSchemas).add(key.get("schema") + " " + value.get("schema"));
        }
        List<String> expected = new ArrayList<>(writer.committed);
        int lastDbz = byDebezium.lastIndexOf(true);
        int firstOurs = byDebezium.indexOf(false);
        assertTrue(lastDbz >= 0 && firstOurs >= 0, "events of both connectors: " + lastDbz + ", " + firstOurs);
        assertTrue(lastDbz < firstOurs, "Debezium's events end before ours begin: " + lastDbz + " / " + firstOurs);

        Map<String, Integer> seen = new HashMap<>();
        List<String> repeated = new ArrayList<>();
        for (int i = 0; i < actual.size(); i++) {
            if (seen.merge(actual.get(i), 1, Integer::sum) > 1) {
                repeated.add(actual.get(i) + (byDebezium.get(i) ? " (debezium)" : " (ours)"));
            }
        }
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(new HashSet<>(actual));
        Set<String> unexpected = new LinkedHashSet<>(actual);
        unexpected.removeAll(new HashSet<>(expected));
        int switchAt = Math.max(0, expected.indexOf(actual.get(firstOurs)));
        String around = "around the switch: expected "
                + expected.subList(Math.max(0, switchAt - 5), Math.min(expected.size(), switchAt + 5)) + ", got "
                + actual.subList(Math.max(0, firstOurs - 5), Math.min(actual.size(), firstOurs + 5))
                + " (ours from the 6th); Debezium's last offset " + dbzOffset;
        assertEquals(List.of(), repeated, "changes delivered twice; " + around);
        assertEquals(Set.of(), missing, "committed changes lost; " + around);
        assertEquals(Set.of(), unexpected, "changes nobody committed");
        assertEquals(expected.size(), actual.size());
        assertEquals(perKey(expected), perKey(actual), "per-key order");

        assertEquals(1, dbzSchemas.size(), "Debezium's events have one key and value schema: " + dbzSchemas);
        assertEquals(dbzSchemas, ourSchemas, "our events have Debezium's key and value schemas");
        return new Result(dbzOffset, lastDbz + 1, actual.size() - lastDbz - 1, whileStopped, actual.size());
    }

    private static Map<String, List<String>> perKey(List<String> ops) {
        Map<String, List<String>> m = new HashMap<>();
        for (String o : ops) {
            m.computeIfAbsent(o.split(":")[1], k -> new ArrayList<>()).add(o);
        }
        return m;
    }
}
