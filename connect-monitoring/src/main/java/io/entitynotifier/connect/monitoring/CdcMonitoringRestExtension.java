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

    @Override
    public void register(ConnectRestExtensionContext context) {
        context.configurable()
                .register(new CdcResource(new TaskMetricsReader(), new TaskStates(context.clusterState())));
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public void close() {}

    @Override
    public String version() {
        String v = CdcMonitoringRestExtension.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
