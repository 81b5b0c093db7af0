package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * A steady stream of interleaved Oracle transactions (some rolled back, some large enough to be split over Kafka
 * transactions, log switches in between) while the connector and the worker are restarted: a read_committed consumer
 * must see every committed change exactly once, in commit order, and nothing of rolled-back transactions.
 */
class OracleExactlyOnceIT {

    static final Duration TIMEOUT = ConnectTestCluster.DEFAULT_TIMEOUT;

    @Test
    void restartsUnderLoadLoseAndRepeatNothing() throws Exception {
        try (ConnectTestCluster cluster = ConnectTestCluster.start();
                H2Oracle db = new H2Oracle("eos1")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK, TXN NUMBER(10), N NUMBER(5)");
            RedoWriter redo = new RedoWriter(db);
            Map<String, String> config = OracleStreamingIT.config(db, "eos");
            config.put("transaction.group.max.records", "7");
            cluster.deploy("ora-eos", config);

            long seed = System.nanoTime();
            Random random = new Random(seed);
            List<Long> expected = new ArrayList<>(); // row ids in commit order
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    write(redo, random, expected);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // restarts while the writer runs: connector and task, then the whole worker, then the task again
            waitForSome(cluster, 50);
            cluster.restartConnectorAndTasks("ora-eos");
            cluster.awaitRunning("ora-eos");
            waitForSome(cluster, 200);
            cluster.restartWorker();
            cluster.awaitRunning("ora-eos");
            waitForSome(cluster, 400);
            cluster.restartConnectorAndTasks("ora-eos");
            cluster.awaitRunning("ora-eos");
            writer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(expected.size(), TIMEOUT, "eos.APP.T"));
            List<Long> ids =
                    events.stream().map(e -> e.after().get("ID").asLong()).toList();
            assertEquals(expected.size(), ids.size(), "seed " + seed + ": lost or repeated changes");
            assertEquals(expected, ids, "seed " + seed + ": not in commit order");
            assertTrue(events.stream().allMatch(e -> e.after().get("N").asInt() >= 0), "rolled back change delivered");
        }
    }

    /** ~600 transactions of 1..12 changes, up to 4 open at once, 10% rolled back (their rows have N = -1). */
    private static void write(RedoWriter redo, Random random, List<Long> committed) throws Exception {
        long id = 0;
        List<RedoWriter.Txn> open = new ArrayList<>();
        Map<RedoWriter.Txn, List<Long>> rows = new HashMap<>();
        Map<RedoWriter.Txn, Boolean> doomed = new HashMap<>();
        for (int t = 0; t < 600; t++) {
            RedoWriter.Txn txn = redo.begin();
            open.add(txn);
            rows.put(txn, new ArrayList<>());
            doomed.put(txn, random.nextInt(10) == 0);
            while (open.size() > random.nextInt(4)) {
                RedoWriter.Txn pick = open.get(random.nextInt(open.size()));
                int changes = 1 + random.nextInt(random.nextInt(10) == 0 ? 12 : 3);
                for (int c = 0; c < changes; c++) {
                    id++;
                    int n = doomed.get(pick) ? -1 : c;
                    pick.insert("APP", "T", "\"ID\",\"TXN\",\"N\"", "'" + id + "','" + t + "','" + n + "'");
                    rows.get(pick).add(id);
                }
                if (random.nextBoolean()) {
                    open.remove(pick);
                    if (doomed.get(pick)) {
                        pick.rollback();
                    } else {
                        pick.commit();
                        committed.addAll(rows.get(pick));
                    }
                }
            }
            if (t % 50 == 49) {
                redo.switchLog();
            }
            Thread.sleep(5); // pacing, so that the restarts fall in the middle of the stream
        }
        for (RedoWriter.Txn pick : open) {
            if (doomed.get(pick)) {
                pick.rollback();
            } else {
                pick.commit();
                committed.addAll(rows.get(pick));
            }
        }
        redo.switchLog();
    }

    private static void waitForSome(ConnectTestCluster cluster, int records) {
        cluster.consumeCommitted(records, TIMEOUT, "eos.APP.T");
    }
}
