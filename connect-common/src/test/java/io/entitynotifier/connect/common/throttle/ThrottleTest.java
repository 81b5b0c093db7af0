package io.entitynotifier.connect.common.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ThrottleTest {

    @Test
    void groupSharesFollowBusyMembersWeightsAndIdleSharesAreLent() {
        AtomicLong now = new AtomicLong(10_000);
        ThrottleGroup g = new ThrottleGroup(now::get);
        assertEquals(900.0, g.share("critical", 8, 900), 1e-9, "alone: the whole budget");
        assertEquals(100.0, g.share("low", 1, 900), 1e-9, "low weight 1 of 9");
        assertEquals(800.0, g.share("critical", 8, 900), 1e-9);
        now.addAndGet(ThrottleGroup.BUSY_WINDOW_MS + 1);
        assertEquals(900.0, g.share("critical", 8, 900), 1e-9, "low went idle: its share is lent");
        assertEquals(1, g.getBusyMembers());
    }

    @Test
    void holdsATaskToItsEventRate() {
        Throttle t = new Throttle(200, 0, null, "c", 1, 0, System::currentTimeMillis);
        long start = System.nanoTime();
        t.acquire(200, 0, () -> false); // the stored burst
        t.acquire(200, 0, () -> false); // one second's worth more
        double secs = (System.nanoTime() - start) / 1e9;
        assertTrue(secs > 0.6 && secs < 3.0, "took " + secs);
        assertTrue(t.throttledMillis() > 500);
    }

    @Test
    void holdsATaskToItsByteRate() {
        Throttle t = new Throttle(0, 1_000, null, "c", 1, 0, System::currentTimeMillis);
        long start = System.nanoTime();
        t.acquire(1, 2_000, () -> false); // granted now, paid for by the next caller
        t.acquire(1, 1_000, () -> false);
        double secs = (System.nanoTime() - start) / 1e9;
        assertTrue(secs > 1.5 && secs < 5.0, "took " + secs);
        assertTrue(t.throttledMillis() >= 1_500);
    }

    @Test
    void stoppingEndsTheWait() {
        Throttle t = new Throttle(1, 0, null, "c", 1, 0, System::currentTimeMillis);
        long start = System.nanoTime();
        t.acquire(1_000, 0, () -> System.nanoTime() - start > 200_000_000L);
        assertTrue((System.nanoTime() - start) / 1e9 < 5);
    }

    @Test
    void unlimitedByDefault() {
        assertEquals(false, Throttle.none().active());
    }
}
