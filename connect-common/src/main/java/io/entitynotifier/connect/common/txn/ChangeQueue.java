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
    private final int capacity;
    private final long maxBytes;
    private final Object bytesFreed = new Object();
    private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
    private volatile Throwable failure;

    public ChangeQueue(int capacity) {
        this(capacity, 0);
    }

    /** @param maxBytes bound on the estimated bytes queued ({@code tenant.max.buffered.bytes}); 0 for none */
    public ChangeQueue(int capacity, long maxBytes) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** Called by the reader; blocks while the queue is full (by count, or by bytes when bounded). */
    public void put(PendingRecord record) throws InterruptedException {
        if (maxBytes > 0) {
            long size = RecordSizeEstimator.estimate(record.record());
            synchronized (bytesFreed) {
                while (bytes.get() > 0 && bytes.get() + size > maxBytes) {
                    bytesFreed.wait(100);
                }
            }
            bytes.addAndGet(size);
        }
        queue.put(record);
    }

    public int capacity() {
        return capacity;
    }

    /** Estimated bytes queued (0 unless a byte bound is set). */
    public long bytes() {
        return bytes.get();
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
            if (maxBytes > 0) {
                long freed = 0;
                for (PendingRecord r : out) {
                    freed += RecordSizeEstimator.estimate(r.record());
                }
                bytes.addAndGet(-freed);
                synchronized (bytesFreed) {
                    bytesFreed.notifyAll();
                }
            }
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
