package io.entitynotifier.connect.common.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;

/**
 * A real in-process KRaft broker and Connect worker with exactly-once source support, driven the way users drive
 * Connect: connectors are created, validated and restarted through the REST API and read back with a
 * {@code read_committed} consumer.
 */
public final class ConnectTestCluster implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final EmbeddedConnectCluster connect;

    private ConnectTestCluster(EmbeddedConnectCluster connect) {
        this.connect = connect;
    }

    /** Starts one broker and one worker. {@code workerOverrides} win over the defaults below. */
    public static ConnectTestCluster start(Map<String, String> workerOverrides) {
        return start(workerOverrides, 1);
    }

    /** Starts one broker and {@code workers} workers (in this JVM, so they share its platform MBean server). */
    public static ConnectTestCluster start(Map<String, String> workerOverrides, int workers) {
        Map<String, String> worker = new HashMap<>();
        worker.put("exactly.once.source.support", "enabled");
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "1000");
        // A task killed with an open transaction blocks its successor until the transaction times out.
        worker.put("producer.transaction.timeout.ms", "10000");
        worker.putAll(workerOverrides);
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        broker.put("auto.create.topics.enable", "true");
        EmbeddedConnectCluster c = new EmbeddedConnectCluster.Builder()
                .name("entitynotifier-it-" + System.nanoTime())
                .numWorkers(workers)
                .numBrokers(1)
                .workerProps(worker)
                .brokerProps(broker)
                .build();
        c.start();
        return new ConnectTestCluster(c);
    }

    public static ConnectTestCluster start() {
        return start(Map.of());
    }

    /**
     * For broker-restart tests: Connect's default transaction timeout (60 s) instead of the 10 s above. A task whose
     * transaction outlives the timeout while the broker is down is fenced when it comes back and fails (Connect's
     * behaviour; see docs/operations.md); the 10 s made that depend on how fast a loaded machine restarts a broker.
     */
    public static ConnectTestCluster startForBrokerRestart() {
        return start(Map.of("producer.transaction.timeout.ms", "60000"));
    }

    public EmbeddedConnectCluster connect() {
        return connect;
    }

    /**
     * The settings every test connector gets unless it overrides them: exactly-once required, connector-defined
     * transaction boundaries and the JSON converter with schemas (what most deployments run).
     */
    public static Map<String, String> exactlyOnceDefaults() {
        Map<String, String> c = new HashMap<>();
        c.put("tasks.max", "1");
        c.put("exactly.once.support", "required");
        c.put("transaction.boundary", "connector");
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("key.converter.schemas.enable", "true");
        c.put("value.converter.schemas.enable", "true");
        return c;
    }

    /** PUT /connectors/{name}/config with the defaults plus {@code config}, then waits until its task runs. */
    public void deploy(String name, Map<String, String> config) {
        Map<String, String> all = exactlyOnceDefaults();
        all.putAll(config);
        connect.configureConnector(name, all);
        awaitRunning(name);
    }

    public void awaitRunning(String name) {
        try {
            connect.assertions()
                    .assertConnectorAndExactlyNumTasksAreRunning(
                            name, 1, "connector " + name + " did not start its task");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the connector's only task has FAILED and returns its trace. */
    public String awaitTaskFailure(String name, Duration timeout) throws InterruptedException {
        String[] trace = new String[1];
        TestUtils.waitForCondition(
                () -> {
                    ConnectorStateInfo s = status(name);
                    if (s == null || s.tasks().isEmpty()) {
                        return false;
                    }
                    ConnectorStateInfo.TaskState t = s.tasks().get(0);
                    trace[0] = t.trace();
                    return "FAILED".equals(t.state());
                },
                timeout.toMillis(),
                "task of " + name + " did not fail");
        return trace[0];
    }

    public ConnectorStateInfo status(String name) {
        try {
            return connect.connectorStatus(name);
        } catch (Exception e) {
            return null;
        }
    }

    /** PUT /connector-plugins/{class}/config/validate */
    public ConfigInfos validate(String connectorClass, Map<String, String> config) {
        Map<String, String> all = new HashMap<>(config);
        all.putIfAbsent("connector.class", connectorClass);
        return connect.validateConnectorConfig(connectorClass, all);
    }

    /** Errors reported for {@code key} by a validate call. */
    public static List<String> errorsFor(ConfigInfos infos, String key) {
        return infos.configs().stream()
                .filter(v -> v.configValue().name().equals(key))
                .flatMap(v -> v.configValue().errors().stream())
                .toList();
    }

    /** Stops the only worker (gracefully, so its task is stopped mid-stream) and starts a fresh one. */
    public void restartWorker() {
        connect.removeWorker();
        connect.addWorker();
    }

    /** POST /connectors/{name}/restart?includeTasks=true */
    public void restartConnectorAndTasks(String name) {
        connect.restartConnectorAndTasks(name, false, true, false);
    }

    /** See {@link CommittedReader#read}. */
    public List<ConsumerRecord<byte[], byte[]>> consumeCommitted(int expected, Duration timeout, String... topics) {
        return CommittedReader.read(connect.kafka().bootstrapServers(), expected, timeout, topics);
    }

    /** Like {@link #consumeCommitted}, but a shortfall also says what the connector's task was doing. */
    public List<ConsumerRecord<byte[], byte[]>> consumeCommitted(
            String connector, int expected, Duration timeout, String... topics) {
        try {
            return consumeCommitted(expected, timeout, topics);
        } catch (AssertionError e) {
            ConnectorStateInfo s = status(connector);
            String task = s == null || s.tasks().isEmpty()
                    ? "no task"
                    : s.tasks().get(0).state()
                            + (s.tasks().get(0).trace() == null
                                    ? ""
                                    : ": " + s.tasks().get(0).trace());
            throw new AssertionError(e.getMessage() + "; task of " + connector + ": " + task, e);
        }
    }

    public Set<String> topics() {
        try (var admin = connect.kafka().createAdminClient()) {
            return admin.listTopics().names().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        connect.stop();
    }
}
