package io.entitynotifier.connect.common.txn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Hands records from a reader thread (a binlog client, a log-mining loop) to the task's poll thread. Bounded, so a
 * reader that outpaces Kafka blocks instead of filling the heap; a reader failure is re-thrown on the poll thread.
 */
public final class ChangeQueue {

    private final BlockingQueue<PendingRecord> queue;
    private volatile Throwable failure;

    public ChangeQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Called by the reader; blocks while the queue is full. */
    public void put(PendingRecord record) throws InterruptedException {
        queue.put(record);
    }

    /** Called by the reader when it cannot go on; the next {@link #drain} throws it. */
    public void fail(Throwable t) {
        failure = t;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    public int size() {
        return queue.size();
    }

    public int remainingCapacity() {
        return queue.remainingCapacity();
    }

    /**
     * Waits up to {@code waitMillis} for the first record, then takes whatever else is there, up to {@code max}.
     */
    public List<PendingRecord> drain(int max, long waitMillis) throws InterruptedException {
        throwIfFailed();
        List<PendingRecord> out = new ArrayList<>(Math.min(max, Math.max(queue.size(), 16)));
        PendingRecord first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first != null) {
            out.add(first);
            queue.drainTo(out, max - 1);
        } else {
            throwIfFailed();
        }
        return out;
    }

    private void throwIfFailed() {
        Throwable t = failure;
        if (t != null && queue.isEmpty()) {
            if (t instanceof ConnectException ce) {
                throw ce;
            }
            throw new ConnectException(t.getMessage(), t);
        }
    }
}
