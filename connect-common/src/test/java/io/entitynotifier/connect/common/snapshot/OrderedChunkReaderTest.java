package io.entitynotifier.connect.common.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class OrderedChunkReaderTest {

    @Test
    void resultsComeInSubmitOrderWhateverOrderTheReadsFinishIn() throws Exception {
        List<Integer> out = new ArrayList<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (OrderedChunkReader<Integer> r = new OrderedChunkReader<>(3, 4, "t")) {
            for (int i = 0; i < 40; i++) {
                int n = i;
                if (r.full()) {
                    out.add(r.next());
                }
                r.submit(w -> {
                    threads.add(Thread.currentThread().getName() + "/" + w);
                    // later chunks finish first now and then
                    Thread.sleep(n % 3 == 0 ? 15 : 1);
                    return n;
                });
            }
            while (r.hasPending()) {
                out.add(r.next());
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            expected.add(i);
        }
        assertEquals(expected, out);
        // each worker index stays on one thread
        assertEquals(
                threads.size(),
                threads.stream()
                        .map(s -> s.substring(s.indexOf('/')))
                        .distinct()
                        .count());
    }

    @Test
    void chunksRunConcurrently() throws Exception {
        CountDownLatch all = new CountDownLatch(3);
        try (OrderedChunkReader<Boolean> r = new OrderedChunkReader<>(3, 3, "t")) {
            for (int i = 0; i < 3; i++) {
                r.submit(w -> {
                    all.countDown();
                    return all.await(10, TimeUnit.SECONDS); // true only if all three run at once
                });
            }
            assertTrue(r.full());
            for (int i = 0; i < 3; i++) {
                assertTrue(r.next());
            }
            assertFalse(r.hasPending());
        }
    }

    @Test
    void aFailedChunkThrowsWhenItsTurnComes() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        try (OrderedChunkReader<Integer> r = new OrderedChunkReader<>(2, 2, "t")) {
            r.submit(w -> {
                reads.incrementAndGet();
                return 1;
            });
            r.submit(w -> {
                throw new java.sql.SQLException("chunk of t.a failed");
            });
            assertEquals(1, r.next());
            ConnectException e = assertThrows(ConnectException.class, r::next);
            assertEquals("chunk of t.a failed", e.getMessage());
            assertThrows(IllegalStateException.class, r::next);
        }
        assertEquals(1, reads.get());
    }

    @Test
    void submittingBeyondTheReadAheadIsRefusedAndCloseStopsARunningRead() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        OrderedChunkReader<Integer> r = new OrderedChunkReader<>(1, 1, "t");
        r.submit(w -> {
            started.countDown();
            Thread.sleep(60_000);
            return 0;
        });
        assertThrows(IllegalStateException.class, () -> r.submit(w -> 1));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        r.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "close waited for the read");
        assertThrows(IllegalStateException.class, () -> r.submit(w -> 1));
        assertThrows(IllegalArgumentException.class, () -> new OrderedChunkReader<Integer>(2, 1, "t"));
    }
}
