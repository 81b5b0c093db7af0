package io.entitynotifier.connect.monitoring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
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

    @Test
    void everyMetricTheGrafanaDashboardQueriesIsExported() throws Exception {
        TaskMetrics m = new TaskMetrics("files-test", "t", "sqlite", System::currentTimeMillis).register(0);
        Set<String> exported = new HashSet<>();
        try {
            Matcher names = Pattern.compile("(?m)^(entitynotifier_[a-z_]+)\\{")
                    .matcher(PrometheusText.render(new TaskMetricsReader().read()));
            while (names.find()) {
                exported.add(names.group(1));
            }
        } finally {
            m.unregister();
        }
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
    void prometheusScrapesTheExtensionPath() throws Exception {
        String yml = Files.readString(MONITORING.resolve("prometheus.yml"));
        assertTrue(yml.contains("metrics_path: /cdc/metrics"), yml);
    }
}
