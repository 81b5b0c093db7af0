package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * 50,000 row changes in MySQL transactions of mixed sizes while the Connect worker is restarted twice mid-stream:
 * every change arrives exactly once, in commit order, and the committed end of the topic (sampled all along) never
 * falls inside a MySQL transaction, except inside one larger than transaction.group.max.records, which is split.
 */
class ExactlyOnceRestartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int TOTAL = 50_000;
    private static final int GROUP_MAX = 1_000;

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void everyChangeOnceInCommitOrderAcrossWorkerRestarts(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "eos_" + flavor.name().toLowerCase();
        s.execute(
                null,
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".ev (id INT PRIMARY KEY, txn INT NOT NULL, seq INT NOT NULL, v INT)",
                "INSERT INTO " + db + ".ev VALUES (0, -1, 0, 0)"); // read by the snapshot; never changed later
        String prefix = "eos" + flavor.ordinal();
        String topic = prefix + "." + db + ".ev";
        Map<String, String> config = SharedFixtures.connector(s, prefix, db);
        config.put("transaction.group.max.records", Integer.toString(GROUP_MAX));
        config.put("max.batch.size", "500");
        cluster.deploy(prefix, config);
        cluster.consumeCommitted(1, TIMEOUT, topic); // the snapshot is over before the writer starts

        // Plan the transactions: (txn, size); two exceed the Kafka transaction bound and must be split.
        Random random = new Random(42);
        int[] sizes = {1, 1, 2, 3, 10, 50, 200, 600};
        List<Integer> plan = new ArrayList<>();
        int planned = 0;
        while (planned < TOTAL) {
            int size = (plan.size() == 20 || plan.size() == 150) ? 3_000 : sizes[random.nextInt(sizes.length)];
            size = Math.min(size, TOTAL - planned);
            plan.add(size);
            planned += size;
        }
        AtomicInteger written = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(
                () -> {
                    try (Connection c = s.admin(db);
                            Statement st = c.createStatement()) {
                        c.setAutoCommit(false);
                        int nextId = 1;
                        Random r = new Random(7);
                        for (int t = 0; t < plan.size(); t++) {
                            int size = plan.get(t);
                            int seq = 1;
                            while (seq <= size) {
                                if (nextId > 10 && r.nextInt(5) == 0) {
                                    st.execute("UPDATE ev SET txn = " + t + ", seq = " + seq + ", v = v + 1 WHERE id = "
                                            + (1 + r.nextInt(nextId - 1)));
                                    seq++;
                                } else {
                                    int n = Math.min(1 + r.nextInt(40), size - seq + 1);
                                    StringBuilder sql = new StringBuilder("INSERT INTO ev VALUES ");
                                    for (int k = 0; k < n; k++) {
                                        sql.append(k == 0 ? "" : ", ")
                                                .append('(')
                                                .append(nextId++)
                                                .append(", ")
                                                .append(t)
                                                .append(", ")
                                                .append(seq++)
                                                .append(", 0)");
                                    }
                                    st.execute(sql.toString());
                                }
                            }
                            c.commit();
                            written.addAndGet(size);
                        }
                    } catch (Throwable e) {
                        writerFailure.set(e);
                    }
                },
                "eos-writer");

        // Sample the last stable offset all along: a read_committed consumer sees exactly the records below it.
        TopicPartition tp = new TopicPartition(topic, 0);
        List<Long> stableOffsets = new CopyOnWriteArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(
                () -> {
                    try (Admin admin = cluster.connect().kafka().createAdminClient()) {
                        while (sampling.get()) {
                            try {
                                long lso = admin.listOffsets(
                                                Map.of(tp, OffsetSpec.latest()),
                                                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                                        .partitionResult(tp)
                                        .get()
                                        .offset();
                                stableOffsets.add(lso);
                            } catch (Exception e) {
                                // topic not there yet, or the broker is busy: sample again
                            }
                            synchronized (stableOffsets) {
                                stableOffsets.wait(50);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "lso-sampler");
        sampler.start();
        writer.start();

        cluster.consumeCommitted(TOTAL / 5, TIMEOUT, topic);
        cluster.restartWorker();
        cluster.awaitRunning(prefix);
        cluster.consumeCommitted(TOTAL / 2, TIMEOUT, topic);
        cluster.restartWorker();
        cluster.awaitRunning(prefix);
        writer.join(TIMEOUT.toMillis());
        assertFalse(writer.isAlive(), "writer finished");
        assertEquals(null, writerFailure.get());
        assertEquals(TOTAL, written.get());

        List<Event> all = ChangeEvents.parse(cluster.consumeCommitted(TOTAL + 1, TIMEOUT, topic));
        sampling.set(false);
        sampler.join();
        assertEquals(TOTAL + 1, all.size(), "each change exactly once");
        assertEquals("r", all.get(0).op());
        List<Event> events = all.subList(1, all.size());
        Map<Long, int[]> byOffset = new HashMap<>();
        int i = 0;
        for (int t = 0; t < plan.size(); t++) {
            for (int seq = 1; seq <= plan.get(t); seq++) {
                Event e = events.get(i++);
                assertEquals(t, e.after().get("txn").asInt(), "commit order at change " + i);
                assertEquals(seq, e.after().get("seq").asInt(), "order inside transaction " + t);
                byOffset.put(e.record().offset(), new int[] {t, seq});
            }
        }
        // Every sampled committed end must fall on a transaction boundary (or inside a split large transaction).
        List<Long> dataOffsets =
                events.stream().map(e -> e.record().offset()).sorted().toList();
        int checked = 0;
        for (long lso : stableOffsets) {
            long lastBelow = -1;
            for (long o : dataOffsets) {
                if (o < lso) {
                    lastBelow = o;
                } else {
                    break;
                }
            }
            if (lastBelow < 0) {
                continue;
            }
            int[] ts = byOffset.get(lastBelow);
            int size = plan.get(ts[0]);
            assertTrue(
                    ts[1] == size || size > GROUP_MAX,
                    "committed end at change " + ts[1] + " of " + size + " in MySQL transaction " + ts[0]);
            checked++;
        }
        assertTrue(checked > 10, "sampled the committed end " + checked + " times");
        cluster.connect().deleteConnector(prefix);
        TestUtils.waitForCondition(() -> !cluster.connect().connectors().contains(prefix), 60_000, "connector deleted");
    }
}
