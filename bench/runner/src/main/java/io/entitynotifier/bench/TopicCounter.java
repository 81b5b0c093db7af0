package io.entitynotifier.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Properties;
import java.util.function.LongConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one topic read_committed from the start and counts the change events for ids base+1..base+n: distinct ids,
 * repeats, first and last broker append time (LogAppendTime), and the append time of every id (for latencies).
 */
final class TopicCounter implements AutoCloseable {

    final long base;
    final int n;
    final BitSet seen;
    final long[] appendTs;
    long distinct;
    long repeats;
    long other;
    long firstTs = Long.MAX_VALUE;
    long lastTs;
    private final KafkaConsumer<byte[], byte[]> consumer;

    TopicCounter(String bootstrap, String topic, long base, int n) {
        this.base = base;
        this.n = n;
        this.seen = new BitSet(n + 1);
        this.appendTs = new long[n + 1];
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 << 20));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
    }

    /** Polls once; calls {@code onComplete} with the wall time when the last missing id arrives. */
    boolean pollOnce(LongConsumer onComplete) {
        boolean wasComplete = complete();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            long id = idOf(r.key());
            long i = id - base;
            if (id == Long.MIN_VALUE || i < 1 || i > n) {
                other++;
                continue;
            }
            if (seen.get((int) i)) {
                repeats++;
                continue;
            }
            seen.set((int) i);
            distinct++;
            appendTs[(int) i] = r.timestamp();
            firstTs = Math.min(firstTs, r.timestamp());
            lastTs = Math.max(lastTs, r.timestamp());
        }
        if (!wasComplete && complete()) {
            onComplete.accept(System.currentTimeMillis());
        }
        return complete();
    }

    boolean complete() {
        return distinct >= n;
    }

    /** The last {@code "id":<digits>} in the JSON key. */
    static long idOf(byte[] key) {
        if (key == null) {
            return Long.MIN_VALUE;
        }
        String s = new String(key, StandardCharsets.UTF_8);
        int at = s.lastIndexOf("\"id\":");
        if (at < 0) {
            return Long.MIN_VALUE;
        }
        int i = at + 5;
        int j = i;
        while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '-')) {
            j++;
        }
        return j > i ? Long.parseLong(s.substring(i, j)) : Long.MIN_VALUE;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
