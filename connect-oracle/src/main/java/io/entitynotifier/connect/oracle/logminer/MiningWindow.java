package io.entitynotifier.connect.oracle.logminer;

/**
 * The adaptive SCN window: how many SCNs the next mining round covers and how long to pause before it. Behind the
 * database, the window grows (fewer, larger rounds) and the pause shrinks; caught up, the window shrinks and the pause
 * grows, up to {@code log.mining.sleep.time.max.ms}. Same rules as Debezium's batch/sleep settings.
 */
public final class MiningWindow {

    private final int minSize;
    private final int maxSize;
    private final int minSleep;
    private final int maxSleep;
    private final int sleepStep;
    private int size;
    private int sleep;

    public MiningWindow(
            int minSize, int defaultSize, int maxSize, int minSleep, int defaultSleep, int maxSleep, int sleepStep) {
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.minSleep = minSleep;
        this.maxSleep = maxSleep;
        this.sleepStep = sleepStep;
        this.size = defaultSize;
        this.sleep = defaultSleep;
    }

    /** The last SCN of the next round, mining on from {@code lastMined} with the database at {@code currentScn}. */
    public long end(long lastMined, long currentScn) {
        return Math.min(lastMined + size, currentScn);
    }

    /** After a round: grow when the database is still ahead, shrink and slow down when caught up. */
    public void roundDone(boolean caughtUp) {
        if (caughtUp) {
            size = Math.max(minSize, size - minSize);
            sleep = Math.min(maxSleep, sleep + sleepStep);
        } else {
            size = Math.min(maxSize, size + minSize);
            sleep = Math.max(minSleep, sleep - sleepStep);
        }
    }

    public int size() {
        return size;
    }

    /** Pause before the next round when caught up, in milliseconds. */
    public int sleepMs() {
        return sleep;
    }
}
