package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run as a user runs it: {@code ./quickstart.sh} starts a real broker and worker as
 * separate processes, streams the SQLite demo and prints its change events; {@code ./quickstart.sh stop} then
 * leaves none of its processes behind. State goes to a temp {@code QUICKSTART_HOME} and the ports are free ones,
 * so the test never touches a developer's own quickstart.
 */
class QuickstartIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent(); // surefire runs in packaging/
    static final Path SCRIPT = ROOT.resolve("quickstart.sh");

    @TempDir
    Path home;

    record Result(int exitCode, String output) {}

    Result run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("QUICKSTART_HOME", home.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "quickstart.sh did not finish: " + out);
        return new Result(p.exitValue(), out);
    }

    static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    static Map<String, String> ports(List<Integer> p) {
        return Map.of(
                "KAFKA_PORT",
                p.get(0).toString(),
                "CONTROLLER_PORT",
                p.get(1).toString(),
                "CONNECT_PORT",
                p.get(2).toString());
    }

    @Test
    void oneCommandPrintsTheDemoEventsAndStopLeavesNothingRunning() throws Exception {
        Map<String, String> env = ports(freePorts(3));
        try {
            Result start = run(env);
            assertEquals(0, start.exitCode(), start.output());
            String out = start.output();
            assertTrue(
                    out.contains("op=r  key={\"id\":1}  before=null  after={\"id\":1,\"name\":\"Ann\","
                            + "\"email\":\"ann@example.com\"}  source.snapshot=first"),
                    out);
            assertTrue(out.contains("op=c  key={\"id\":3}"), out);
            assertTrue(
                    out.contains("op=u  key={\"id\":2}  before={\"id\":2,\"name\":\"Bob\",\"email\":null}  "
                            + "after={\"id\":2,\"name\":\"Bob\",\"email\":\"bob@example.com\"}"),
                    out);
            assertTrue(out.contains("op=d  key={\"id\":1}"), out);
            assertTrue(out.contains("tombstone   key={\"id\":1}"), out);
            Matcher first = Pattern.compile("first event printed (\\d+) s after the command started")
                    .matcher(out);
            assertTrue(first.find(), out);
            // 60 s is the promise with the build done; a loaded CI machine gets twice that before this fails.
            assertTrue(Integer.parseInt(first.group(1)) < 120, "first event after " + first.group(1) + " s");
            Result sql = run(env, "sql", "INSERT INTO customers VALUES (4, 'Dee', NULL)");
            assertEquals(0, sql.exitCode(), sql.output());
            Result events = run(env, "events");
            assertTrue(events.output().contains("op=c  key={\"id\":4}"), events.output());
        } finally {
            stopAndCheckNothingRuns(env);
        }
    }

    /**
     * {@code ./quickstart.sh stop}, then checks that none of the processes this run started still runs. Should one
     * survive, the test kills it (it is ours: its pid came from this test's state directory) and fails.
     */
    void stopAndCheckNothingRuns(Map<String, String> env) throws Exception {
        List<Long> pids = new ArrayList<>();
        for (String name : List.of("kafka", "connect")) {
            Path pidFile = home.resolve("run/" + name + ".pid");
            if (Files.exists(pidFile)) {
                pids.add(Long.parseLong(Files.readString(pidFile).trim()));
            }
        }
        Result stop = run(env, "stop");
        keepLogs();
        List<Long> survivors = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(h -> {
                survivors.add(pid);
                h.destroyForcibly();
            });
        }
        assertEquals(0, stop.exitCode(), stop.output());
        assertTrue(survivors.isEmpty(), "still running after stop: " + survivors + "\n" + stop.output());
    }

    /** The broker, worker and consumer logs outlive the temp dir, in target/quickstart-it-logs, for diagnosis. */
    void keepLogs() throws IOException {
        Path logs = home.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        Path kept = Path.of("target/quickstart-it-logs");
        Files.createDirectories(kept);
        try (var files = Files.list(logs)) {
            for (Path f : files.toList()) {
                Files.copy(f, kept.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** --postgres streams the demo table of the user's own server, and stop leaves no replication slot behind. */
    @Test
    void pointedAtAPostgresServerItStreamsItsDemoTableAndStopDropsTheSlot() throws Exception {
        try (PrivatePostgres pg = new PrivatePostgres()) {
            Map<String, String> env = ports(freePorts(3));
            try {
                Result start = run(env, "--postgres", "127.0.0.1:" + pg.port + "/postgres", "--user", "postgres");
                assertEquals(0, start.exitCode(), start.output());
                assertTrue(
                        start.output().contains("topic quickstart.public.entitynotifier_demo_customers"),
                        start.output());
                // REPLICA IDENTITY FULL (set by the demo): the update carries the whole old row.
                assertTrue(
                        start.output()
                                .contains(
                                        "op=u  key={\"id\":2}  before={\"id\":2,\"name\":\"Bob\"," + "\"email\":null}"),
                        start.output());
                assertTrue(start.output().contains("tombstone   key={\"id\":1}"), start.output());
            } finally {
                stopAndCheckNothingRuns(env);
            }
            try (var c = pg.connect();
                    var st = c.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FROM pg_replication_slots")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "stop dropped the demo's replication slot");
            }
        }
    }

    @Test
    void aPortInUseIsReportedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> env = new java.util.HashMap<>(ports(freePorts(3)));
            env.put("CONNECT_PORT", Integer.toString(taken.getLocalPort()));
            Result r = run(env);
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(
                    r.output().contains("Port " + taken.getLocalPort() + " (the Connect REST API) is in use"),
                    r.output());
            assertFalse(Files.exists(home.resolve("run/kafka.pid")), "nothing was started");
        }
    }

    @Test
    void javaOlderThan17IsReported() throws Exception {
        Path fakeJava = home.resolve("old-jdk/bin/java");
        Files.createDirectories(fakeJava.getParent());
        Files.writeString(fakeJava, "#!/bin/sh\necho 'openjdk version \"11.0.21\" 2023-10-17' >&2\n");
        assertTrue(fakeJava.toFile().setExecutable(true));
        Result r = run(Map.of("JAVA_HOME", home.resolve("old-jdk").toString()));
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("Java 11.0.21 is too old: Kafka 4.3.1 needs Java 17 or later"), r.output());
    }

    @Test
    void anUnreachableDatabaseIsReported() throws Exception {
        int unused = freePorts(1).get(0);
        Map<String, String> env = new java.util.HashMap<>(ports(freePorts(3)));
        Result r = run(env, "--postgres", "127.0.0.1:" + unused + "/inventory", "--user", "cdc", "--password", "x");
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(
                r.output().contains("cannot connect to jdbc:postgresql://127.0.0.1:" + unused + "/inventory as cdc"),
                r.output());
        assertTrue(r.output().contains("The database is unreachable or refused the login"), r.output());
        assertFalse(Files.exists(home.resolve("run/kafka.pid")), "nothing was started");
    }
}
