package io.entitynotifier.connect.common.metrics;

import java.util.Map;

/**
 * Debezium 3.6's snapshot MBean ({@code debezium.<type>:type=connector-metrics,context=snapshot,server=<prefix>}):
 * {@code SnapshotChangeEventSourceMetricsMXBean}'s attributes. The chunk attributes belong to Debezium's incremental
 * snapshots, which the suite does not have: they are empty.
 */
public interface DebeziumSnapshotMetricsMXBean extends DebeziumCommonMXBean {

    int getTotalTableCount();

    int getRemainingTableCount();

    boolean getSnapshotRunning();

    boolean getSnapshotPaused();

    boolean getSnapshotCompleted();

    boolean getSnapshotAborted();

    boolean getSnapshotSkipped();

    long getSnapshotDurationInSeconds();

    long getSnapshotPausedDurationInSeconds();

    Map<String, Long> getRowsScanned();

    String getChunkId();

    String getChunkFrom();

    String getChunkTo();

    String getTableFrom();

    String getTableTo();

    Map<String, Long> getTableChunkCounts();

    Map<String, Long> getTableChunksCompletedCounts();
}
