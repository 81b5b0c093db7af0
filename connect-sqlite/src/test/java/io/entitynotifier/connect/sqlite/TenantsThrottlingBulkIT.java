package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Tenancy, throttling, bulk operations, metrics and tracing, shown with the SQLite connector on a real worker (the
 * code under test is connect-common's and the same for every connector).
 */
class TenantsThrottlingBulkIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static ConnectTestCluster cluster;
    static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        cluster = ConnectTestCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Map<String, String> connector(SqliteTestDatabase db, String prefix) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", SqliteSourceConnector.class.getName());
        c.put("database.path", db.file.toString());
        c.put("topic.prefix", prefix);
        c.put("poll.interval.ms", "50");
        return c;
    }

    static SqliteTestDatabase tableWithRows(String file, int rows) throws Exception {
        SqliteTestDatabase db = new SqliteTestDatabase(dir, file);
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        List<String> s = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            s.add("INSERT INTO t VALUES (" + i + ", 'row " + i + "')");
        }
        if (!s.isEmpty()) {
            db.txn(s.toArray(String[]::new));
        }
        return db;
    }

    static ObjectName metricsOf(String connector) throws Exception {
        Set<ObjectName> names = JMX.queryNames(
                new ObjectName("io.entitynotifier.connect:type=connector-metrics," + "connector="
                        + ObjectName.quote(connector) + ",*"),
                null);
        return names.isEmpty() ? null : names.iterator().next();
    }

    static long events(String connector) throws Exception {
        return (Long) JMX.getAttribute(metricsOf(connector), "TotalNumberOfEventsSeen");
    }

    @Test
    void tenantIdIsOnEveryRecordAndMetricAndValidationGuardsTheScope() throws Exception {
        try (SqliteTestDatabase db = tableWithRows("tenant.db", 3)) {
            String cls = SqliteSourceConnector.class.getName();
            Map<String, String> c = connector(db, "globex.shop");
            c.put("tenant.id", "acme");
            List<String> e = ConnectTestCluster.errorsFor(cluster.validate(cls, c), "topic.prefix");
            assertTrue(e.get(0).contains("does not belong to tenant.id 'acme'"), e.toString());

            c.put("topic.prefix", "acme.shop");
            c.put("tenant.isolation", "schema");
            c.put("tenant.scope", "tenant_b");
            c.put("table.include.list", "main\\.t");
            e = ConnectTestCluster.errorsFor(cluster.validate(cls, c), "table.include.list");
            assertTrue(e.get(0).contains("outside tenant scope 'tenant_b'"), e.toString());

            c.put("tenant.scope", "main");
            var ok = cluster.validate(cls, c);
            assertTrue(ConnectTestCluster.errorsFor(ok, "table.include.list").isEmpty());
            assertTrue(ConnectTestCluster.errorsFor(ok, "topic.prefix").isEmpty());
            cluster.deploy("acme-shop", c);
            List<Event> ev = ChangeEvents.parse(cluster.consumeCommitted(3, TIMEOUT, "acme.shop.main.t"));
            for (Event x : ev) {
                assertEquals("acme", x.header("cdc.tenant"));
            }
            ObjectName name = metricsOf("acme-shop");
            assertNotNull(name, "task metrics are registered");
            assertEquals("\"acme\"", name.getKeyProperty("tenant"));
            TestUtils.waitForCondition(() -> events("acme-shop") == 3, TIMEOUT.toMillis(), "metrics count events");
            assertEquals(3L, JMX.getAttribute(name, "NumberOfReadEventsSeen"));
            assertEquals(Boolean.TRUE, JMX.getAttribute(name, "SnapshotCompleted"));
            assertEquals(Boolean.TRUE, JMX.getAttribute(name, "Connected"));
            db.exec("INSERT INTO t VALUES (10, 'x')", "DELETE FROM t WHERE id = 1");
            TestUtils.waitForCondition(() -> events("acme-shop") == 5, TIMEOUT.toMillis(), "metrics count events");
            assertEquals(1L, JMX.getAttribute(name, "NumberOfCreateEventsSeen"));
            assertEquals(1L, JMX.getAttribute(name, "NumberOfDeleteEventsSeen"));
            cluster.connect().deleteConnector("acme-shop");
            TestUtils.waitForCondition(
                    () -> metricsOf("acme-shop") == null,
                    TIMEOUT.toMillis(),
                    "metrics unregistered when the task stops");
        }
    }

    /**
     * A throttled task hands records over steadily, a tenth of a second's budget at a time, rather than draining a
     * whole batch and then sleeping for all of its budget (which delivered nothing for the first 20 s here, then
     * thousands at once). Producer timestamps tell when each record left the task; the consumer is read_committed.
     */
    @Test
    void throttledTaskDeliversSteadilyWithinItsRate() throws Exception {
        int rows = 1500;
        double rate = 100;
        try (SqliteTestDatabase db = tableWithRows("paced.db", rows)) {
            Map<String, String> c = connector(db, "paced");
            c.put("throttle.max.events.per.second", Double.toString(rate));
            long created = System.currentTimeMillis();
            cluster.deploy("paced", c);
            var records = cluster.consumeCommitted("paced", rows, TIMEOUT, "paced.main.t");
            assertEquals(rows, ChangeEvents.parse(records).size());
            long[] at = records.stream().mapToLong(r -> r.timestamp()).sorted().toArray();
            assertTrue(at[0] - created < 10_000, "first record " + (at[0] - created) + " ms after the connector");
            long maxGap = 0;
            for (int i = 1; i < at.length; i++) {
                maxGap = Math.max(maxGap, at[i] - at[i - 1]);
            }
            // Before: one 2,048-record batch (here the whole table) waited for its whole budget, a gap of ~15 s.
            assertTrue(maxGap < 3_000, "longest pause between records " + maxGap + " ms");
            // Any 10 s window holds at most 10 s of budget plus the documented burst (1 s) and one slice.
            long limit = (long) (rate * 10 + rate + rate / 10);
            int from = 0;
            int busiest = 0;
            for (int to = 0; to < at.length; to++) {
                while (at[to] - at[from] >= 10_000) {
                    from++;
                }
                busiest = Math.max(busiest, to - from + 1);
            }
            assertTrue(busiest <= limit, busiest + " records in one 10 s window, limit " + limit);
            double took = (at[at.length - 1] - at[0]) / 1000.0;
            assertTrue(took >= (rows - rate - rate / 10) / rate * 0.9, "the rate held: " + took + " s");
            ObjectName name = metricsOf("paced");
            assertTrue((Long) JMX.getAttribute(name, "ThrottledTimeMs") > 5_000, "throttled time is reported");
            cluster.connect().deleteConnector("paced");
        }
    }

    @Test
    void twoTenantsShareAThrottleGroupByPriorityAndLoseNothing() throws Exception {
        int rows = 2500;
        try (SqliteTestDatabase low = tableWithRows("low.db", rows);
                SqliteTestDatabase critical = tableWithRows("critical.db", rows)) {
            double groupRate = 400;
            for (String[] t : new String[][] {{"low", "low"}, {"critical", "critical"}}) {
                Map<String, String> c = connector(t[0].equals("low") ? low : critical, t[0]);
                c.put("tenant.id", t[0]);
                c.put("tenant.priority", t[1]);
                c.put("throttle.group", "shared");
                c.put("throttle.group.max.events.per.second", Double.toString(groupRate));
                c.put("max.batch.size", "20");
                c.put("snapshot.chunk.size", "20");
                cluster.connect().configureConnector(t[0], withDefaults(c));
            }
            cluster.awaitRunning("low");
            cluster.awaitRunning("critical");
            TestUtils.waitForCondition(
                    () -> metricsOf("low") != null
                            && metricsOf("critical") != null
                            && events("low") > 50
                            && events("critical") > 200,
                    TIMEOUT.toMillis(),
                    "both tenants busy");
            long l0 = events("low");
            long c0 = events("critical");
            long t0 = System.nanoTime();
            TestUtils.waitForCondition(() -> System.nanoTime() - t0 > 3_000_000_000L, TIMEOUT.toMillis(), "window");
            long l1 = events("low");
            long c1 = events("critical");
            double secs = (System.nanoTime() - t0) / 1e9;
            double lowRate = (l1 - l0) / secs;
            double critRate = (c1 - c0) / secs;
            assertTrue(c1 < rows, "critical was still busy during the window");
            // Weights 1 and 8 of a 400/s budget: about 44/s and 356/s. Tolerance for a shared 2-core machine.
            assertTrue(critRate + lowRate < groupRate * 1.3, "group limit held: " + critRate + " + " + lowRate);
            assertTrue(critRate > lowRate * 4, "critical got the larger share: " + critRate + " vs " + lowRate);
            assertTrue(lowRate > 5, "low was not starved: " + lowRate);
            // Once critical is done, its share is lent to low; and nothing is lost.
            assertEquals(
                    rows,
                    cluster.consumeCommitted(rows, TIMEOUT, "critical.main.t").size());
            assertEquals(
                    rows, cluster.consumeCommitted(rows, TIMEOUT, "low.main.t").size());
            cluster.connect().deleteConnector("low");
            cluster.connect().deleteConnector("critical");
        }
    }

    static Map<String, String> withDefaults(Map<String, String> c) {
        Map<String, String> all = ConnectTestCluster.exactlyOnceDefaults();
        all.putAll(c);
        return all;
    }

    @Test
    void bulkOperationsAreSummarizedOrTaggedInTheSameTransaction() throws Exception {
        try (SqliteTestDatabase db = tableWithRows("bulk.db", 0)) {
            db.exec("CREATE TABLE u (id INTEGER PRIMARY KEY)");
            Map<String, String> sum = connector(db, "bulksum");
            sum.put("bulk.threshold", "100");
            sum.put("bulk.mode", "summarize");
            cluster.deploy("bulksum", sum);
            Map<String, String> tag = connector(db, "bulktag");
            tag.put("bulk.threshold", "100");
            tag.put("bulk.mode", "tag");
            tag.put("changelog.purge.enabled", "false"); // two connectors read the same log here
            sum.put("changelog.purge.enabled", "false");
            cluster.connect().configureConnector("bulksum", withDefaults(sum));
            cluster.deploy("bulktag", tag);
            List<String> stmts = new ArrayList<>();
            for (int i = 1; i <= 500; i++) {
                stmts.add("INSERT INTO t VALUES (" + i + ", 'bulk')");
            }
            stmts.add("INSERT INTO u VALUES (1)");
            db.txn(stmts.toArray(String[]::new));

            List<Event> summaries = ChangeEvents.parse(cluster.consumeCommitted(1, TIMEOUT, "bulksum.bulk"));
            // SQLite has no transaction ids: a "source transaction" is what one read sees, so the next insert waits
            // until both connectors have read the bulk one.
            cluster.consumeCommitted(500, TIMEOUT, "bulktag.main.t");
            db.exec("INSERT INTO t VALUES (1000, 'single')");
            assertEquals(1, summaries.size());
            var s = summaries.get(0).value();
            assertEquals(500, s.get("row_count").asLong());
            assertEquals("c", s.get("op").asText());
            assertEquals("main.t", s.get("table").asText());
            assertEquals(10, s.get("sample_keys").size());
            List<Event> rows = ChangeEvents.parse(cluster.consumeCommitted(1, TIMEOUT, "bulksum.main.t"));
            assertEquals(1, rows.size(), "the bulk rows are summarized; the later single insert is delivered");
            assertEquals(1000, rows.get(0).key().get("id").asInt());
            assertEquals(
                    1, cluster.consumeCommitted(1, TIMEOUT, "bulksum.main.u").size());

            List<Event> tagged = ChangeEvents.parse(cluster.consumeCommitted(501, TIMEOUT, "bulktag.main.t"));
            assertEquals(501, tagged.size());
            for (int i = 0; i < 500; i++) {
                assertEquals("500", tagged.get(i).header("cdc.bulk"));
            }
            assertEquals(null, tagged.get(500).header("cdc.bulk"));
            assertEquals(1L, JMX.getAttribute(metricsOf("bulktag"), "BulkOperationsDetected"));
            cluster.connect().deleteConnector("bulksum");
            cluster.connect().deleteConnector("bulktag");
        }
    }

    @Test
    void withAnOpenTelemetrySdkEachSourceTransactionIsASpanAndRecordsCarryItsTraceparent() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        GlobalOpenTelemetry.resetForTest();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        GlobalOpenTelemetry.set(sdk);
        try (SqliteTestDatabase db = tableWithRows("traced.db", 0)) {
            cluster.deploy("traced", connector(db, "traced"));
            db.txn("INSERT INTO t VALUES (1, 'a')", "INSERT INTO t VALUES (2, 'b')");
            List<Event> ev = ChangeEvents.parse(cluster.consumeCommitted(2, TIMEOUT, "traced.main.t"));
            String tp = ev.get(0).header("traceparent");
            assertNotNull(tp);
            assertTrue(tp.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"), tp);
            assertEquals(tp, ev.get(1).header("traceparent"), "one span for the source transaction");
            TestUtils.waitForCondition(() -> !spans.getFinishedSpanItems().isEmpty(), TIMEOUT.toMillis(), "span");
            SpanData span = spans.getFinishedSpanItems().get(0);
            assertTrue(tp.contains(span.getTraceId()) && tp.contains(span.getSpanId()));
            assertEquals("cdc.transaction traced", span.getName());
            cluster.connect().deleteConnector("traced");
        } finally {
            sdk.close();
            GlobalOpenTelemetry.resetForTest();
        }
    }
}
