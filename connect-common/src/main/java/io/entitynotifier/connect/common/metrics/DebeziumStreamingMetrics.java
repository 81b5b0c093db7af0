package io.entitynotifier.connect.common.metrics;

import java.util.Map;

/** The streaming-context MBean: {@link DebeziumStreamingMetricsMXBean} over the task's counters. */
final class DebeziumStreamingMetrics implements DebeziumStreamingMetricsMXBean {

    private final DebeziumEventCounters counts;
    private final TaskMetrics task;
    private final java.util.function.LongSupplier committed;

    DebeziumStreamingMetrics(
            DebeziumEventCounters counts, TaskMetrics task, java.util.function.LongSupplier committed) {
        this.counts = counts;
        this.task = task;
        this.committed = committed;
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
        return counts.creates();
    }

    @Override
    public long getTotalNumberOfUpdateEventsSeen() {
        return counts.updates();
    }

    @Override
    public long getTotalNumberOfDeleteEventsSeen() {
        return counts.deletes();
    }

    @Override
    public long getNumberOfEventsFiltered() {
        return 0; // filtered tables are never decoded into events
    }

    @Override
    public long getNumberOfErroneousEvents() {
        return 0; // a change that cannot be converted fails the task instead
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
        return 0; // Debezium's max.queue.size.in.bytes default: no byte bound (tenant.max.buffered.bytes is ours)
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
    public boolean isConnected() {
        return task.isConnected();
    }

    @Override
    public Map<String, String> getSourceEventPosition() {
        return counts.lastPosition();
    }

    @Override
    public long getMilliSecondsBehindSource() {
        return counts.lag();
    }

    @Override
    public long getNumberOfCommittedTransactions() {
        return committed.getAsLong(); // streamed source transactions, as Debezium (snapshot chunks not counted)
    }

    @Override
    public String getLastTransactionId() {
        return counts.lastTransactionId();
    }

    @Override
    public void resetLagBehindSource() {
        counts.resetLag();
    }

    @Override
    public long getNumberOfUnchangedEventsSkipped() {
        return 0; // skip.messages.without.change is not offered
    }

    @Override
    public Long getMilliSecondsBehindSourceMinValue() {
        return counts.lagMin();
    }

    @Override
    public Long getMilliSecondsBehindSourceMaxValue() {
        return counts.lagMax();
    }

    @Override
    public Double getMilliSecondsBehindSourceAverageValue() {
        return counts.lagAverage();
    }

    @Override
    public Double getMilliSecondsBehindSourceP50() {
        return null; // Debezium computes percentiles only with its statistics enabled
    }

    @Override
    public Double getMilliSecondsBehindSourceP95() {
        return null;
    }

    @Override
    public Double getMilliSecondsBehindSourceP99() {
        return null;
    }

    @Override
    public Map<String, Long> getNumberOfCreateEventsSeen() {
        return counts.perTable(0);
    }

    @Override
    public Map<String, Long> getNumberOfUpdateEventsSeen() {
        return counts.perTable(1);
    }

    @Override
    public Map<String, Long> getNumberOfDeleteEventsSeen() {
        return counts.perTable(2);
    }

    @Override
    public Map<String, Long> getNumberOfTruncateEventsSeen() {
        return counts.perTable(3);
    }

    @Override
    public void pause() {
        throw new UnsupportedOperationException("pausing through JMX is not supported: pause the connector with "
                + "Connect's REST API (PUT /connectors/<name>/pause)");
    }

    @Override
    public void resume() {
        throw new UnsupportedOperationException("resuming through JMX is not supported: resume the connector with "
                + "Connect's REST API (PUT /connectors/<name>/resume)");
    }
}
