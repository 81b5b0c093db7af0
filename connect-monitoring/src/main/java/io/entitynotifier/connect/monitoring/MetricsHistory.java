package io.entitynotifier.connect.monitoring;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The last 15 minutes of a few figures per task, sampled in the worker so that a freshly opened dashboard has its
 * charts at once: events/s, lag behind the source, the share of time spent throttled, buffered bytes and snapshot
 * rows. Bounded: at most {@link #WINDOW_MS} of samples per task, and tasks gone for longer are forgotten.
 */
public final class MetricsHistory implements AutoCloseable {

    static final long WINDOW_MS = 15 * 60_000L;

    /** One sample: time, events/s, lag ms, throttled share (0..1), buffered bytes, rows scanned, snapshot rows. */
    public record Sample(
            long at, double rate, long lagMs, double throttled, long bufferedBytes, long rowsScanned, long rowsTotal) {}

    private final Supplier<List<TaskMetricsReader.TaskView>> source;
    private final LongSupplier clock;
    private final Map<String, ArrayDeque<Sample>> byTask = new ConcurrentHashMap<>();
    private final Map<String, long[]> lastThrottled = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    public MetricsHistory(Supplier<List<TaskMetricsReader.TaskView>> source, LongSupplier clock) {
        this.source = source;
        this.clock = clock;
    }

    /** Samples every {@code intervalMs} on a daemon thread until {@link #close}. */
    public MetricsHistory start(long intervalMs) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "entitynotifier-dashboard-sampler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::sampleQuietly, 0, intervalMs, TimeUnit.MILLISECONDS);
        return this;
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // a task that went away mid-read; the next round samples again
        }
    }

    /** Takes one sample of every task now. */
    public void sample() {
        long now = clock.getAsLong();
        for (TaskMetricsReader.TaskView t : source.get()) {
            String key = key(t.connector(), t.task());
            Map<String, Object> m = t.attributes();
            long throttledMs = number(m.get("ThrottledTimeMs"));
            long[] prev = lastThrottled.put(key, new long[] {now, throttledMs});
            double share = prev == null || now <= prev[0]
                    ? 0
                    : Math.max(0, Math.min(1, (throttledMs - prev[1]) / (double) (now - prev[0])));
            Sample s = new Sample(
                    now,
                    m.get("CurrentEventsPerSecond") instanceof Number n ? n.doubleValue() : 0,
                    number(m.get("MilliSecondsBehindSource")),
                    share,
                    number(m.get("BufferedBytes")),
                    number(m.get("RowsScanned")),
                    number(m.get("SnapshotRowsTotal")));
            ArrayDeque<Sample> q = byTask.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (q) {
                q.addLast(s);
                while (!q.isEmpty() && now - q.peekFirst().at() > WINDOW_MS) {
                    q.pollFirst();
                }
            }
        }
        byTask.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().isEmpty() || now - e.getValue().peekLast().at() > WINDOW_MS;
            }
        });
    }

    static String key(String connector, String task) {
        return connector + "/" + task;
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** A copy of every task's samples, oldest first, by {@code connector/task}. */
    public Map<String, List<Sample>> snapshot() {
        Map<String, List<Sample>> out = new LinkedHashMap<>();
        for (Map.Entry<String, ArrayDeque<Sample>> e : byTask.entrySet()) {
            synchronized (e.getValue()) {
                out.put(e.getKey(), List.copyOf(e.getValue()));
            }
        }
        return out;
    }

    /** {@code {"connector/task":[[at,rate,lagMs,throttled,bufferedBytes,rowsScanned,rowsTotal],..],..}}. */
    public String json() {
        StringBuilder sb = new StringBuilder("{");
        int i = 0;
        for (Map.Entry<String, List<Sample>> e : snapshot().entrySet()) {
            sb.append(i++ > 0 ? "," : "")
                    .append(PrometheusText.quote(e.getKey()))
                    .append(":[");
            int j = 0;
            for (Sample s : e.getValue()) {
                sb.append(j++ > 0 ? "," : "")
                        .append('[')
                        .append(s.at())
                        .append(',')
                        .append(finite(s.rate()))
                        .append(',')
                        .append(s.lagMs())
                        .append(',')
                        .append(finite(s.throttled()))
                        .append(',')
                        .append(s.bufferedBytes())
                        .append(',')
                        .append(s.rowsScanned())
                        .append(',')
                        .append(s.rowsTotal())
                        .append(']');
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    private static String finite(double d) {
        return Double.isFinite(d) ? Double.toString(d) : "0";
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
