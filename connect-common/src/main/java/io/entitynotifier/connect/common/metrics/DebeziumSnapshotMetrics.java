package io.entitynotifier.connect.common.metrics;

import java.util.Map;

/** The snapshot-context MBean: {@link DebeziumSnapshotMetricsMXBean} over the task's counters. */
final class DebeziumSnapshotMetrics implements DebeziumSnapshotMetricsMXBean {

    private final DebeziumEventCounters counts;
    private final TaskMetrics task;

    DebeziumSnapshotMetrics(DebeziumEventCounters counts, TaskMetrics task) {
        this.counts = counts;
        this.task = task;
    }

    @Override
    public String getLastEvent() {
        return counts.lastEvent();
    }

    @Override
    public long getMilliSecondsSinceLastEvent() {
        return counts.millisSinceLastEvent();
    }

    @Override
    public long getTotalNumberOfEventsSeen() {
        return counts.total();
    }

    @Override
    public long getTotalNumberOfCreateEventsSeen() {
        return 0;
    }

    @Override
    public long getTotalNumberOfUpdateEventsSeen() {
        return 0;
    }

    @Override
    public long getTotalNumberOfDeleteEventsSeen() {
        return 0;
    }

    @Override
    public long getNumberOfEventsFiltered() {
        return 0;
    }

    @Override
    public long getNumberOfErroneousEvents() {
        return 0;
    }

    @Override
    public int getQueueTotalCapacity() {
        return task.getQueueTotalCapacity();
    }

    @Override
    public int getQueueRemainingCapacity() {
        return task.getQueueRemainingCapacity();
    }

    @Override
    public long getMaxQueueSizeInBytes() {
        return 0;
    }

    @Override
    public long getCurrentQueueSizeInBytes() {
        return task.getBufferedBytes();
    }

    @Override
    public String[] getCapturedTables() {
        return counts.tables();
    }

    @Override
    public void reset() {
        counts.reset();
    }

    @Override
    public int getTotalTableCount() {
        return task.getTotalTableCount();
    }

    @Override
    public int getRemainingTableCount() {
        return task.getRemainingTableCount();
    }

    @Override
    public boolean getSnapshotRunning() {
        return task.isSnapshotRunning();
    }

    @Override
    public boolean getSnapshotPaused() {
        return false;
    }

    @Override
    public boolean getSnapshotCompleted() {
        return task.isSnapshotCompleted();
    }

    @Override
    public boolean getSnapshotAborted() {
        return false; // a failed snapshot fails the task, which resumes it after a restart
    }

    @Override
    public boolean getSnapshotSkipped() {
        return false;
    }

    @Override
    public long getSnapshotDurationInSeconds() {
        return task.snapshotDurationMs() / 1000;
    }

    @Override
    public long getSnapshotPausedDurationInSeconds() {
        return 0;
    }

    @Override
    public Map<String, Long> getRowsScanned() {
        return counts.perTable(4);
    }

    @Override
    public String getChunkId() {
        return null;
    }

    @Override
    public String getChunkFrom() {
        return null;
    }

    @Override
    public String getChunkTo() {
        return null;
    }

    @Override
    public String getTableFrom() {
        return null;
    }

    @Override
    public String getTableTo() {
        return null;
    }

    @Override
    public Map<String, Long> getTableChunkCounts() {
        return Map.of();
    }

    @Override
    public Map<String, Long> getTableChunksCompletedCounts() {
        return Map.of();
    }
}
