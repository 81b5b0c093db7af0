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
 * repeats, first and last broker append time (LogAppendTime), and the append time of every id (for latencies). For
 * the {@link MixedWorkload} it counts distinct (id, kind) records instead: create, update, delete, tombstone.
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
    /**
     * Gaps in the offsets of the records read (read_committed): each commit marker of a Kafka transaction takes an
     * offset, so with exactly-once this counts the Kafka transactions, less one. 0 without transactions.
     */
    long offsetGaps;
    private long lastOffset = -1;
    /** Records to see before {@link #complete()}: n, or the mixed workload's expected records. */
    final long expected;
    private final MixedWorkload mix;
    private final KafkaConsumer<byte[], byte[]> consumer;

    TopicCounter(String bootstrap, String topic, long base, int n) {
        this(bootstrap, topic, base, n, null);
    }

    /** @param mix null for the insert-only workloads; else n is {@link MixedWorkload#ids()} */
    TopicCounter(String bootstrap, String topic, long base, int n, MixedWorkload mix) {
        this.base = base;
        this.n = n;
        this.mix = mix;
        this.expected = mix == null ? n : mix.expectedRecords();
        this.seen = new BitSet(mix == null ? n + 1 : (n + 1) * MixedWorkload.KINDS);
        this.appendTs = new long[mix == null ? n + 1 : 1];
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
            if (lastOffset >= 0 && r.offset() > lastOffset + 1) {
                offsetGaps++;
            }
            lastOffset = r.offset();
            long id = idOf(r.key());
            long i = id - base;
            if (id == Long.MIN_VALUE || i < 1 || i > n) {
                other++;
                continue;
            }
            int at = (int) i;
            if (mix != null) {
                int kind = kindOf(r.value());
                if (kind < 0 || !mix.expects(at, kind)) {
                    other++;
                    continue;
                }
                at = at * MixedWorkload.KINDS + kind;
            }
            if (seen.get(at)) {
                repeats++;
                continue;
            }
            seen.set(at);
            distinct++;
            if (mix == null) {
                appendTs[at] = r.timestamp();
            }
            firstTs = Math.min(firstTs, r.timestamp());
            lastTs = Math.max(lastTs, r.timestamp());
        }
        if (!wasComplete && complete()) {
            onComplete.accept(System.currentTimeMillis());
        }
        return complete();
    }

    boolean complete() {
        return distinct >= expected;
    }

    private static final byte[] OP = "\"op\":\"".getBytes(StandardCharsets.UTF_8);

    /** The record kind from the JSON value: the last {@code "op":"x"} (the payload's), or a tombstone; -1 if none. */
    static int kindOf(byte[] value) {
        if (value == null) {
            return MixedWorkload.TOMBSTONE;
        }
        outer:
        for (int i = value.length - OP.length - 1; i >= 0; i--) {
            for (int j = 0; j < OP.length; j++) {
                if (value[i + j] != OP[j]) {
                    continue outer;
                }
            }
            return switch (value[i + OP.length]) {
                case 'c' -> MixedWorkload.CREATE;
                case 'u' -> MixedWorkload.UPDATE;
                case 'd' -> MixedWorkload.DELETE;
                default -> -1;
            };
        }
        return -1;
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
