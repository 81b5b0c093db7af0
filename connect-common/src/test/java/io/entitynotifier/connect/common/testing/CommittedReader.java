package io.entitynotifier.connect.common.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads topics the way a downstream consumer does: from the beginning, {@code isolation.level=read_committed}. */
public final class CommittedReader {

    private CommittedReader() {}

    /**
     * Reads {@code topics} from the beginning with {@code isolation.level=read_committed} until at least
     * {@code expected} records arrived, then on until every partition's position has reached the end offset (the
     * last stable offset) it had at that moment, so records beyond the expected count (duplicates) are returned too
     * even while the topic keeps growing.
     */
    public static List<ConsumerRecord<byte[], byte[]>> read(
            String bootstrapServers, int expected, Duration timeout, String... topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> assigned = new ArrayList<>();
            while (System.currentTimeMillis() < deadline) {
                assigned = partitions(consumer, topics);
                if (assigned.size() >= topics.length) {
                    break;
                }
                poll(consumer, 100, out); // topic not created yet
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> target = null;
            while (System.currentTimeMillis() < deadline) {
                if (target == null) {
                    List<TopicPartition> now = partitions(consumer, topics);
                    if (!now.equals(assigned)) {
                        assigned = now;
                        consumer.assign(assigned);
                    }
                }
                poll(consumer, 200, out);
                if (out.size() >= expected && target == null) {
                    target = consumer.endOffsets(assigned);
                }
                if (target != null && reached(consumer, target)) {
                    return out;
                }
            }
        }
        throw new AssertionError("expected at least " + expected + " committed records on " + List.of(topics)
                + " within " + timeout + ", got " + out.size());
    }

    private static void poll(
            KafkaConsumer<byte[], byte[]> consumer, long ms, List<ConsumerRecord<byte[], byte[]>> out) {
        if (consumer.assignment().isEmpty()) {
            try {
                Thread.sleep(ms); // nothing to poll yet; the topic does not exist
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(ms))) {
            out.add(r);
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String... topics) {
        List<TopicPartition> out = new ArrayList<>();
        Map<String, List<PartitionInfo>> all = consumer.listTopics(Duration.ofSeconds(5));
        for (String t : topics) {
            List<PartitionInfo> infos = all.get(t);
            if (infos != null) {
                for (PartitionInfo pi : infos) {
                    out.add(new TopicPartition(t, pi.partition()));
                }
            }
        }
        out.sort((a, b) -> a.toString().compareTo(b.toString()));
        return out;
    }
}
