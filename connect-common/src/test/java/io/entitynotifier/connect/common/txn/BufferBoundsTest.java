package io.entitynotifier.connect.common.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

/** tenant.max.buffered.bytes: enforced by the reader queue and by the held tail of a transaction, and measurable. */
class BufferBoundsTest {

    static PendingRecord big(int i, boolean last) {
        SourceRecord r = new SourceRecord(Map.of(), Map.of("i", i), "t", null, Schema.STRING_SCHEMA, "x".repeat(1000));
        return new PendingRecord(r, last, true);
    }

    @Test
    void aReaderWaitsWhileTheQueueHoldsTooManyBytes() throws Exception {
        ChangeQueue q = new ChangeQueue(1_000, 3_500); // about three records of ~1 kB
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < 10; i++) {
                    q.put(big(i, false));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        TestUtils.waitForCondition(
                () -> q.size() == 3 && reader.getState() == Thread.State.WAITING,
                10_000,
                "reader did not block at the byte bound");
        assertTrue(q.bytes() <= 3_500, "queued bytes " + q.bytes());
        List<PendingRecord> got = new ArrayList<>();
        while (got.size() < 10) {
            got.addAll(q.drain(10, 1_000));
        }
        reader.join(10_000);
        assertFalse(reader.isAlive());
        assertEquals(0, q.bytes());
    }

    @Test
    void aTransactionLargerThanTheByteBoundIsSplitAndItsHeldBytesAreMeasured() {
        TransactionBoundaries b = new TransactionBoundaries(null, 1_000_000, 60_000, 5_000, System::currentTimeMillis);
        List<PendingRecord> txn = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            txn.add(big(i, false));
        }
        assertEquals(0, b.release(txn, false).size(), "under the bound: held");
        assertTrue(b.heldBytes() > 4_000 && b.heldBytes() < 5_000, "held bytes " + b.heldBytes());
        List<SourceRecord> out = b.release(List.of(big(4, false)), false);
        assertEquals(5, out.size(), "over the byte bound: released, splitting the source transaction");
        assertEquals(0, b.heldBytes());
    }

    /** A snapshot row of a key-less table as readers made them: no boundary, no resume point. */
    static PendingRecord unresumable(int i) {
        org.apache.kafka.connect.data.Schema source = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .field("table", Schema.STRING_SCHEMA)
                .build();
        org.apache.kafka.connect.data.Schema value = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .field("source", source)
                .field("v", Schema.STRING_SCHEMA)
                .build();
        org.apache.kafka.connect.data.Struct v = new org.apache.kafka.connect.data.Struct(value)
                .put("source", new org.apache.kafka.connect.data.Struct(source).put("table", "history"))
                .put("v", "x".repeat(1000));
        return new PendingRecord(
                new SourceRecord(Map.of(), Map.of("i", i), "p.public.history", null, value, v), false, false);
    }

    @Test
    void anUnresumableRunBeyondTheByteBoundFailsNamingTheTableAndTheSetting() {
        TransactionBoundaries b = new TransactionBoundaries(null, 1_000_000, 60_000, 50_000, System::currentTimeMillis);
        org.apache.kafka.connect.errors.ConnectException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.kafka.connect.errors.ConnectException.class, () -> {
                    for (int i = 0; i < 1_000; i++) { // ~1 MB in 20 polls, where it used to be held without end
                        b.release(List.of(unresumable(i)), false);
                    }
                });
        assertTrue(
                e.getMessage().contains("table history") && e.getMessage().contains("tenant.max.buffered.bytes=50000"),
                e.getMessage());
        assertTrue(b.heldBytes() <= 50_000 + 2_000, "held no more than the bound: " + b.heldBytes());
        assertFalse(e.getMessage().contains("xxx"), "no data values in the error");
    }

    @Test
    void anUnresumableRunBeyondTheRecordBoundFailsNamingTheSetting() {
        TransactionBoundaries b = new TransactionBoundaries(null, 100, 60_000, 0, System::currentTimeMillis);
        List<PendingRecord> rows = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            rows.add(unresumable(i));
        }
        assertEquals(0, b.release(rows, false).size(), "under the bound: held");
        org.apache.kafka.connect.errors.ConnectException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.kafka.connect.errors.ConnectException.class,
                () -> b.release(List.of(unresumable(99)), false));
        assertTrue(
                e.getMessage().contains("table history")
                        && e.getMessage().contains("transaction.group.max.records=100"),
                e.getMessage());
    }

    @Test
    void theDeleteAndTombstoneOfAKeyChangeWaitForTheirCreateEvenAtTheBound() {
        TransactionBoundaries b = new TransactionBoundaries(null, 1, 60_000, 0, System::currentTimeMillis);
        assertEquals(
                0, b.release(List.of(unresumable(1), unresumable(2)), false).size());
        List<SourceRecord> out =
                b.release(List.of(new PendingRecord(unresumable(3).record(), true, true)), false);
        assertEquals(3, out.size());
    }
}
