package io.entitynotifier.connect.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * The REST extension in a real worker: Prometheus text and the dashboard as a browser shows it (headless Chromium
 * renders the page, runs its script against the worker, and the test reads the resulting DOM).
 */
class DashboardIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static ConnectTestCluster cluster;
    static String base;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        // Two workers: the dashboard shows the whole cluster, each task with the worker that runs it.
        cluster = ConnectTestCluster.start(
                Map.of(
                        "rest.extension.classes",
                        CdcMonitoringRestExtension.class.getName(),
                        CdcMonitoringRestExtension.SAMPLE_INTERVAL_CONFIG,
                        "500"),
                2);
        String connectors = cluster.connect().endpointForResource("connectors");
        base = connectors.substring(0, connectors.indexOf("/connectors"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    static void deploy(String name, String tenant, Path db, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)");
            for (int i = 1; i <= rows; i++) {
                s.execute("INSERT INTO orders VALUES (" + i + ", " + i * 1.5 + ")");
            }
        }
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.entitynotifier.connect.sqlite.SqliteSourceConnector");
        c.put("database.path", db.toString());
        c.put("topic.prefix", tenant + "." + name);
        c.put("tenant.id", tenant);
        c.put("poll.interval.ms", "50");
        cluster.deploy(name, c);
    }

    @Test
    void prometheusTextAndTheDashboardShowEveryConnectorByTenant() throws Exception {
        deploy("orders-eu", "acme", dir.resolve("eu.db"), 7);
        deploy("orders-us", "globex", dir.resolve("us.db"), 3);
        cluster.consumeCommitted(7, TIMEOUT, "acme.orders-eu.main.orders");
        cluster.consumeCommitted(3, TIMEOUT, "globex.orders-us.main.orders");

        TestUtils.waitForCondition(
                () -> get("/cdc/metrics")
                        .contains(
                                "entitynotifier_total_number_of_events_seen{connector=\"orders-eu\",tenant=\"acme\",task=\"0\"} 7\n"),
                TIMEOUT.toMillis(),
                "Prometheus text counts the events");
        String text = get("/cdc/metrics");
        assertTrue(
                text.contains("entitynotifier_number_of_read_events_seen{connector=\"orders-us\",tenant=\"globex\","
                        + "task=\"0\"} 3\n"),
                text);
        assertTrue(
                text.contains("entitynotifier_snapshot_completed{connector=\"orders-us\",tenant=\"globex\","
                        + "task=\"0\"} 1\n"),
                text);

        // Let the history gather a few samples, so the charts have points.
        TestUtils.waitForCondition(
                () -> get("/cdc/history.json").matches("(?s).*\"orders-eu/0\":\\[\\[[^]]+],\\[[^]]+],\\[.*"),
                TIMEOUT.toMillis(),
                "the history samples every task");
        String dom = renderInChromium("/cdc/dashboard");
        for (String name : List.of("orders-eu", "orders-us")) {
            String worker = cluster.status(name).tasks().get(0).workerId();
            assertEquals(worker, cell(dom, name, "worker"), "the dashboard names the worker that runs " + name);
            assertTrue(dom.contains("data-worker=\"" + worker + "\" data-reachable=\"true\""), dom);
        }
        Matcher points = Pattern.compile("data-series=\"rate\" data-points=\"(\\d+)\"")
                .matcher(dom.substring(dom.indexOf("data-connector=\"orders-eu\"")));
        assertTrue(points.find() && Integer.parseInt(points.group(1)) >= 2, "the events/s chart has points:\n" + dom);
        for (String series : List.of("lag", "throttled", "buffered")) {
            assertTrue(dom.contains("data-series=\"" + series + "\""), series + " chart");
        }
        assertTrue(dom.contains("<section class=\"tenant\" data-tenant=\"acme\">"), dom);
        assertTrue(dom.contains("<section class=\"tenant\" data-tenant=\"globex\">"), dom);
        assertEquals("7", cell(dom, "orders-eu", "events"));
        assertEquals("3", cell(dom, "orders-us", "events"));
        assertEquals("RUNNING", cell(dom, "orders-eu", "state"));
        assertTrue(cell(dom, "orders-us", "snapshot").startsWith("done (3 rows)"), dom);
    }

    /**
     * A failed task has no metrics MBean (Connect stops it), yet shows as FAILED with its worker, from Connect's
     * status; a tenant's view holds only its own tasks.
     */
    @Test
    void failedTasksShowTheirStateAndTenantViewsHoldOnlyTheirTasks() throws Exception {
        deploy("ledger", "initech", dir.resolve("ledger.db"), 2);
        cluster.consumeCommitted(2, TIMEOUT, "initech.ledger.main.orders");
        // Dropping the connector's change log under it: the task fails at its next read.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
                Statement s = c.createStatement()) {
            List<String> logs = new ArrayList<>();
            try (var rs = s.executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '\\_entitynotifier\\_changes%'"
                            + " ESCAPE '\\'")) {
                while (rs.next()) {
                    logs.add(rs.getString(1));
                }
            }
            assertTrue(!logs.isEmpty(), "the connector's change log exists");
            for (String t : logs) {
                s.execute("DROP TABLE \"" + t + "\"");
            }
        }
        cluster.awaitTaskFailure("ledger", TIMEOUT);
        TestUtils.waitForCondition(
                () -> get("/cdc/metrics")
                        .matches("(?s).*entitynotifier_task_state\\{connector=\"ledger\","
                                + "tenant=\"initech\",task=\"0\",worker=\"[^\"]+\",state=\"FAILED\"} 1\n.*"),
                TIMEOUT.toMillis(),
                "the failed task's state is exported");
        String mine = get("/cdc/metrics?tenant=initech");
        assertTrue(mine.contains("connector=\"ledger\""), mine);
        assertTrue(!mine.contains("tenant=\"acme\"") && !mine.contains("tenant=\"globex\""), mine);
        String json = get("/cdc/states.json?tenant=initech");
        assertTrue(json.contains("\"state\":\"FAILED\"") && !json.contains("globex"), json);
        cluster.connect().deleteConnector("ledger");
    }

    /** The text of the {@code data-metric} cell in a connector's row of the rendered dashboard. */
    static String cell(String dom, String connector, String metric) {
        int row = dom.indexOf("data-connector=\"" + connector + "\"");
        assertTrue(row >= 0, "no row for " + connector + " in\n" + dom);
        int end = dom.indexOf("</tr>", row);
        Matcher m =
                Pattern.compile("data-metric=\"" + metric + "\"[^>]*>([^<]*)").matcher(dom.substring(row, end));
        assertTrue(m.find(), "no " + metric + " cell for " + connector);
        return m.group(1).trim();
    }

    static String renderInChromium(String path) throws Exception {
        String browser = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").stream()
                .filter(p -> new File(p).canExecute())
                .findFirst()
                .orElseThrow(() -> new AssertionError("headless Chromium is needed: apt-get install -y chromium"));
        Path profile = Files.createTempDirectory(dir, "chromium");
        List<String> cmd = new ArrayList<>(List.of(
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=5000",
                "--dump-dom",
                base + path));
        Process p = new ProcessBuilder(cmd)
                .redirectError(dir.resolve("chromium.log").toFile())
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        // A screenshot for people looking at the build output; the assertions read the DOM.
        new ProcessBuilder(
                        browser,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--virtual-time-budget=5000",
                        "--window-size=1500,500",
                        "--screenshot=" + Path.of("target", "dashboard.png").toAbsolutePath(),
                        base + path)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium-shot.log").toFile())
                .start()
                .waitFor(90, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }
}
