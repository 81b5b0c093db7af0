package io.entitynotifier.connect.common.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.common.txn.PendingRecord;

class BulkOperationsTest {

    final SourceInfo source = SourceInfo.builder("test.Source", "test", "p")
            .field(SourceInfo.SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
            .field(SourceInfo.TABLE, Schema.OPTIONAL_STRING_SCHEMA)
            .field(SourceInfo.TX_ID, Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    Struct src(long tsMs, String schema, String table, String txId) {
        return source.structAtMillis(tsMs, SourceInfo.Snapshot.FALSE, "db")
                .put(SourceInfo.SCHEMA, schema)
                .put(SourceInfo.TABLE, table)
                .put(SourceInfo.TX_ID, txId);
    }

    final TableSchema table = TableSchema.of(
            "p",
            new TableId("db", "s", "t"),
            List.of(new Column("id", "int", Schema.INT64_SCHEMA, true)),
            source.schema());
    final ChangeRecordFactory factory = new ChangeRecordFactory(Map.of("server", "p"), true);

    /** One source transaction: {@code n} rows of {@code op} on table t, then one insert on table u if asked. */
    List<PendingRecord> txn(Operation op, int n, long offsetBase) {
        List<PendingRecord> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Object[] row = {(long) i};
            Struct src = src(1000 + i, "s", "t", "tx1");
            factory.emit(
                    table,
                    op,
                    op == Operation.CREATE ? null : row,
                    op == Operation.DELETE ? null : row,
                    src,
                    Map.of("pos", offsetBase + i),
                    1000 + i,
                    null,
                    i == n,
                    out);
        }
        return out;
    }

    @Test
    void tagModeDeliversEveryRowWithTheOperationsRowCount() {
        BulkOperations b = new BulkOperations(BulkConfig.Mode.TAG, 5, 1000, "p");
        List<PendingRecord> out = b.process(txn(Operation.UPDATE, 7, 0));
        assertEquals(7, out.size());
        for (PendingRecord r : out) {
            assertEquals(
                    7L, r.record().headers().lastWithName(BulkOperations.HEADER).value());
        }
        assertTrue(out.get(6).endsSourceTransaction());
        assertEquals(1, b.detected());
        List<PendingRecord> small = b.process(txn(Operation.UPDATE, 4, 100));
        assertNull(small.get(0).record().headers().lastWithName(BulkOperations.HEADER), "under the threshold");
    }

    @Test
    void summarizeModeReplacesTheRowsWithOneSummaryCarryingTheTransactionEndOffset() {
        BulkOperations b = new BulkOperations(BulkConfig.Mode.SUMMARIZE, 5, 1000, "p");
        List<PendingRecord> in = txn(Operation.DELETE, 8, 0); // 8 deletes + 8 tombstones
        List<PendingRecord> out = b.process(in);
        assertEquals(1, out.size(), "only the summary");
        var summary = out.get(0).record();
        assertEquals("p.bulk", summary.topic());
        Struct v = (Struct) summary.value();
        assertEquals(8L, v.getInt64("row_count"));
        assertEquals("d", v.getString("op"));
        assertEquals("s.t", v.getString("table"));
        assertEquals(7L, v.getInt64("duration_ms"));
        assertEquals(8, v.getArray("sample_keys").size());
        assertEquals(Map.of("pos", 8L), summary.sourceOffset());
        assertTrue(out.get(0).endsSourceTransaction());
    }

    @Test
    void memoryStaysBoundedInSummarizeMode() {
        BulkOperations b = new BulkOperations(BulkConfig.Mode.SUMMARIZE, 100, 1000, "p");
        List<PendingRecord> in = txn(Operation.CREATE, 50_000, 0);
        int maxHeld = 0;
        List<PendingRecord> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i += 1000) {
            out.addAll(b.process(in.subList(i, Math.min(in.size(), i + 1000))));
            maxHeld = Math.max(maxHeld, b.held());
        }
        assertTrue(maxHeld < 100, "held " + maxHeld);
        assertEquals(1, out.size());
        assertEquals(50_000L, ((Struct) out.get(0).record().value()).getInt64("row_count"));
    }

    @Test
    void skipModeDropsTheRowsButKeepsOtherTablesRows() {
        BulkOperations b = new BulkOperations(BulkConfig.Mode.SKIP, 3, 1000, "p");
        List<PendingRecord> in = txn(Operation.CREATE, 5, 0);
        TableSchema other = TableSchema.of("p", new TableId("db", "s", "u"), table.columns(), source.schema());
        List<PendingRecord> mixed = new ArrayList<>(in.subList(0, 4));
        factory.emit(
                other,
                Operation.CREATE,
                null,
                new Object[] {1L},
                src(1, "s", "u", "tx1"),
                Map.of("pos", 99L),
                1,
                null,
                false,
                mixed);
        mixed.add(in.get(4));
        List<PendingRecord> out = b.process(mixed);
        assertEquals(1, out.size());
        assertEquals("p.s.u", out.get(0).record().topic());
        assertEquals(Map.of("pos", 5L), out.get(0).record().sourceOffset(), "carries the transaction end");
        assertTrue(out.get(0).endsSourceTransaction());
    }

    @Test
    void disabledPassesEverythingThrough() {
        BulkOperations b = new BulkOperations(BulkConfig.Mode.SUMMARIZE, 0, 1000, "p");
        List<PendingRecord> in = txn(Operation.CREATE, 10, 0);
        assertEquals(in, b.process(in));
    }
}
