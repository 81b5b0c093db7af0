package io.entitynotifier.connect.common.testing.debezium;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.entitynotifier.connect.common.testing.CommittedReader;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.common.testing.debezium.EventDiff.Side;

/**
 * Debezium 3.6.1 as a test oracle: one Connect worker (exactly-once enabled, like every other test cluster) whose
 * plugin.path holds Debezium's connector plugin directories built by {@code testing-debezium/<connector>}; our
 * connectors are on the test class path of the same worker. A test creates Debezium's connector and ours on the same
 * tables under different topic prefixes, reads both sides with {@code read_committed} and compares them with
 * {@link EventDiff}:
 *
 * <pre>{@code
 * try (DebeziumOracle oracle = DebeziumOracle.start("postgres")) {
 *     oracle.deployDebezium("dbz", debeziumConfig);   // topic.prefix=dbz, ...
 *     oracle.deployOurs("ours", ourConfig);           // topic.prefix=ours, ...
 *     EventDiff diff = oracle.compare("dbz", "ours", 42, EventDiff.Options.defaults(), "public.t1", "public.t2");
 *     diff.assertNone();
 * }
 * }</pre>
 */
public final class DebeziumOracle implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final ConnectTestCluster cluster;

    private DebeziumOracle(ConnectTestCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts a broker and a worker with Debezium's plugins for {@code connectors} ("postgres", "mysql"). */
    public static DebeziumOracle start(String... connectors) {
        return start(Map.of(), connectors);
    }

    /** As {@link #start(String...)}, with extra worker settings. */
    public static DebeziumOracle start(Map<String, String> workerOverrides, String... connectors) {
        String path = Arrays.stream(connectors)
                .map(DebeziumPlugins::pluginPath)
                .map(Path::toString)
                .collect(Collectors.joining(","));
        Map<String, String> worker = new HashMap<>(workerOverrides);
        worker.put("plugin.path", path);
        return new DebeziumOracle(ConnectTestCluster.start(worker));
    }

    public ConnectTestCluster cluster() {
        return cluster;
    }

    /**
     * Creates a Debezium connector with exactly-once requested and {@code transaction.boundary=poll} (Debezium does
     * not define transactions itself) and the JsonConverter with schemas, plus {@code config}; waits for its task.
     */
    public void deployDebezium(String name, Map<String, String> config) {
        Map<String, String> all = ConnectTestCluster.exactlyOnceDefaults();
        all.put("exactly.once.support", "requested");
        all.put("transaction.boundary", "poll");
        all.putAll(config);
        cluster.connect().configureConnector(name, all);
        cluster.awaitRunning(name);
    }

    /** Creates one of our connectors with {@link ConnectTestCluster#exactlyOnceDefaults()} plus {@code config}. */
    public void deployOurs(String name, Map<String, String> config) {
        cluster.deploy(name, config);
    }

    public void delete(String name) {
        cluster.connect().deleteConnector(name);
    }

    /**
     * Reads {@code prefix.<table>} for each table with read_committed until at least {@code expected} records arrived
     * (then to the end of what was committed by then); with {@code lenient} it returns what arrived within the timeout
     * instead of failing, so that a shortfall shows up as missing events in the diff.
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String prefix, int expected, boolean lenient, String... tables) {
        String[] topics = Arrays.stream(tables).map(t -> prefix + "." + t).toArray(String[]::new);
        String bootstrap = cluster.connect().kafka().bootstrapServers();
        if (!lenient) {
            return CommittedReader.read(bootstrap, expected, TIMEOUT, topics);
        }
        try {
            return CommittedReader.read(bootstrap, expected, TIMEOUT, topics);
        } catch (AssertionError shortfall) {
            // Each topic up to its end now; a topic that was never created contributes nothing.
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            for (String topic : topics) {
                try {
                    out.addAll(CommittedReader.read(bootstrap, 0, Duration.ofSeconds(15), topic));
                } catch (AssertionError missing) {
                    // no such topic
                }
            }
            return out;
        }
    }

    /**
     * Reads {@code expected} events of Debezium (failing if it wrote fewer) and as many of ours (what arrived, if
     * fewer) from the given tables' topics and compares them.
     */
    public EventDiff compare(
            String debeziumPrefix, String oursPrefix, int expected, EventDiff.Options options, String... tables) {
        List<ConsumerRecord<byte[], byte[]>> dbz = read(debeziumPrefix, expected, false, tables);
        List<ConsumerRecord<byte[], byte[]>> ours = read(oursPrefix, dbz.size(), true, tables);
        return EventDiff.compare(
                new Side("debezium", debeziumPrefix, dbz), new Side("ours", oursPrefix, ours), options);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
