package io.entitynotifier.connect.monitoring;

import java.util.Map;

import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;

/**
 * Adds the CDC metrics endpoint and dashboard to a Connect worker. Enable with the worker setting
 * {@code rest.extension.classes=io.entitynotifier.connect.monitoring.CdcMonitoringRestExtension} and the plugin
 * directory on {@code plugin.path}.
 */
public class CdcMonitoringRestExtension implements ConnectRestExtension {

    /** Worker property: how often the dashboard's history samples every task (ms). */
    public static final String SAMPLE_INTERVAL_CONFIG = "cdc.dashboard.sample.interval.ms";

    private long sampleIntervalMs = 10_000;
    private MetricsHistory history;

    @Override
    public void register(ConnectRestExtensionContext context) {
        TaskMetricsReader reader = new TaskMetricsReader();
        history = new MetricsHistory(reader::read, System::currentTimeMillis).start(sampleIntervalMs);
        context.configurable().register(new CdcResource(reader, new TaskStates(context.clusterState()), history));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object v = configs.get(SAMPLE_INTERVAL_CONFIG);
        if (v != null) {
            sampleIntervalMs = Math.max(100, Long.parseLong(v.toString().trim()));
        }
    }

    @Override
    public void close() {
        if (history != null) {
            history.close();
        }
    }

    @Override
    public String version() {
        String v = CdcMonitoringRestExtension.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
