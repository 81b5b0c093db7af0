package io.entitynotifier.connect.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.debezium.transforms.ExtractNewRecordState;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.common.txn.PendingRecord;

/** Debezium 3.6.1's own ExtractNewRecordState SMT on our change events, heartbeats and transaction records. */
class ExtractNewRecordStateTest {

    final SourceInfo info = SourceInfo.builder("io.debezium.connector.postgresql.Source", "postgresql", "p")
            .field(SourceInfo.SCHEMA, Schema.STRING_SCHEMA)
            .field(SourceInfo.TABLE, Schema.STRING_SCHEMA)
            .field(SourceInfo.TX_ID, Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    final TableSchema table = TableSchema.of(
            "p",
            new TableId("db", "public", "orders"),
            List.of(
                    new Column("id", "int", Schema.INT64_SCHEMA, true),
                    new Column("name", "text", Schema.OPTIONAL_STRING_SCHEMA, false)),
            info.schema());

    Struct source() {
        return info.structAtMillis(1_700_000_000_000L, SourceInfo.Snapshot.FALSE, "db")
                .put("schema", "public")
                .put("table", "orders")
                .put("txId", 5L);
    }

    List<PendingRecord> events() {
        ChangeRecordFactory f = new ChangeRecordFactory(
                Map.of("server", "p"), true, new TransactionMetadata("p.transaction"), java.time.Instant::now);
        List<PendingRecord> out = new ArrayList<>();
        f.emit(
                table,
                Operation.CREATE,
                null,
                new Object[] {1L, "ann"},
                source(),
                Map.of("lsn", 1L),
                1,
                "5:1",
                false,
                out);
        f.emit(
                table,
                Operation.DELETE,
                new Object[] {1L, "ann"},
                null,
                source(),
                Map.of("lsn", 2L),
                1,
                "5:1",
                true,
                out);
        return out; // BEGIN, c, d, tombstone, END
    }

    @Test
    void defaultConfigGivesTheRowAndDropsTombstones() {
        try (ExtractNewRecordState<SourceRecord> smt = new ExtractNewRecordState<>()) {
            smt.configure(Map.of());
            List<PendingRecord> in = events();
            SourceRecord begin = smt.apply(in.get(0).record());
            assertSame(in.get(0).record(), begin, "transaction records pass unchanged");
            SourceRecord c = smt.apply(in.get(1).record());
            assertEquals("p.public.orders.Value", c.valueSchema().name());
            assertEquals("ann", ((Struct) c.value()).get("name"));
            SourceRecord d = smt.apply(in.get(2).record());
            assertNull(d.value(), "delete.tombstone.handling.mode=tombstone (default): the delete becomes a tombstone");
            assertEquals(1L, ((Struct) d.key()).get("id"));
        }
    }

    @Test
    void rewriteModeAndAddedFieldsReadOurSourceBlock() {
        try (ExtractNewRecordState<SourceRecord> smt = new ExtractNewRecordState<>()) {
            smt.configure(Map.of(
                    "delete.tombstone.handling.mode",
                    "rewrite",
                    "add.fields",
                    "op,table,source.ts_ms,ts_ms,txId",
                    "add.headers",
                    "db"));
            List<PendingRecord> in = events();
            Struct c = (Struct) smt.apply(in.get(1).record()).value();
            assertEquals("c", c.get("__op"));
            assertEquals("orders", c.get("__table"));
            assertEquals(1_700_000_000_000L, c.get("__source_ts_ms"));
            assertEquals(5L, c.get("__txId"));
            SourceRecord dr = smt.apply(in.get(2).record());
            Struct d = (Struct) dr.value();
            assertEquals("true", d.get("__deleted"));
            assertEquals(1L, d.get("id"));
            assertEquals("db", dr.headers().lastWithName("__db").value());
        }
    }

    @Test
    void heartbeatsPassUnchanged() {
        long[] now = {0};
        Heartbeat h = new Heartbeat(1, "__debezium-heartbeat.p", "p", Map.of("server", "p"), () -> now[0]);
        try (ExtractNewRecordState<SourceRecord> smt = new ExtractNewRecordState<>()) {
            smt.configure(Map.of());
            now[0] = 10;
            SourceRecord beat = h.maybeBeat(Map.of("lsn", 1L));
            assertSame(beat, smt.apply(beat));
        }
    }
}
