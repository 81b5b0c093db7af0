package io.entitynotifier.connect.common.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;
import org.junit.jupiter.api.Test;

class TransactionBoundariesTest {

    /** Records what the task asked of Connect. */
    static final class RecordingContext implements TransactionContext {
        final List<SourceRecord> commitsOn = new ArrayList<>();
        int batchCommits;

        @Override
        public void commitTransaction() {
            batchCommits++;
        }

        @Override
        public void commitTransaction(SourceRecord record) {
            commitsOn.add(record);
        }

        @Override
        public void abortTransaction() {
            throw new AssertionError("never aborts");
        }

        @Override
        public void abortTransaction(SourceRecord record) {
            throw new AssertionError("never aborts");
        }
    }

    final AtomicLong clock = new AtomicLong(1_000);
    final RecordingContext ctx = new RecordingContext();

    static SourceRecord rec(String id) {
        return new SourceRecord(Map.of(), Map.of("id", id), "t", null, id);
    }

    /** A source transaction of {@code n} records named {@code txn-i}. */
    static List<PendingRecord> txn(String txn, int n) {
        List<PendingRecord> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            SourceRecord r = rec(txn + "-" + i);
            out.add(i == n ? PendingRecord.last(r) : PendingRecord.inside(r));
        }
        return out;
    }

    static List<String> ids(List<SourceRecord> records) {
        return records.stream().map(r -> (String) r.value()).toList();
    }

    @Test
    void holdsBackTheUnfinishedTailOfASourceTransaction() {
        TransactionBoundaries b = new TransactionBoundaries(null, 100, 1000, clock::get);
        List<PendingRecord> in = new ArrayList<>(txn("a", 2));
        in.addAll(txn("b", 3).subList(0, 2));
        assertEquals(List.of("a-1", "a-2"), ids(b.release(in, false)));
        assertEquals(2, b.held());
        assertEquals(List.of("b-1", "b-2", "b-3"), ids(b.release(txn("b", 3).subList(2, 3), false)));
        assertEquals(0, b.held());
    }

    @Test
    void groupsSmallSourceTransactionsIntoOneKafkaTransaction() {
        TransactionBoundaries b = new TransactionBoundaries(ctx, 10, 60_000, clock::get);
        for (int i = 0; i < 4; i++) {
            b.release(txn("t" + i, 2), false); // 8 records, under the bound, source not caught up
        }
        assertTrue(ctx.commitsOn.isEmpty(), "no commit while under the bound");
        List<SourceRecord> out = b.release(txn("t4", 2), false); // 10 records: full
        assertEquals(1, ctx.commitsOn.size());
        assertEquals("t4-2", ctx.commitsOn.get(0).value());
        assertEquals(2, out.size());
        assertEquals(0, b.openRecords());
    }

    @Test
    void groupsUpToTheCommitBoundButSplitsOnlyAboveTheMaximum() {
        TransactionBoundaries b = new TransactionBoundaries(ctx, 10, 4, 60_000, 0, clock::get);
        b.release(txn("a", 3), false);
        assertTrue(ctx.commitsOn.isEmpty(), "3 records: under the commit bound");
        b.release(txn("b", 3), false);
        assertEquals(List.of("b-3"), ids(ctx.commitsOn), "6 records: committed at the first boundary past 4");
        List<PendingRecord> big = txn("big", 9);
        assertEquals(
                List.of(),
                ids(b.release(big.subList(0, 8), false)),
                "a source transaction of 9 (over the commit bound, under the maximum) is not split");
        assertEquals(9, b.release(big.subList(8, 9), false).size());
        assertEquals("big-9", ctx.commitsOn.get(1).value(), "and is committed whole");
    }

    @Test
    void commitsWhenCaughtUpOrTooOld() {
        TransactionBoundaries b = new TransactionBoundaries(ctx, 1000, 500, clock::get);
        b.release(txn("a", 1), true);
        assertEquals("a-1", ctx.commitsOn.get(0).value(), "caught up: commit at once");
        b.release(txn("b", 1), false);
        assertEquals(1, ctx.commitsOn.size());
        clock.addAndGet(600);
        b.release(List.of(), false);
        assertEquals(1, ctx.batchCommits, "open longer than max ms: commit with the next (empty) batch");
    }

    @Test
    void splitsOnlyASourceTransactionLargerThanTheBound() {
        TransactionBoundaries b = new TransactionBoundaries(ctx, 5, 60_000, clock::get);
        List<PendingRecord> big = txn("big", 12);
        assertEquals(List.of(), ids(b.release(big.subList(0, 4), false)), "under the bound: wait for its end");
        List<SourceRecord> first = b.release(big.subList(4, 7), false);
        assertEquals(7, first.size(), "over the bound: everything held is released");
        assertEquals("big-7", ctx.commitsOn.get(0).value());
        List<SourceRecord> rest = b.release(big.subList(7, 12), false);
        assertEquals(List.of("big-8", "big-9", "big-10", "big-11", "big-12"), ids(rest));
        assertEquals("big-12", ctx.commitsOn.get(1).value());
    }

    @Test
    void neverSplitsBetweenRecordsThatShareAnOffset() {
        TransactionBoundaries b = new TransactionBoundaries(ctx, 3, 60_000, clock::get);
        List<PendingRecord> in = new ArrayList<>();
        in.add(PendingRecord.inside(rec("x-1")));
        in.add(new PendingRecord(rec("x-2-delete"), false, false));
        in.add(new PendingRecord(rec("x-2-tombstone"), false, false));
        in.add(PendingRecord.inside(rec("x-2-create")));
        in.add(new PendingRecord(rec("x-3-delete"), false, false));
        List<SourceRecord> out = b.release(in, false);
        assertEquals(List.of("x-1", "x-2-delete", "x-2-tombstone", "x-2-create"), ids(out));
        assertEquals("x-2-create", ctx.commitsOn.get(0).value());
        assertEquals(1, b.held());
    }

    @Test
    void withoutContextOnlyHoldsBackTails() {
        TransactionBoundaries b = new TransactionBoundaries(null, 2, 0, clock::get);
        assertEquals(4, b.release(txn("a", 4), true).size());
        assertEquals(0, ctx.commitsOn.size());
    }
}
