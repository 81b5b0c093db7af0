package io.entitynotifier.connect.common.txn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Hands records from a reader thread (a binlog client, a replication stream) to the task's poll thread. Bounded, so a
 * reader that outpaces Kafka blocks instead of filling the heap; a reader failure is re-thrown on the poll thread.
 * <p>
 * The reader wakes the poll thread only when that thread is waiting and has something worth taking: the first record
 * while it waits for one, a full batch while it lingers. Waking it on every record (as a plain blocking queue does)
 * cost a tenth of the reader's time on one-row transactions, and handing over one record per poll cost one Kafka
 * transaction per record when changes trickle in.
 */
public final class ChangeQueue {

    private static final int NOBODY_WAITING = Integer.MAX_VALUE;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Condition space = lock.newCondition();
    private final ArrayDeque<PendingRecord> records;
    private final int capacity;
    private final long maxBytes;
    private long bytes;
    /** Queue size at which a put wakes the poll thread; {@link #NOBODY_WAITING} while it is not waiting. */
    private int wakeAt = NOBODY_WAITING;

    private boolean readerBlocked;
    private volatile Throwable failure;

    public ChangeQueue(int capacity) {
        this(capacity, 0);
    }

    /** @param maxBytes bound on the estimated bytes queued ({@code tenant.max.buffered.bytes}); 0 for none */
    public ChangeQueue(int capacity, long maxBytes) {
        this.records = new ArrayDeque<>(Math.min(capacity, 1 << 16));
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** Called by the reader; blocks while the queue is full (by count, or by bytes when bounded). */
    public void put(PendingRecord record) throws InterruptedException {
        record = record.measured(); // here, on the reader thread, rather than on the poll thread that checks sizes
        long size = maxBytes > 0 ? record.bytes() : 0;
        lock.lockInterruptibly();
        try {
            while (full(size)) {
                readerBlocked = true;
                ready.signal(); // a lingering poll thread should take what is there rather than wait out its linger
                try {
                    space.await();
                } finally {
                    readerBlocked = false;
                }
            }
            records.addLast(record);
            bytes += size;
            if (records.size() >= wakeAt) {
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean full(long size) {
        return records.size() >= capacity || (maxBytes > 0 && bytes > 0 && bytes + size > maxBytes);
    }

    public int capacity() {
        return capacity;
    }

    /** Estimated bytes queued (0 unless a byte bound is set). */
    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Called by the reader when it cannot go on; the next {@link #drain} throws it once the queue is empty. */
    public void fail(Throwable t) {
        failure = t;
        lock.lock();
        try {
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public int size() {
        lock.lock();
        try {
            return records.size();
        } finally {
            lock.unlock();
        }
    }

    public int remainingCapacity() {
        return capacity - size();
    }

    /** {@link #drain(int, long, long)} without lingering: returns as soon as there is one record. */
    public List<PendingRecord> drain(int max, long waitMillis) throws InterruptedException {
        return drain(max, waitMillis, 0);
    }

    /**
     * Waits up to {@code waitMillis} for the first record; then, unless {@code max} records are already there, waits
     * up to {@code lingerMillis} more for further records (like a producer's {@code linger.ms}); then takes up to
     * {@code max}. The linger ends early when the reader is blocked on a full queue.
     */
    public List<PendingRecord> drain(int max, long waitMillis, long lingerMillis) throws InterruptedException {
        throwIfFailed();
        int batch = Math.min(max, capacity);
        List<PendingRecord> out;
        lock.lockInterruptibly();
        try {
            if (records.isEmpty()) {
                await(1, TimeUnit.MILLISECONDS.toNanos(waitMillis));
            }
            if (!records.isEmpty() && lingerMillis > 0 && records.size() < batch) {
                await(batch, TimeUnit.MILLISECONDS.toNanos(lingerMillis));
            }
            int n = Math.min(max, records.size());
            out = new ArrayList<>(n);
            long freed = 0;
            for (int i = 0; i < n; i++) {
                PendingRecord r = records.removeFirst();
                out.add(r);
                if (maxBytes > 0) {
                    freed += r.bytes();
                }
            }
            bytes -= freed;
            if (n > 0) {
                space.signal(); // one reader thread per queue
            }
        } finally {
            lock.unlock();
        }
        if (out.isEmpty()) {
            throwIfFailed();
        }
        return out;
    }

    /** Waits, holding the lock, until {@code size} records are queued, the reader fails, or the time is up. */
    private void await(int size, long nanos) throws InterruptedException {
        wakeAt = size;
        try {
            while (records.size() < size && !readerBlocked && failure == null && nanos > 0) {
                nanos = ready.awaitNanos(nanos);
            }
        } finally {
            wakeAt = NOBODY_WAITING;
        }
    }

    private void throwIfFailed() {
        Throwable t = failure;
        if (t != null && isEmpty()) {
            if (t instanceof ConnectException ce) {
                throw ce;
            }
            throw new ConnectException(t.getMessage(), t);
        }
    }
}
