package io.entitynotifier.connect.common.throttle;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a throttle group that spans the whole Connect cluster. Members meet through a compacted Kafka topic:
 * each publishes, about every {@value #PUBLISH_MS} ms and whenever it turns busy or idle, a record keyed
 * {@code <group>/<member>} holding {@link MemberState} ({@code weight}, {@code busy}, {@code ts}, {@code worker}), and
 * reads everyone else's. Its share is {@code budget x weight / total weight of busy members}; a member not heard
 * from for {@value #STALE_MS} ms no longer counts. All Kafka traffic runs on the member's own daemon thread;
 * {@link #share} only reads what that thread last saw.
 *
 * <p>Until the member has read the topic up to where it joined and seen its own record come back (and whenever that
 * round trip is older than {@value #STALE_MS} ms, e.g. while Kafka is unreachable), it takes at most
 * {@value #UNSYNCED_FRACTION_PERCENT}% of the group budget, so members that cannot see each other do not add up to
 * many times the budget.
 */
public final class ClusterGroupMember implements GroupMember {

    static final long PUBLISH_MS = 500;
    static final long STALE_MS = 5_000;
    static final int UNSYNCED_FRACTION_PERCENT = 10;
    /** How far back a joining member reads (by record timestamp): a margin for clock skew between workers. */
    static final long JOIN_LOOKBACK_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterGroupMember.class);

    private final String group;
    private final String member;
    private final int weight;
    private final String topic;
    private final Map<String, Object> client;
    private final LongSupplier clock;
    private final String instance = UUID.randomUUID().toString();
    private final String worker = ManagementFactory.getRuntimeMXBean().getName();
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile long lastAsked = Long.MIN_VALUE / 2;
    private volatile long lastEcho = Long.MIN_VALUE / 2;
    private volatile boolean caughtUp;
    private volatile boolean waiting;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;

    /** Another member as last heard: its weight and busy flag, and when this member received that. */
    record Peer(int weight, boolean busy, long receivedAt) {}

    private ClusterGroupMember(
            String group, String member, int weight, String topic, Map<String, Object> client, LongSupplier clock) {
        this.group = group;
        this.member = member;
        this.weight = weight;
        this.topic = topic;
        this.client = Map.copyOf(client);
        this.clock = clock;
        this.thread = new Thread(this::run, "throttle-group-" + group + "-" + member);
        thread.setDaemon(true);
    }

    static ClusterGroupMember start(
            String group, String member, int weight, String topic, Map<String, Object> client, LongSupplier clock) {
        ClusterGroupMember m = new ClusterGroupMember(group, member, weight, topic, client, clock);
        m.thread.start();
        return m;
    }

    /** A member whose view is fed by hand (tests): no thread, no Kafka client. */
    static ClusterGroupMember unstarted(String group, String member, int weight, LongSupplier clock) {
        return new ClusterGroupMember(group, member, weight, "unused", Map.of(), clock);
    }

    /** As if the member had caught up and just read its own record back (tests). */
    void markSynced(long now) {
        caughtUp = true;
        lastEcho = now;
    }

    @Override
    public double share(double groupRate) {
        long now = clock.getAsLong();
        lastAsked = now;
        double s = groupRate * weight / totalBusyWeight(now);
        return synced(now) ? s : Math.min(s, groupRate * UNSYNCED_FRACTION_PERCENT / 100.0);
    }

    /** This member's weight plus those of the busy members heard from recently. */
    long totalBusyWeight(long now) {
        long total = weight;
        for (Peer p : peers.values()) {
            if (p.busy && now - p.receivedAt <= STALE_MS) {
                total += p.weight;
            }
        }
        return total;
    }

    boolean synced(long now) {
        return caughtUp && now - lastEcho <= STALE_MS;
    }

    @Override
    public void waiting(boolean waiting) {
        this.waiting = waiting;
    }

    /** Busy: it has read events waiting for budget, or asked for its share within the last second. */
    boolean busy(long now) {
        return waiting || now - lastAsked <= ThrottleGroup.BUSY_WINDOW_MS;
    }

    private void run() {
        long backoff = 500;
        while (running) {
            try {
                coordinate();
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn(
                            "throttle group {}: coordination through topic {} failed ({}); retrying in {} ms",
                            group,
                            topic,
                            e.toString(),
                            backoff);
                    caughtUp = false;
                    pause(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        }
    }

    private void coordinate() {
        CoordinationTopic.ensure(topic, client);
        try (KafkaProducer<String, String> producer =
                        new KafkaProducer<>(producerProps(), new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> c =
                        new KafkaConsumer<>(consumerProps(), new StringDeserializer(), new StringDeserializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(10))) {
                parts.add(new TopicPartition(topic, p.partition()));
            }
            c.assign(parts);
            Map<TopicPartition, Long> since = new HashMap<>();
            parts.forEach(tp -> since.put(tp, clock.getAsLong() - JOIN_LOOKBACK_MS));
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            for (Map.Entry<TopicPartition, OffsetAndTimestamp> e :
                    c.offsetsForTimes(since).entrySet()) {
                c.seek(
                        e.getKey(),
                        e.getValue() == null
                                ? end.get(e.getKey())
                                : e.getValue().offset());
            }
            String key = MemberState.key(group, member);
            try {
                publishAndRead(producer, c, parts, end, key);
            } catch (WakeupException e) {
                // closing
            }
            producer.send(new ProducerRecord<>(topic, key, null)); // leaving: the compacted topic forgets us
            producer.flush();
        } finally {
            consumer = null;
        }
    }

    private void publishAndRead(
            KafkaProducer<String, String> producer,
            KafkaConsumer<String, String> c,
            List<TopicPartition> parts,
            Map<TopicPartition, Long> end,
            String key) {
        boolean lastBusy = false;
        long nextPublish = 0;
        while (running) {
            long now = clock.getAsLong();
            boolean busy = busy(now);
            if (now >= nextPublish || busy != lastBusy) {
                producer.send(new ProducerRecord<>(
                        topic, key, new MemberState(weight, busy, now, worker, instance).toJson()));
                lastBusy = busy;
                nextPublish = now + PUBLISH_MS;
            }
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                receive(r.key(), r.value(), clock.getAsLong());
            }
            if (!caughtUp && parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
                caughtUp = true;
            }
        }
    }

    /** Applies one record of the topic to the view of the group. */
    void receive(String key, String value, long now) {
        String[] gm = MemberState.parseKey(key);
        if (gm == null || !gm[0].equals(group)) {
            return;
        }
        if (value == null) {
            peers.keySet().removeIf(k -> k.startsWith(gm[1] + "|"));
            return;
        }
        MemberState s = MemberState.parse(value);
        if (s == null) {
            return;
        }
        if (s.instance().equals(instance)) {
            lastEcho = now;
            return;
        }
        String id = gm[1] + "|" + s.instance();
        if (now - s.ts() > STALE_MS + JOIN_LOOKBACK_MS) {
            peers.remove(id);
        } else {
            peers.put(id, new Peer(s.weight(), s.busy(), now));
        }
    }

    private Map<String, Object> producerProps() {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "entitynotifier-throttle-" + member);
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "1");
        p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        return p;
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "entitynotifier-throttle-" + member + "-reader");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return p;
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Members heard from recently (busy or idle), for tests and diagnostics. */
    int knownPeers() {
        long now = clock.getAsLong();
        return (int) peers.values().stream()
                .filter(p -> now - p.receivedAt <= STALE_MS)
                .count();
    }

    /** Stops the coordination thread; it publishes a tombstone for this member on its way out. */
    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
