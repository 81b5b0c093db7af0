package io.entitynotifier.connect.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.config.EventConfig;
import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.common.txn.PendingRecord;

/** Debezium's MBean names and attributes, read over JMX as Debezium's JMX-exporter rules read them. */
class DebeziumMetricsTest {

    /** The rule of Debezium's Grafana example (jmx_exporter) for single-task connectors. */
    static final String DASHBOARD_RULE = "type=connector-metrics,context=([^,]+),server=([^>,]+)";

    @Test
    void streamingAndSnapshotBeansHaveDebeziumsNamesAndAttributes() throws Exception {
        SourceInfo info = SourceInfo.builder("io.debezium.connector.postgresql.Source", "postgresql", "dbm")
                .field(SourceInfo.SCHEMA, Schema.STRING_SCHEMA)
                .field(SourceInfo.TABLE, Schema.STRING_SCHEMA)
                .field(SourceInfo.TX_ID, Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        TableSchema table = TableSchema.of(
                "dbm",
                new TableId("db", "public", "orders"),
                List.of(new Column("id", "int", Schema.INT64_SCHEMA, true)),
                info.schema());
        long[] now = {1_000_000};
        TaskMetrics task = new TaskMetrics("dbm-connector", "", "postgres", () -> now[0]);
        DebeziumMetrics dbz = new DebeziumMetrics("postgres", "dbm", Map.of(), task, () -> now[0]).register();
        try {
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = jmx.queryNames(new ObjectName("debezium.postgres:type=connector-metrics,*"), null);
            assertEquals(
                    Set.of(
                            new ObjectName("debezium.postgres:type=connector-metrics,context=streaming,server=dbm"),
                            new ObjectName("debezium.postgres:type=connector-metrics,context=snapshot,server=dbm")),
                    names);
            for (ObjectName n : names) {
                assertTrue(n.getKeyPropertyListString().matches(DASHBOARD_RULE), n.getKeyPropertyListString());
            }
            ChangeRecordFactory f = new ChangeRecordFactory(Map.of("server", "dbm"), true);
            List<PendingRecord> out = new ArrayList<>();
            task.snapshotStarted(1, 2);
            for (long id = 1; id <= 2; id++) {
                f.emit(
                        table,
                        Operation.READ,
                        null,
                        new Object[] {id},
                        info.structAtMillis(now[0], SourceInfo.Snapshot.TRUE, "db")
                                .put("schema", "public")
                                .put("table", "orders"),
                        Map.of("lsn", 1L),
                        now[0],
                        null,
                        id == 2,
                        out);
            }
            now[0] += 2_000;
            task.snapshotCompleted();
            f.emit(
                    table,
                    Operation.CREATE,
                    null,
                    new Object[] {3L},
                    info.structAtMillis(now[0] - 250, SourceInfo.Snapshot.FALSE, "db")
                            .put("schema", "public")
                            .put("table", "orders")
                            .put("txId", 77L),
                    Map.of("lsn", 2L),
                    now[0],
                    null,
                    true,
                    out);
            f.emit(
                    table,
                    Operation.UPDATE,
                    new Object[] {3L},
                    new Object[] {3L},
                    info.structAtMillis(now[0] - 250, SourceInfo.Snapshot.FALSE, "db")
                            .put("schema", "public")
                            .put("table", "orders")
                            .put("txId", 78L),
                    Map.of("lsn", 3L),
                    now[0],
                    null,
                    true,
                    out);
            task.onRead(out);
            task.connected(true);
            dbz.onRead(out);

            ObjectName streaming = dbz.streamingName();
            assertEquals(2L, jmx.getAttribute(streaming, "TotalNumberOfEventsSeen"));
            assertEquals(1L, jmx.getAttribute(streaming, "TotalNumberOfCreateEventsSeen"));
            assertEquals(1L, jmx.getAttribute(streaming, "TotalNumberOfUpdateEventsSeen"));
            assertEquals(250L, jmx.getAttribute(streaming, "MilliSecondsBehindSource"));
            assertEquals(true, jmx.getAttribute(streaming, "Connected"));
            assertEquals(2L, jmx.getAttribute(streaming, "NumberOfCommittedTransactions"));
            assertEquals("78", jmx.getAttribute(streaming, "LastTransactionId"));
            assertEquals(
                    "3",
                    ((TabularData) jmx.getAttribute(streaming, "SourceEventPosition"))
                            .get(new Object[] {"lsn"})
                            .get("value"));
            assertEquals(1L, tabular(jmx.getAttribute(streaming, "NumberOfCreateEventsSeen"), "public.orders"));
            assertEquals(List.of("public.orders"), List.of((String[]) jmx.getAttribute(streaming, "CapturedTables")));
            assertFalse(((String) jmx.getAttribute(streaming, "LastEvent")).contains("orders\":3"), "no row values");

            ObjectName snapshot = dbz.snapshotName();
            assertEquals(true, jmx.getAttribute(snapshot, "SnapshotCompleted"));
            assertEquals(false, jmx.getAttribute(snapshot, "SnapshotRunning"));
            assertEquals(2L, jmx.getAttribute(snapshot, "SnapshotDurationInSeconds"));
            assertEquals(1, jmx.getAttribute(snapshot, "TotalTableCount"));
            assertEquals(0, jmx.getAttribute(snapshot, "RemainingTableCount"));
            assertEquals(2L, tabular(jmx.getAttribute(snapshot, "RowsScanned"), "public.orders"));
            assertEquals(2L, jmx.getAttribute(snapshot, "TotalNumberOfEventsSeen"));
        } finally {
            dbz.unregister();
        }
        assertTrue(ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("debezium.postgres:type=connector-metrics,server=dbm,*"), null)
                .isEmpty());
    }

    static Object tabular(Object attribute, String key) {
        CompositeData row = ((TabularData) attribute).get(new Object[] {key});
        return row.get("value");
    }

    @Test
    void customMetricTagsAreAppendedAndValuesSanitizedAsDebezium() throws Exception {
        CommonSourceConfig c = new CommonSourceConfig(
                CommonSourceConfig.configDef(),
                Map.of("topic.prefix", "p", "custom.metric.tags", "env=prod,team=core"));
        ObjectName n = DebeziumMetrics.name("mysql", "streaming", "p", EventConfig.customMetricTags(c));
        assertEquals(
                "debezium.mysql:type=connector-metrics,context=streaming,server=p,env=prod,team=core",
                n.getCanonicalName().isEmpty() ? "" : "debezium.mysql:" + n.getKeyPropertyListString());
        assertEquals("\"a:b\"", DebeziumMetrics.sanitize("a:b"));
        assertEquals("a-b.c_d", DebeziumMetrics.sanitize("a-b.c_d"));
    }
}
