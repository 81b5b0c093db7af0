package io.entitynotifier.connect.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.config.EventConfig;
import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.common.txn.PendingRecord;

/** The envelope, source block, heartbeat and transaction metadata as Debezium 3.6.1 lays them out. */
class DebeziumEnvelopeTest {

    static final Instant PROCESSED = Instant.parse("2026-12-07T10:00:00.123456789Z");
    final SourceInfo info = SourceInfo.builder("io.debezium.connector.test.Source", "test", "p")
            .field(SourceInfo.TABLE, Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    final TableSchema table = TableSchema.of(
            "p",
            new TableId("db", "s", "t"),
            List.of(new Column("id", "int", Schema.INT64_SCHEMA, true)),
            info.schema());

    static List<String> names(Schema s) {
        return s.fields().stream().map(Field::name).toList();
    }

    @Test
    void envelopeHasDebeziumsFieldsInOrderWithVersion2AndProcessingTime() {
        Schema e = table.envelopeSchema();
        assertEquals("p.s.t.Envelope", e.name());
        assertEquals(2, e.version());
        assertEquals(List.of("before", "after", "source", "transaction", "op", "ts_ms", "ts_us", "ts_ns"), names(e));
        assertTrue(e.field("before").schema().isOptional());
        assertFalse(e.field("source").schema().isOptional());
        assertFalse(e.field("op").schema().isOptional());
        for (String ts : List.of("ts_ms", "ts_us", "ts_ns")) {
            assertEquals(Schema.OPTIONAL_INT64_SCHEMA, e.field(ts).schema(), ts);
        }
        assertEquals("event.block", e.field("transaction").schema().name());

        ChangeRecordFactory f = new ChangeRecordFactory(Map.of("server", "p"), true, null, () -> PROCESSED);
        List<PendingRecord> out = new ArrayList<>();
        Struct source = info.structAtMicros(1_700_000_000_123_456L, SourceInfo.Snapshot.FALSE, "db");
        f.emit(
                table,
                Operation.CREATE,
                null,
                new Object[] {1L},
                source,
                Map.of("pos", 1L),
                1_700_000_000_123L,
                "tx",
                true,
                out);
        Struct v = (Struct) out.get(0).record().value();
        assertEquals(PROCESSED.toEpochMilli(), v.getInt64("ts_ms"), "envelope ts_ms is the processing time");
        assertEquals(1_796_637_600_123_456L, v.getInt64("ts_us"));
        assertEquals(1_796_637_600_123_456_789L, v.getInt64("ts_ns"));
        assertNull(v.get("transaction"), "no transaction block without provide.transaction.metadata");
        Struct s = v.getStruct("source");
        assertEquals(1_700_000_000_123L, s.getInt64("ts_ms"), "source.ts_ms is the source's commit time");
        assertEquals(1_700_000_000_123_456L, s.getInt64("ts_us"));
        assertEquals(1_700_000_000_123_456_000L, s.getInt64("ts_ns"));
        assertTrue(out.get(0).endsSourceTransaction());
    }

    @Test
    void sourceBlockStartsWithDebeziumsCommonFields() {
        Schema s = info.schema();
        assertEquals(1, s.version());
        assertEquals(
                List.of(
                        "version",
                        "connector",
                        "name",
                        "ts_ms",
                        "snapshot",
                        "db",
                        "sequence",
                        "ts_us",
                        "ts_ns",
                        "table"),
                names(s));
        Schema snap = s.field("snapshot").schema();
        assertEquals("io.debezium.data.Enum", snap.name());
        assertEquals(1, snap.version());
        assertEquals(
                "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental",
                snap.parameters().get("allowed"));
        assertEquals("false", snap.defaultValue());
        assertTrue(snap.isOptional());
        assertEquals(Schema.STRING_SCHEMA, s.field("db").schema());
        Struct streaming = info.structAtMillis(5, SourceInfo.Snapshot.FALSE, null);
        assertNull(streaming.getWithoutDefault("snapshot"), "streaming leaves snapshot unset, as Debezium");
        assertEquals("false", streaming.get("snapshot"));
        assertEquals("", streaming.get("db"));
        assertEquals(
                "last", info.structAtMillis(5, SourceInfo.Snapshot.LAST, "db").get("snapshot"));
        assertEquals(SourceInfo.Snapshot.FIRST, SourceInfo.Snapshot.of(true, false, true, false));
        assertEquals(SourceInfo.Snapshot.LAST, SourceInfo.Snapshot.of(true, true, true, true));
        assertEquals(SourceInfo.Snapshot.LAST_IN_DATA_COLLECTION, SourceInfo.Snapshot.of(false, false, true, true));
        assertEquals(SourceInfo.Snapshot.FIRST_IN_DATA_COLLECTION, SourceInfo.Snapshot.of(false, false, true, false));
        assertEquals(SourceInfo.Snapshot.TRUE, SourceInfo.Snapshot.of(false, false, false, false));
    }

    @Test
    void transactionMetadataWritesBeginAndEndAroundTheEventsAndNumbersThem() {
        TransactionMetadata tm = new TransactionMetadata("p.transaction");
        ChangeRecordFactory f = new ChangeRecordFactory(Map.of("server", "p"), true, tm, () -> PROCESSED);
        TableSchema other = TableSchema.of("p", new TableId("db", "s", "u"), table.columns(), info.schema());
        List<PendingRecord> out = new ArrayList<>();
        Struct source = info.structAtMillis(7, SourceInfo.Snapshot.FALSE, "db");
        f.emit(table, Operation.CREATE, null, new Object[] {1L}, source, Map.of("pos", 1L), 7, "tx1", false, out);
        f.emit(other, Operation.CREATE, null, new Object[] {1L}, source, Map.of("pos", 2L), 7, "tx1", false, out);
        f.emit(table, Operation.DELETE, new Object[] {1L}, null, source, Map.of("pos", 3L), 7, "tx1", true, out);
        // BEGIN, c, c, d, tombstone, END
        assertEquals(6, out.size());
        SourceRecord begin = out.get(0).record();
        assertEquals("p.transaction", begin.topic());
        assertEquals(
                "io.debezium.connector.common.TransactionMetadataKey",
                begin.keySchema().name());
        assertEquals(
                "io.debezium.connector.common.TransactionMetadataValue",
                begin.valueSchema().name());
        assertEquals(List.of("status", "id", "event_count", "data_collections", "ts_ms"), names(begin.valueSchema()));
        Struct b = (Struct) begin.value();
        assertEquals("BEGIN", b.get("status"));
        assertEquals("tx1", b.get("id"));
        assertEquals(7L, b.get("ts_ms"));
        assertNull(b.get("event_count"));
        assertFalse(out.get(0).resumable(), "resuming at the BEGIN would skip the first event");
        long[][] expected = {{1, 1}, {2, 1}, {3, 2}};
        for (int i = 0; i < 3; i++) {
            Struct t = ((Struct) out.get(i + 1).record().value()).getStruct("transaction");
            assertEquals("tx1", t.get("id"));
            assertEquals(expected[i][0], t.get("total_order"));
            assertEquals(expected[i][1], t.get("data_collection_order"));
        }
        assertNull(out.get(4).record().value(), "tombstone");
        assertFalse(out.get(4).endsSourceTransaction(), "the END ends the source transaction, not the tombstone");
        PendingRecord endP = out.get(5);
        assertTrue(endP.endsSourceTransaction());
        assertEquals(Map.of("pos", 3L), endP.record().sourceOffset());
        Struct end = (Struct) endP.record().value();
        assertEquals("END", end.get("status"));
        assertEquals(3L, end.get("event_count"));
        List<?> collections = end.getArray("data_collections");
        assertEquals(2, collections.size());
        assertEquals("s.t", ((Struct) collections.get(0)).get("data_collection"));
        assertEquals(2L, ((Struct) collections.get(0)).get("event_count"));
        assertEquals("s.u", ((Struct) collections.get(1)).get("data_collection"));
        // the next transaction starts afresh; a resumed one continues the numbering without a second BEGIN
        out.clear();
        f.replayed("tx2", table.id());
        f.emit(table, Operation.CREATE, null, new Object[] {2L}, source, Map.of("pos", 5L), 8, "tx2", true, out);
        assertEquals(2, out.size(), "event and END, no BEGIN (delivered before the restart)");
        assertEquals(
                2L,
                ((Struct) out.get(0).record().value()).getStruct("transaction").get("total_order"));
        assertEquals(2L, ((Struct) out.get(1).record().value()).get("event_count"));
    }

    @Test
    void skippedOperationsDefaultToTruncatesAsDebezium() {
        CommonSourceConfig c = new CommonSourceConfig(CommonSourceConfig.configDef(), Map.of("topic.prefix", "p"));
        SkippedOperations d = EventConfig.skippedOperations(c);
        assertTrue(d.skips(Operation.TRUNCATE));
        assertFalse(d.skips(Operation.CREATE));
        Map<String, String> none = new HashMap<>(Map.of("topic.prefix", "p", "skipped.operations", "none"));
        assertFalse(EventConfig.skippedOperations(new CommonSourceConfig(CommonSourceConfig.configDef(), none))
                .skips(Operation.TRUNCATE));
        SkippedOperations cud = SkippedOperations.parse(List.of("c", "u", "d"));
        assertTrue(cud.skips(Operation.CREATE) && cud.skips(Operation.UPDATE) && cud.skips(Operation.DELETE));
        assertFalse(cud.skips(Operation.TRUNCATE));
        assertFalse(cud.skips(Operation.READ));
        Map<String, String> bad = new HashMap<>(Map.of("topic.prefix", "p", "skipped.operations", "x"));
        assertThrows(
                org.apache.kafka.common.config.ConfigException.class,
                () -> new CommonSourceConfig(CommonSourceConfig.configDef(), bad));
        Map<String, String> mixed = new HashMap<>(Map.of("topic.prefix", "p", "skipped.operations", "none,t"));
        assertThrows(
                org.apache.kafka.common.config.ConfigException.class,
                () -> new CommonSourceConfig(CommonSourceConfig.configDef(), mixed));
    }

    @Test
    void heartbeatGoesToDebeziumsTopicWithDebeziumsSchemas() {
        Map<String, String> props = new HashMap<>(Map.of("topic.prefix", "p", "heartbeat.interval.ms", "1"));
        CommonSourceConfig c = new CommonSourceConfig(CommonSourceConfig.configDef(), props);
        long[] now = {0};
        Heartbeat h = new Heartbeat(c, Map.of("server", "p"), () -> now[0]);
        assertEquals("__debezium-heartbeat.p", h.topic());
        now[0] = 10;
        SourceRecord r = h.maybeBeat(Map.of("pos", 1L));
        assertEquals("io.debezium.connector.common.ServerNameKey", r.keySchema().name());
        assertEquals(1, r.keySchema().version());
        assertEquals("io.debezium.connector.common.Heartbeat", r.valueSchema().name());
        assertEquals("p", ((Struct) r.key()).get("serverName"));
        assertEquals(10L, ((Struct) r.value()).get("ts_ms"));
        props.put("topic.heartbeat.prefix", "hb");
        assertEquals(
                "hb.p",
                new Heartbeat(new CommonSourceConfig(CommonSourceConfig.configDef(), props), Map.of(), () -> 0)
                        .topic());
        assertSame(Heartbeat.KEY_SCHEMA, r.keySchema());
    }
}
