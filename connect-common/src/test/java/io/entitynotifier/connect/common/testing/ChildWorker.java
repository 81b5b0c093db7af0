package io.entitynotifier.connect.common.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.test.TestUtils;

/**
 * A Connect worker in its own JVM ({@code ConnectDistributed}, on this test's class path), so that it can be killed
 * with SIGKILL mid-stream the way a crashed machine stops, and started again on the same REST port.
 */
public final class ChildWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dir;
    private final Path properties;
    private final int port;
    private Process process;
    private int starts;

    /** Writes the worker's properties; {@link #start()} launches it. */
    public ChildWorker(String bootstrapServers, Path dir, Map<String, String> overrides) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.port = freePort();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", "child-" + port);
        p.put("listeners", "http://127.0.0.1:" + port);
        p.put("config.storage.topic", "child-" + port + "-configs");
        p.put("offset.storage.topic", "child-" + port + "-offsets");
        p.put("status.storage.topic", "child-" + port + "-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("exactly.once.source.support", "enabled");
        p.put("plugin.discovery", "service_load");
        p.put("offset.flush.interval.ms", "1000");
        // A killed task's open transaction blocks its successor until it times out.
        p.put("producer.transaction.timeout.ms", "10000");
        // Reassign a dead worker's tasks at once instead of after the default 5 minutes.
        p.put("scheduled.rebalance.max.delay.ms", "0");
        p.put("session.timeout.ms", "6000");
        p.put("heartbeat.interval.ms", "2000");
        p.putAll(overrides);
        StringBuilder sb = new StringBuilder();
        p.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        this.properties = dir.resolve("worker.properties");
        Files.writeString(properties, sb.toString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void start() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path")));
        String log4j = System.getProperty("child.log4j2.configurationFile");
        if (log4j != null) {
            cmd.add("-Dlog4j2.configurationFile=" + log4j);
        }
        cmd.add("org.apache.kafka.connect.cli.ConnectDistributed");
        cmd.add(properties.toString());
        starts++;
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker-" + starts + ".log").toFile())
                .start();
        TestUtils.waitForCondition(
                () -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("worker exited; see " + dir.resolve("worker-" + starts + ".log"));
                    }
                    return get("/connectors") != null;
                },
                120_000,
                "worker REST did not come up");
    }

    /** SIGKILL: no shutdown hooks, no final commits. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Kills the worker {@code kills} times, each at a random point of the delivered stream (between {@code minGap}
     * and {@code minGap + spread} more committed records), starts it again and waits until it delivers again.
     */
    public void killRepeatedly(
            CommittedCounter delivered, int kills, java.util.Random rnd, int minGap, int spread, Duration timeout)
            throws Exception {
        for (int k = 1; k <= kills; k++) {
            delivered.awaitAtLeast(delivered.count() + minGap + rnd.nextInt(spread), timeout);
            kill();
            long before = delivered.count();
            start();
            delivered.awaitAtLeast(before + 1, timeout);
        }
    }

    public void putConnector(String name, Map<String, String> config) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url() + "/connectors/" + name + "/config"))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new AssertionError("PUT connector " + name + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** The state of the connector's first task, or null while it has none. */
    public String taskState(String name) {
        JsonNode s = get("/connectors/" + name + "/status");
        if (s == null || s.get("tasks") == null || s.get("tasks").isEmpty()) {
            return null;
        }
        return s.get("tasks").get(0).get("state").asText();
    }

    public void awaitTaskRunning(String name) throws InterruptedException {
        TestUtils.waitForCondition(
                () -> "RUNNING".equals(taskState(name)),
                180_000,
                () -> "task of " + name + " not RUNNING: " + get("/connectors/" + name + "/status"));
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url() + path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
