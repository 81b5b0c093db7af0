package io.entitynotifier.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Connect's ceiling for the benchmark: emits {@code count} pre-built change records shaped like a change event
 * (key {id}, envelope before/after/source/op/ts_ms of the benchmark row) to {@code topic}, then idles. No database:
 * what is left is the worker, the converter and the producer.
 */
public final class CeilingSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CeilingSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> l = new ArrayList<>();
        l.add(props);
        return l;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "target topic")
                .define("count", ConfigDef.Type.LONG, 100_000L, ConfigDef.Importance.HIGH, "records to emit")
                .define("batch", ConfigDef.Type.INT, 2048, ConfigDef.Importance.LOW, "records per poll");
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public String version() {
        return "0.1.0";
    }
}
