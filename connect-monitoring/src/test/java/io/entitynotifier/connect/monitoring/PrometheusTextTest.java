package io.entitynotifier.connect.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.monitoring.TaskMetricsReader.TaskView;

class PrometheusTextTest {

    @Test
    void rendersLabelledFamiliesAndSkipsText() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ConnectorName", "shop");
        m.put("TotalNumberOfEventsSeen", 42L);
        m.put("Connected", true);
        m.put("MilliSecondsBehindSource", 7L);
        String text = PrometheusText.render(List.of(new TaskView("shop", "ac\"me", "0", m)));
        assertTrue(text.contains("# TYPE entitynotifier_total_number_of_events_seen counter\n"), text);
        assertTrue(
                text.contains("entitynotifier_total_number_of_events_seen{connector=\"shop\",tenant=\"ac\\\"me\","
                        + "task=\"0\"} 42\n"),
                text);
        assertTrue(text.contains("entitynotifier_connected{connector=\"shop\",tenant=\"ac\\\"me\",task=\"0\"} 1\n"));
        assertTrue(text.contains("# TYPE entitynotifier_milli_seconds_behind_source gauge"), text);
        assertTrue(!text.contains("connector_name"), text);
    }

    @Test
    void anAttributeNullOnTheFirstTaskIsStillExportedForTheOthers() {
        Map<String, Object> sqlite = new LinkedHashMap<>();
        sqlite.put("TotalNumberOfEventsSeen", 1L);
        sqlite.put("PostgresSlotRetainedWalBytes", null);
        Map<String, Object> pg = new LinkedHashMap<>();
        pg.put("TotalNumberOfEventsSeen", 2L);
        pg.put("PostgresSlotRetainedWalBytes", 16_777_216L);
        String text = PrometheusText.render(
                List.of(new TaskView("files", "t", "0", sqlite), new TaskView("orders", "t", "0", pg)));
        assertTrue(text.contains("# TYPE entitynotifier_postgres_slot_retained_wal_bytes gauge\n"), text);
        assertTrue(
                text.contains("entitynotifier_postgres_slot_retained_wal_bytes{connector=\"orders\",tenant=\"t\","
                        + "task=\"0\"} 16777216\n"),
                text);
        assertTrue(!text.contains("slot_retained_wal_bytes{connector=\"files\""), text);
    }

    @Test
    void snakeCase() {
        assertEquals("milli_seconds_behind_source", PrometheusText.snake("MilliSecondsBehindSource"));
        assertEquals("throttled_time_ms", PrometheusText.snake("ThrottledTimeMs"));
    }
}
