package io.entitynotifier.connect.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.metrics.TaskMetrics;

/** The shipped Grafana dashboard and Prometheus config name only metrics the extension really exports. */
class MonitoringFilesTest {

    static final Path MONITORING = Path.of("..", "packaging", "monitoring");

    static Set<String> exportedMetricNames() throws Exception {
        TaskMetrics m = new TaskMetrics("files-test", "t", "sqlite", System::currentTimeMillis).register(0);
        // a PostgreSQL task also has the slot's retained WAL
        TaskMetrics pg = new TaskMetrics("files-test-pg", "t", "postgres", System::currentTimeMillis).register(0);
        pg.slotRetainedWalBytes(() -> 0L);
        Set<String> exported = new HashSet<>();
        try {
            Matcher names = Pattern.compile("(?m)^(entitynotifier_[a-z_]+)\\{")
                    .matcher(PrometheusText.render(new TaskMetricsReader().read()));
            while (names.find()) {
                exported.add(names.group(1));
            }
        } finally {
            m.unregister();
            pg.unregister();
        }
        return exported;
    }

    @Test
    void everyMetricTheGrafanaDashboardQueriesIsExported() throws Exception {
        Set<String> exported = exportedMetricNames();
        JsonNode dash = new ObjectMapper()
                .readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
        Set<String> queried = new HashSet<>();
        for (JsonNode panel : dash.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                Matcher q = Pattern.compile("entitynotifier_[a-z_]+")
                        .matcher(target.get("expr").asText());
                while (q.find()) {
                    queried.add(q.group());
                }
            }
        }
        assertFalse(queried.isEmpty());
        for (String name : queried) {
            assertTrue(exported.contains(name), name + " is queried by the dashboard but not exported: " + exported);
        }
    }

    @Test
    void alertRulesPassPromtoolAndQueryOnlyExportedMetrics() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertTrue(
                Files.isExecutable(promtool),
                "promtool is needed to check the alert rules: apt-get install -y prometheus");
        for (List<String> cmd : List.of(
                List.of(promtool.toString(), "check", "rules", "alerts.yml"),
                List.of(promtool.toString(), "test", "rules", "alerts-test.yml"))) {
            Process p = new ProcessBuilder(cmd)
                    .directory(MONITORING.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "promtool hung");
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        }
        Set<String> exported = exportedMetricNames();
        exported.add("entitynotifier_task_state");
        Matcher used = Pattern.compile("entitynotifier_[a-z_]+")
                .matcher(Files.readString(MONITORING.resolve("alerts.yml")).replaceAll("(?m)^\\s*#.*$", ""));
        int n = 0;
        while (used.find()) {
            n++;
            assertTrue(exported.contains(used.group()), used.group() + " is used by alerts.yml but not exported");
        }
        assertTrue(n >= 4);
    }

    @Test
    void taskStatesAreExportedWithoutTracesAndFilteredByTenant() {
        List<TaskStates.State> states = List.of(
                new TaskStates.State("orders", "acme", "0", "w1:8083", "FAILED"),
                new TaskStates.State("billing", "globex", "0", "w2:8083", "RUNNING"));
        String text = PrometheusText.renderStates(states);
        assertTrue(
                text.contains("entitynotifier_task_state{connector=\"orders\",tenant=\"acme\",task=\"0\","
                        + "worker=\"w1:8083\",state=\"FAILED\"} 1\n"),
                text);
        List<TaskStates.State> acme = CdcResource.ofTenant(states, "acme", TaskStates.State::tenant);
        assertEquals(1, acme.size());
        assertFalse(PrometheusText.statesJson(acme).contains("globex"));
        assertEquals(
                2, CdcResource.ofTenant(states, null, TaskStates.State::tenant).size());
        assertEquals(
                0, CdcResource.ofTenant(states, "", TaskStates.State::tenant).size());
    }

    @Test
    void prometheusScrapesTheExtensionPath() throws Exception {
        String yml = Files.readString(MONITORING.resolve("prometheus.yml"));
        assertTrue(yml.contains("metrics_path: /cdc/metrics"), yml);
    }
}
