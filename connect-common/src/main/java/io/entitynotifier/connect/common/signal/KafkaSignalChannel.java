package io.entitynotifier.connect.common.signal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's Kafka signal channel: partition 0 of {@code signal.kafka.topic} (default {@code <topic.prefix>-signal}),
 * messages keyed by {@code topic.prefix} whose value is {@code {"id": "...", "type": "...", "data": {...}}}. The
 * offset of the last message processed is kept in the incremental snapshot state, which every record's source offset
 * carries, so a restart continues after the last signal whose effect Kafka committed; before any signal was
 * processed the consumer starts where its group ({@code kafka-signal}, as Debezium's) left off, else at the earliest.
 */
public final class KafkaSignalChannel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSignalChannel.class);

    private final KafkaConsumer<String, String> consumer;
    private final TopicPartition partition;
    private final String key;

    public KafkaSignalChannel(String bootstrapServers, String topic, String topicPrefix, Long lastOffset) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "entitynotifier-signal-" + UUID.randomUUID());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-signal");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumer = new KafkaConsumer<>(p);
        this.partition = new TopicPartition(topic, 0);
        this.key = topicPrefix;
        consumer.assign(List.of(partition));
        if (lastOffset != null) {
            consumer.seek(partition, lastOffset + 1);
        }
        log.info("Reading signals from partition 0 of topic {}, after offset {}", topic, lastOffset);
    }

    /** Processes the signals that arrived, in order, recording each one's offset in the processor's state. */
    public void poll(SignalProcessor processor) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ZERO)) {
            String where = "Kafka signal topic " + partition.topic() + ", offset " + r.offset();
            processor.snapshot().signalOffset(r.offset());
            if (!key.equals(r.key())) {
                log.info("Ignoring a signal ({}): its key is not this connector's topic.prefix", where);
                continue;
            }
            Object value;
            try {
                value = Json.parse(r.value());
            } catch (IllegalArgumentException e) {
                log.warn("Ignoring a signal ({}): the message is not valid JSON ({})", where, e.getMessage());
                continue;
            }
            if (!(value instanceof Map<?, ?> m)) {
                log.warn("Ignoring a signal ({}): the message is not a JSON object", where);
                continue;
            }
            Object id = m.get("id");
            Object type = m.get("type");
            Object data = m.get("data");
            if (data == null) {
                data = Map.of();
            }
            processor.process(
                    id == null ? null : id.toString(), type == null ? null : type.toString(), null, data, where);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
