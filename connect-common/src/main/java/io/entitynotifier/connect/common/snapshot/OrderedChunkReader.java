package io.entitynotifier.connect.common.snapshot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Reads snapshot chunks on several threads and hands their results back in the order they were submitted, so that
 * the records of a parallel snapshot are emitted in the same order as a single-threaded one and an offset that names
 * "the table and key reached" still describes everything before it: resumable and exactly once as before, with at most
 * {@code readAhead} chunks held in memory.
 *
 * <p>Worker {@code i} (0-based) always runs on the same thread, so a chunk can use the {@code i}-th connection of the
 * snapshot (each opened on the same consistent snapshot). The caller submits chunks in order and takes results in the
 * same order with {@link #next}; {@link #submit} never blocks: the caller keeps at most {@link #readAhead}
 * chunks pending (see {@link #full}) and takes the oldest before submitting another. A chunk that fails makes {@link #next} throw when its turn comes; the chunks
 * after it are abandoned.
 *
 * @param <T> a chunk's result (its rows, decoded)
 */
public final class OrderedChunkReader<T> implements AutoCloseable {

    /** One chunk's read. */
    @FunctionalInterface
    public interface Chunk<T> {
        /**
         * @param worker the index of the worker running it, in {@code [0, threads)}
         */
        T read(int worker) throws Exception;
    }

    private record Job<T>(Chunk<T> chunk, CompletableFuture<T> result) {}

    private static final Job<?> STOP = new Job<>(w -> null, null);

    private final LinkedBlockingQueue<Job<T>> jobs = new LinkedBlockingQueue<>();
    private final ArrayDeque<CompletableFuture<T>> pending = new ArrayDeque<>();
    private final List<Thread> workers;
    private final int readAhead;
    private volatile boolean closed;

    /**
     * @param threads   worker threads (and connections), at least 1
     * @param readAhead most chunks pending at once, at least {@code threads}
     * @param name      thread name prefix (the connector's name and task)
     */
    public OrderedChunkReader(int threads, int readAhead, String name) {
        if (threads < 1 || readAhead < threads) {
            throw new IllegalArgumentException("threads " + threads + ", read-ahead " + readAhead);
        }
        this.readAhead = readAhead;
        this.workers = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            int worker = i;
            Thread t = new Thread(() -> work(worker), name + "-snapshot-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    public int threads() {
        return workers.size();
    }

    public int readAhead() {
        return readAhead;
    }

    /** Whether {@link #readAhead} chunks are pending: take one with {@link #next} before submitting another. */
    public boolean full() {
        return pending.size() >= readAhead;
    }

    /** Whether a submitted chunk's result has not been taken yet. */
    public boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Queues a chunk; it runs on the first free worker. */
    public void submit(Chunk<T> chunk) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (full()) {
            throw new IllegalStateException(readAhead + " chunks pending: take one first");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        pending.add(result);
        jobs.add(new Job<>(chunk, result));
    }

    /**
     * Waits for the oldest pending chunk and returns its result.
     *
     * @throws ConnectException     wrapping what the chunk's read threw (a {@code ConnectException} as is)
     * @throws InterruptedException if interrupted while waiting
     */
    public T next() throws InterruptedException {
        CompletableFuture<T> first = pending.poll();
        if (first == null) {
            throw new IllegalStateException("no chunk pending");
        }
        try {
            return first.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectException ce) {
                throw ce;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            throw new ConnectException(cause.getMessage(), cause);
        }
    }

    /** Stops the workers (interrupting a running read) and forgets the pending chunks. */
    @Override
    @SuppressWarnings("unchecked")
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        jobs.clear();
        for (CompletableFuture<T> f : pending) {
            f.cancel(false);
        }
        pending.clear();
        for (int i = 0; i < workers.size(); i++) {
            jobs.add((Job<T>) STOP);
        }
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void work(int worker) {
        while (!closed) {
            Job<T> job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP || job.result() == null) {
                return;
            }
            if (job.result().isDone()) {
                continue; // cancelled
            }
            try {
                job.result().complete(job.chunk().read(worker));
            } catch (Throwable e) {
                job.result().completeExceptionally(e);
                if (e instanceof InterruptedException) {
                    return;
                }
            }
        }
    }
}
