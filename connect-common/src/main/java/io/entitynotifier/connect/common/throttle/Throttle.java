package io.entitynotifier.connect.common.throttle;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import com.google.common.util.concurrent.RateLimiter;

/**
 * Holds a task back to its event and byte budgets before records go to Connect. Waiting here stops the task from
 * reading further, so the source keeps the changes (nothing is dropped). Guava's RateLimiter stores up to one
 * second of unused budget, which is the burst allowance.
 */
public final class Throttle {

    /** How often a group member asks for a fresh share while busy. */
    private static final long SHARE_REFRESH_MS = 200;

    /** Deliveries per second a throttled task aims at: each carries a tenth of a second's budget. */
    private static final int SLICES_PER_SECOND = 10;

    private final double maxEvents;
    private final RateLimiter events;
    private final RateLimiter bytes;
    private final GroupMember group;
    private final double groupMaxEvents;
    private final LongSupplier clock;
    private long lastShare;
    private double currentRate;
    private long throttledNanos;

    /**
     * A throttle whose group (if any) is the worker-wide {@link ThrottleGroup}.
     *
     * @param maxEvents      events/s for this connector, 0 for none
     * @param maxBytes       bytes/s, 0 for none
     * @param group          throttle group name, empty for none
     * @param member         this connector's name within the group
     * @param weight         its weight (tenant.priority)
     * @param groupMaxEvents the group's events/s, 0 for none
     */
    public Throttle(
            double maxEvents,
            long maxBytes,
            String group,
            String member,
            int weight,
            double groupMaxEvents,
            LongSupplier clock) {
        this(
                maxEvents,
                maxBytes,
                group == null || group.isEmpty() || groupMaxEvents <= 0
                        ? null
                        : new GroupMember.WorkerMember(group, member, weight),
                groupMaxEvents,
                clock);
    }

    /**
     * @param group          this task's membership of its throttle group, null for none (closed by {@link #close})
     * @param groupMaxEvents the group's events/s (ignored without a group)
     */
    public Throttle(double maxEvents, long maxBytes, GroupMember group, double groupMaxEvents, LongSupplier clock) {
        this.maxEvents = maxEvents;
        this.group = groupMaxEvents > 0 ? group : null;
        if (this.group == null && group != null) {
            group.close();
        }
        this.groupMaxEvents = groupMaxEvents;
        this.clock = clock;
        double initial = effectiveRate(this.group == null ? Double.MAX_VALUE : groupMaxEvents);
        this.events = initial < Double.MAX_VALUE ? RateLimiter.create(initial) : null;
        this.currentRate = initial;
        this.bytes = maxBytes > 0 ? RateLimiter.create(maxBytes) : null;
    }

    public static Throttle none() {
        return new Throttle(0, 0, (GroupMember) null, 0, System::currentTimeMillis);
    }

    public boolean active() {
        return events != null || bytes != null;
    }

    private double effectiveRate(double groupShare) {
        double own = maxEvents > 0 ? maxEvents : Double.MAX_VALUE;
        return Math.min(own, groupShare);
    }

    /**
     * Waits until {@code n} events of {@code size} bytes fit the budgets. Waits in slices so that a stopping task
     * ({@code stopping} true) is not held up.
     */
    public void acquire(int n, long size, BooleanSupplier stopping) {
        if (n <= 0 || !active()) {
            return;
        }
        long start = System.nanoTime();
        if (events != null) {
            take(events, n, stopping, true);
        }
        if (bytes != null && size > 0) {
            take(bytes, size, stopping, false);
        }
        throttledNanos += System.nanoTime() - start;
    }

    private void take(RateLimiter limiter, long permits, BooleanSupplier stopping, boolean isEvents) {
        long left = permits;
        while (left > 0 && !stopping.getAsBoolean()) {
            if (isEvents && group != null) {
                refreshShare();
            }
            int slice = (int) Math.max(1, Math.min(left, Math.min(Integer.MAX_VALUE, (long)
                    (limiter.getRate() / SLICES_PER_SECOND))));
            limiter.acquire(slice);
            left -= slice;
        }
    }

    private void refreshShare() {
        long now = clock.getAsLong();
        if (now - lastShare < SHARE_REFRESH_MS) {
            return;
        }
        lastShare = now;
        double rate = effectiveRate(group.share(groupMaxEvents));
        if (Math.abs(rate - currentRate) > 1e-9) {
            events.setRate(Math.max(rate, 0.001));
            currentRate = rate;
        }
    }

    /**
     * The most events one delivery may carry: a tenth of a second's worth of the event budget (at least one), so that
     * a throttled task hands records to Connect steadily instead of waiting for a whole batch's budget first.
     * {@link Integer#MAX_VALUE} without an event limit.
     */
    public int sliceEvents() {
        if (events == null) {
            return Integer.MAX_VALUE;
        }
        if (group != null) {
            refreshShare();
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (events.getRate() / SLICES_PER_SECOND)));
    }

    /** The most bytes one delivery may carry (a tenth of a second's byte budget), {@link Long#MAX_VALUE} without one. */
    public long sliceBytes() {
        return bytes == null ? Long.MAX_VALUE : Math.max(1, (long) (bytes.getRate() / SLICES_PER_SECOND));
    }

    /** Total time spent waiting for budget. */
    public long throttledMillis() {
        return throttledNanos / 1_000_000;
    }

    /** The events/s limit in force now (this connector's own or its group share), or 0 when unlimited. */
    public double currentEventRate() {
        return events == null ? 0 : currentRate;
    }

    /** Whether the task holds read events waiting for budget (see {@link GroupMember#waiting}). */
    public void waiting(boolean waiting) {
        if (group != null) {
            group.waiting(waiting);
        }
    }

    /** Leaves the throttle group, if any. */
    public void close() {
        if (group != null) {
            group.close();
        }
    }
}
