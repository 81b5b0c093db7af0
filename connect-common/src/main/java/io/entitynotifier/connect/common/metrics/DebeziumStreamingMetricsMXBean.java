package io.entitynotifier.connect.common.metrics;

import java.util.Map;

/**
 * Debezium 3.6's streaming MBean ({@code debezium.<type>:type=connector-metrics,context=streaming,server=<prefix>}):
 * {@code StreamingChangeEventSourceMetricsMXBean}'s attributes, so Debezium's dashboards and alerts read ours.
 */
public interface DebeziumStreamingMetricsMXBean extends DebeziumCommonMXBean {

    boolean isConnected();

    Map<String, String> getSourceEventPosition();

    long getMilliSecondsBehindSource();

    long getNumberOfCommittedTransactions();

    String getLastTransactionId();

    void resetLagBehindSource();

    long getNumberOfUnchangedEventsSkipped();

    Long getMilliSecondsBehindSourceMinValue();

    Long getMilliSecondsBehindSourceMaxValue();

    Double getMilliSecondsBehindSourceAverageValue();

    Double getMilliSecondsBehindSourceP50();

    Double getMilliSecondsBehindSourceP95();

    Double getMilliSecondsBehindSourceP99();

    Map<String, Long> getNumberOfCreateEventsSeen();

    Map<String, Long> getNumberOfDeleteEventsSeen();

    Map<String, Long> getNumberOfUpdateEventsSeen();

    Map<String, Long> getNumberOfTruncateEventsSeen();

    void pause();

    void resume();
}
