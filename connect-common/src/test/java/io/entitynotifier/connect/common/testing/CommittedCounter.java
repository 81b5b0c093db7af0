package io.entitynotifier.connect.common.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.test.TestUtils;

/** Counts committed records of a topic as they arrive, for tests that act when delivery has reached a point. */
public final class CommittedCounter implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private long count;

    public CommittedCounter(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    /** Records committed so far. */
    public long count() {
        if (consumer.assignment().isEmpty()) {
            List<PartitionInfo> infos =
                    consumer.listTopics(Duration.ofSeconds(5)).get(topic);
            if (infos == null) {
                return 0;
            }
            List<TopicPartition> parts = new ArrayList<>();
            infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
        }
        count += consumer.poll(Duration.ofMillis(200)).count();
        return count;
    }

    public void awaitAtLeast(long n, Duration timeout) throws InterruptedException {
        TestUtils.waitForCondition(
                () -> count() >= n,
                timeout.toMillis(),
                () -> "only " + count + " committed records on " + topic + ", waited for " + n);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
