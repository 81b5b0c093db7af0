package io.entitynotifier.connect.common.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

/** The hand-over between a reader thread and the poll thread: lingering, its early ends, failures. */
class ChangeQueueTest {

    private static final long A_MINUTE = 60_000;
    private static final Duration BOUND = Duration.ofSeconds(20);

    static PendingRecord record(int i) {
        return PendingRecord.last(new SourceRecord(Map.of(), Map.of("i", i), "t", Schema.INT32_SCHEMA, i));
    }

    static Thread reader(ChangeQueue q, int from, int count) {
        Thread t = new Thread(() -> {
            try {
                for (int i = from; i < from + count; i++) {
                    q.put(record(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    static List<Object> values(List<PendingRecord> records) {
        return records.stream().map(r -> r.record().value()).toList();
    }

    @Test
    void withoutLingerAPollTakesWhatIsThereAndReturns() throws Exception {
        ChangeQueue q = new ChangeQueue(100);
        q.put(record(1));
        List<PendingRecord> got = assertTimeoutPreemptively(BOUND, () -> q.drain(10, A_MINUTE, 0));
        assertEquals(List.of(1), values(got));
    }

    @Test
    void recordsAreMeasuredOnTheReaderThreadWhenQueued() throws Exception {
        ChangeQueue q = new ChangeQueue(100);
        PendingRecord r = record(1);
        assertEquals(PendingRecord.UNKNOWN, r.bytes());
        q.put(r);
        PendingRecord out = q.drain(10, A_MINUTE, 0).get(0);
        assertEquals(RecordSizeEstimator.estimate(r.record()), out.bytes(), "measured by put");
        assertTrue(out.record() == r.record(), "the same SourceRecord is handed on");
        assertEquals(out.bytes(), out.estimatedBytes());
    }

    @Test
    void aLingeringPollCollectsWhatArrivesDuringTheLinger() throws Exception {
        ChangeQueue q = new ChangeQueue(100);
        q.put(record(1));
        Polling poll = new Polling(() -> q.drain(4, A_MINUTE, A_MINUTE));
        poll.awaitWaiting(); // holds record 1 and lingers (without a linger it would have returned [1])
        for (int i = 2; i <= 4; i++) {
            q.put(record(i));
        }
        assertEquals(List.of(1, 2, 3, 4), values(poll.result()), "records put during the linger came in the same poll");
    }

    @Test
    void aFullBatchEndsTheLingerEarly() throws Exception {
        ChangeQueue q = new ChangeQueue(100);
        reader(q, 0, 5);
        // Linger of a minute: the call returns within the bound only because 5 = max records arrived.
        List<PendingRecord> got = assertTimeoutPreemptively(BOUND, () -> q.drain(5, A_MINUTE, A_MINUTE));
        assertEquals(List.of(0, 1, 2, 3, 4), values(got));
    }

    @Test
    void aReaderBlockedOnAFullQueueEndsTheLingerEarly() throws Exception {
        ChangeQueue q = new ChangeQueue(3);
        Thread reader = reader(q, 0, 5);
        TestUtils.waitForCondition(
                () -> reader.getState() == Thread.State.WAITING && q.size() == 3,
                10_000,
                "reader did not block on the full queue");
        // max 10 > capacity 3: lingering for a full batch would wait the whole minute.
        List<PendingRecord> got = assertTimeoutPreemptively(BOUND, () -> q.drain(10, A_MINUTE, A_MINUTE));
        assertEquals(List.of(0, 1, 2), values(got));
        List<PendingRecord> rest = assertTimeoutPreemptively(BOUND, () -> q.drain(10, A_MINUTE, 0));
        assertTrue(!rest.isEmpty() && (int) rest.get(0).record().value() == 3, "the reader went on: " + values(rest));
    }

    @Test
    void aReaderFailureWakesAWaitingPollAfterTheQueuedRecords() throws Exception {
        ChangeQueue q = new ChangeQueue(100);
        q.put(record(7));
        q.fail(new IllegalStateException("binlog connection lost"));
        assertEquals(List.of(7), values(q.drain(10, A_MINUTE, 0)), "records read before the failure come first");

        ChangeQueue waiting = new ChangeQueue(100);
        Polling poll = new Polling(() -> waiting.drain(10, A_MINUTE, A_MINUTE));
        poll.awaitWaiting();
        waiting.fail(new IllegalStateException("replication stream closed"));
        ExecutionException e = assertThrows(ExecutionException.class, poll::result);
        assertTrue(
                e.getCause() instanceof ConnectException
                        && e.getCause().getMessage().contains("replication stream closed"),
                String.valueOf(e.getCause()));
    }

    /** A drain on its own thread, so the test can act while it waits. */
    static final class Polling {
        private final FutureTask<List<PendingRecord>> task;
        private final Thread thread;

        Polling(Callable<List<PendingRecord>> drain) {
            task = new FutureTask<>(drain);
            thread = new Thread(task, "poll");
            thread.setDaemon(true);
            thread.start();
        }

        void awaitWaiting() throws InterruptedException {
            TestUtils.waitForCondition(
                    () -> thread.getState() == Thread.State.TIMED_WAITING || task.isDone(),
                    10_000,
                    "the poll did not start waiting");
        }

        List<PendingRecord> result() throws Exception {
            return task.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
