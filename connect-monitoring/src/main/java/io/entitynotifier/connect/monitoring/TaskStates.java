package io.entitynotifier.connect.monitoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.health.ConnectClusterState;
import org.apache.kafka.connect.health.ConnectorHealth;
import org.apache.kafka.connect.health.TaskState;

/**
 * The state of every task of our connectors in the whole cluster, as Connect's status topic has it. A failed task
 * has no metrics MBean any more (Connect stops it), so this is where a failure shows; any worker answers for all.
 * Traces are left out: they are for the REST status endpoint, not for metric labels.
 */
public final class TaskStates {

    static final String OUR_CONNECTORS = "io.entitynotifier.connect.";

    /** One task's state: its connector, tenant ({@code tenant.id}), task number, worker and state. */
    public record State(String connector, String tenant, String task, String worker, String state) {}

    private final ConnectClusterState cluster;

    public TaskStates(ConnectClusterState cluster) {
        this.cluster = cluster;
    }

    /** Nobody to ask (a test without a cluster): no states. */
    public static TaskStates none() {
        return new TaskStates(null);
    }

    public List<State> read() {
        List<State> out = new ArrayList<>();
        if (cluster == null) {
            return out;
        }
        for (String name : cluster.connectors()) {
            Map<String, String> config;
            ConnectorHealth health;
            try {
                config = cluster.connectorConfig(name);
                health = cluster.connectorHealth(name);
            } catch (RuntimeException gone) {
                continue; // deleted between the listing and the read
            }
            if (config == null || !config.getOrDefault("connector.class", "").startsWith(OUR_CONNECTORS)) {
                continue;
            }
            String tenant = config.getOrDefault("tenant.id", "");
            for (Map.Entry<Integer, TaskState> e : health.tasksState().entrySet()) {
                TaskState t = e.getValue();
                out.add(new State(
                        name,
                        tenant,
                        Integer.toString(e.getKey()),
                        t.workerId() == null ? "" : t.workerId(),
                        t.state()));
            }
        }
        out.sort(Comparator.comparing(State::tenant)
                .thenComparing(State::connector)
                .thenComparing(State::task));
        return out;
    }
}
