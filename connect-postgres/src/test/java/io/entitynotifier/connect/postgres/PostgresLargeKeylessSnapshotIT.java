package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChildWorker;
import io.entitynotifier.connect.common.testing.CommittedCounter;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * A key-less table far larger than the worker's heap (issues 15 and 19): 5,000,000 rows (system property
 * {@code large.rows}) snapshotted by a worker in its own JVM with {@code -Xmx512m}, SIGKILLed once a third of the way
 * through. The snapshot must complete, with every row exactly once for a {@code read_committed} consumer, and the
 * worker must never run out of memory: a key-less table is read in {@code ctid} ranges, and each range is committed in
 * bounded Kafka transactions. Runs with {@code -Pfaults}.
 */
@ExtendWith(TestEnvironment.class)
class PostgresLargeKeylessSnapshotIT {

    static final Duration TIMEOUT = Duration.ofMinutes(20);
    static final Pattern ROW_ID = Pattern.compile("\"after\":\\{\"a\":(\\d+)");

    @Test
    @Tag("faults")
    void fiveMillionKeylessRowsIn512MbWithAKillMidway() throws Exception {
        int rows = Integer.getInteger("large.rows", 5_000_000);
        PostgresServer pg = TestEnvironment.postgres();
        String name = "bignokey";
        pg.execute(
                "CREATE TABLE " + name + " (a int NOT NULL, b text NOT NULL)",
                "INSERT INTO " + name + " SELECT g, md5(g::text) FROM generate_series(1, " + rows + ") g",
                "ANALYZE " + name);
        String topic = name + ".public." + name;
        String bootstrap = TestEnvironment.connect().connect().kafka().bootstrapServers();
        Path dir = Files.createTempDirectory(name);
        try (ChildWorker worker = new ChildWorker(bootstrap, dir, Map.of());
                CommittedCounter delivered = new CommittedCounter(bootstrap, topic)) {
            worker.start();
            Map<String, String> c = pg.connectorConfig(name, name + "_slot", name + "_pub");
            c.putAll(ConnectTestCluster.exactlyOnceDefaults());
            c.put("table.include.list", "public\\." + name);
            c.put("key.converter.schemas.enable", "false");
            c.put("value.converter.schemas.enable", "false");
            worker.putConnector(name, c);
            delivered.awaitAtLeast(rows / 3, TIMEOUT);
            worker.kill();
            worker.start();
            delivered.awaitAtLeast(rows, TIMEOUT);
            assertFalse(logMentions(dir, "OutOfMemoryError"), "the worker ran out of memory; see " + dir);
        }
        BitSet seen = new BitSet(rows + 1);
        long[] counts = readAll(bootstrap, topic, seen, rows);
        assertEquals(0, counts[1], "rows delivered twice");
        assertEquals(rows, seen.cardinality(), "distinct rows delivered");
        assertEquals(rows, counts[0], "records");
    }

    /** Reads the whole topic with read_committed; returns {records, duplicates} and marks each row id in {@code seen}. */
    static long[] readAll(String bootstrap, String topic, BitSet seen, int rows) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long records = 0;
        long duplicates = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    records++;
                    Matcher m = ROW_ID.matcher(new String(r.value(), StandardCharsets.UTF_8));
                    if (!m.find()) {
                        throw new AssertionError("no row id in a record at offset " + r.offset());
                    }
                    int id = Integer.parseInt(m.group(1));
                    if (id < 1 || id > rows) {
                        throw new AssertionError("row id out of range at offset " + r.offset());
                    }
                    if (seen.get(id)) {
                        duplicates++;
                    }
                    seen.set(id);
                }
            }
        }
        return new long[] {records, duplicates};
    }

    static boolean logMentions(Path dir, String text) throws Exception {
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log :
                    (Iterable<Path>) logs.filter(f -> f.getFileName().toString().endsWith(".log"))::iterator) {
                try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                    if (lines.anyMatch(l -> l.contains(text))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
