package io.entitynotifier.connect.common.metrics;

/**
 * The attributes Debezium 3.6's {@code ChangeEventSourceMetricsMXBean} has in both the streaming and the snapshot
 * context (common event counts, queue, captured tables), with Debezium's names.
 */
public interface DebeziumCommonMXBean {

    String getLastEvent();

    long getMilliSecondsSinceLastEvent();

    long getTotalNumberOfEventsSeen();

    long getTotalNumberOfCreateEventsSeen();

    long getTotalNumberOfUpdateEventsSeen();

    long getTotalNumberOfDeleteEventsSeen();

    long getNumberOfEventsFiltered();

    long getNumberOfErroneousEvents();

    int getQueueTotalCapacity();

    int getQueueRemainingCapacity();

    long getMaxQueueSizeInBytes();

    long getCurrentQueueSizeInBytes();

    String[] getCapturedTables();

    void reset();
}
