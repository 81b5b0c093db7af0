package io.entitynotifier.bench;

import java.io.IOException;
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
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/** A KRaft broker and ConnectDistributed workers, each a process on the worker-lib class path. */
final class KafkaProcs {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    private KafkaProcs() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String log4j(Path dir) throws Exception {
        Path f = dir.resolve("log4j2.properties");
        if (!Files.exists(f)) {
            Files.writeString(f, "status=warn\nappender.f.type=Console\nappender.f.name=STDOUT\n"
                    + "appender.f.layout.type=PatternLayout\nappender.f.layout.pattern=%d [%t] %p %c - %m%n\n"
                    + "rootLogger.level=WARN\nrootLogger.appenderRef.f.ref=STDOUT\n");
        }
        return "-Dlog4j2.configurationFile=" + f;
    }

    static final class Broker implements AutoCloseable {
        final Path dir;
        final int port;
        final Process process;

        Broker(Path lib, Path dir) throws Exception {
            this.dir = Files.createDirectories(dir);
            this.port = Procs.freePort();
            int controller = Procs.freePort();
            Path props = dir.resolve("server.properties");
            Files.writeString(props, String.join("\n",
                    "process.roles=broker,controller", "node.id=1",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                    "inter.broker.listener.name=PLAINTEXT", "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"), "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0", "num.partitions=1",
                    // Record timestamps are the broker's append time: "in Kafka" is measured by the broker.
                    "log.message.timestamp.type=LogAppendTime", ""));
            String cp = lib + "/*";
            Procs.run(List.of(java(), "-cp", cp, log4j(dir), "kafka.tools.StorageTool", "format", "--standalone",
                    "-t", Uuid.randomUuid().toString(), "-c", props.toString()), dir.resolve("format.log"));
            process = Procs.start(List.of(java(), "-Xms256m", "-Xmx512m", "-cp", cp, log4j(dir), "kafka.Kafka",
                    props.toString()), dir.resolve("broker.log"));
            long deadline = System.currentTimeMillis() + 120_000;
            while (true) {
                try (Admin a = admin()) {
                    a.describeCluster().nodes().get();
                    break;
                } catch (Exception e) {
                    if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("broker did not start; see " + dir.resolve("broker.log"));
                    }
                    Thread.sleep(250);
                }
            }
        }

        String bootstrap() {
            return "127.0.0.1:" + port;
        }

        Admin admin() {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
            return Admin.create(p);
        }

        void createTopic(String t) throws Exception {
            try (Admin a = admin()) {
                a.createTopics(List.of(new NewTopic(t, 1, (short) 1))).all().get();
            }
        }

        void deleteTopics(Set<String> topics) {
            try (Admin a = admin()) {
                a.deleteTopics(topics).all().get();
            } catch (Exception e) {
                // best effort
            }
        }

        @Override
        public void close() throws Exception {
            Procs.stop(process);
        }
    }

    static final class Worker implements AutoCloseable {
        final Path dir;
        final int port;
        final Process process;

        Worker(Path lib, Path pluginPath, Path dir, String bootstrap, boolean eos, String heap) throws Exception {
            this.dir = Files.createDirectories(dir);
            this.port = Procs.freePort();
            Map<String, String> p = new LinkedHashMap<>();
            p.put("bootstrap.servers", bootstrap);
            p.put("group.id", "bench-" + port);
            p.put("listeners", "http://127.0.0.1:" + port);
            p.put("config.storage.topic", "bench-" + port + "-configs");
            p.put("offset.storage.topic", "bench-" + port + "-offsets");
            p.put("status.storage.topic", "bench-" + port + "-status");
            p.put("config.storage.replication.factor", "1");
            p.put("offset.storage.replication.factor", "1");
            p.put("status.storage.replication.factor", "1");
            p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
            p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            p.put("key.converter.schemas.enable", "true");
            p.put("value.converter.schemas.enable", "true");
            p.put("exactly.once.source.support", eos ? "enabled" : "disabled");
            p.put("plugin.path", pluginPath.toString());
            p.put("plugin.discovery", "service_load");
            p.put("offset.flush.interval.ms", "1000");
            p.put("producer.transaction.timeout.ms", "30000");
            StringBuilder sb = new StringBuilder();
            p.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            Path props = dir.resolve("worker.properties");
            Files.writeString(props, sb.toString());
            List<String> cmd = new ArrayList<>(List.of(java(), "-Xms" + heap, "-Xmx" + heap, "-cp", lib + "/*",
                    log4j(dir), "-Xlog:gc:file=" + dir.resolve("gc.log")));
            if (System.getenv("BENCH_JFR") != null) {
                // Profile the worker (BENCH_KEEP=1 keeps the file): jfr print --events jdk.ExecutionSample ...
                cmd.add("-XX:StartFlightRecording=filename=" + dir.resolve("worker.jfr")
                        + ",settings=profile,dumponexit=true");
            }
            cmd.addAll(List.of("org.apache.kafka.connect.cli.ConnectDistributed", props.toString()));
            process = Procs.start(cmd, dir.resolve("worker.log"));
            long deadline = System.currentTimeMillis() + 180_000;
            while (get("/connectors") == null) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("worker did not start; see " + dir.resolve("worker.log"));
                }
                Thread.sleep(250);
            }
        }

        long pid() {
            return process.pid();
        }

        /**
         * The largest heap occupancy right after a collection so far, in MiB (from the GC log): what the worker
         * kept live, unlike RSS, which with -Xms follows how much of the heap allocation touched. 0 before any GC.
         */
        long maxHeapAfterGcMb() {
            long max = 0;
            try {
                // "[0.912s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 120M->30M(1024M) 5.123ms"
                java.util.regex.Pattern after = java.util.regex.Pattern.compile("->(\\d+)M\\(");
                for (String line : Files.readAllLines(dir.resolve("gc.log"))) {
                    java.util.regex.Matcher m = after.matcher(line);
                    if (m.find()) {
                        max = Math.max(max, Long.parseLong(m.group(1)));
                    }
                }
            } catch (IOException e) {
                return -1;
            }
            return max;
        }

        String get(String path) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r.body() : null;
            } catch (Exception e) {
                return null;
            }
        }

        void put(String name, Map<String, String> config) throws Exception {
            StringBuilder json = new StringBuilder("{");
            for (Map.Entry<String, String> e : config.entrySet()) {
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append('"').append(esc(e.getKey())).append("\":\"").append(esc(e.getValue())).append('"');
            }
            json.append('}');
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/connectors/" + name + "/config"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(90))
                    .PUT(HttpRequest.BodyPublishers.ofString(json.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                // Connect 4.3 answers 500 (NPE) instead of the errors for some plugins; ask validate for them.
                String cls = config.get("connector.class");
                HttpResponse<String> v = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/connector-plugins/" + cls.substring(cls.lastIndexOf('.') + 1) + "/config/validate"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(90))
                        .PUT(HttpRequest.BodyPublishers.ofString(json.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                StringBuilder errs = new StringBuilder();
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("\"name\":\"([^\"]+)\"[^{}]*\"errors\":\\[(\"[^\\]]+)\\]").matcher(v.body());
                while (m.find()) {
                    errs.append(m.group(1)).append(": ").append(m.group(2)).append("; ");
                }
                throw new IllegalStateException("PUT connector " + name + ": " + r.statusCode() + " " + r.body()
                        + " validate: " + errs);
            }
        }

        /** PUT /connectors/{name}/{action} (stop, resume). */
        void action(String name, String action) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/connectors/" + name + "/" + action))
                    .timeout(Duration.ofSeconds(90)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(action + " " + name + ": " + r.statusCode() + " " + r.body());
            }
        }

        /** The connector's status JSON (to explain a failed run). */
        String status(String name) {
            return get("/connectors/" + name + "/status");
        }

        boolean failed(String name) {
            String s = status(name);
            return s != null && s.contains("\"FAILED\"");
        }

        private static String esc(String s) {
            return s.replace("\\", "\\\\").replace("\"", "\\\"");
        }

        @Override
        public void close() throws Exception {
            Procs.stop(process);
        }
    }
}
