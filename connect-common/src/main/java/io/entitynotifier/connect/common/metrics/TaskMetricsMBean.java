package io.entitynotifier.connect.common.metrics;

/**
 * JMX view of one connector task, named {@code io.entitynotifier.connect:type=connector-metrics,connector=<name>,
 * tenant=<tenant>,task=<n>}. Attribute names follow Debezium's where Debezium has the same figure.
 */
public interface TaskMetricsMBean {

    String getConnectorName();

    String getTenantId();

    String getConnectorType();

    boolean isConnected();

    long getMilliSecondsBehindSource();

    long getMilliSecondsSinceLastEvent();

    long getTotalNumberOfEventsSeen();

    long getNumberOfCreateEventsSeen();

    long getNumberOfUpdateEventsSeen();

    long getNumberOfDeleteEventsSeen();

    long getNumberOfReadEventsSeen();

    long getNumberOfCommittedTransactions();

    int getQueueTotalCapacity();

    int getQueueRemainingCapacity();

    boolean isSnapshotRunning();

    boolean isSnapshotCompleted();

    int getTotalTableCount();

    int getRemainingTableCount();

    long getRowsScanned();

    long getSnapshotRowsTotal();

    long getThrottledTimeMs();

    double getThrottleLimitEventsPerSecond();

    double getCurrentEventsPerSecond();

    long getBulkOperationsDetected();

    long getBufferedRecords();

    long getBufferedBytes();

    long getNumberOfErrors();

    /**
     * Bytes of WAL the PostgreSQL connector's replication slot keeps on the server (the server's WAL position minus
     * the slot's restart_lsn), sampled every few seconds off the task's hot path; null for other connectors and until
     * the first sample (or while the server cannot be asked).
     */
    Long getPostgresSlotRetainedWalBytes();

    String getLastError();
}
