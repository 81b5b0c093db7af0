package io.entitynotifier.connect.mysql.binlog;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Heartbeat;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SkippedOperations;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.mysql.MySqlSourceInfo;
import io.entitynotifier.connect.mysql.schema.CapturedTable;
import io.entitynotifier.connect.mysql.schema.TableMapSchemaReader;
import io.entitynotifier.connect.mysql.snapshot.SnapshotCatchUp;

/**
 * Turns the rows of binlog row events into change records. The latest row change of a transaction is held back until
 * the next one (then it is {@code inside} the transaction, its offset the position after it) or the transaction's end
 * (then it is the {@code last} record and carries the position after the commit). Rows delivered before a reconnect
 * are skipped, as the {@link BinlogCursor} says.
 */
final class RowChanges {

    /** A binlog row event's image of row {@code j}. */
    interface RowImage {
        Serializable[] get(int j);
    }

    /** A converted row change waiting to learn whether it ends its transaction. */
    private record Pending(
            CapturedTable table,
            Operation op,
            Object[] before,
            Object[] after,
            Struct source,
            long tsMs,
            int event,
            int row) {}

    private final TableMapSchemaReader schemas;
    private final MySqlSourceInfo sourceInfo;
    private final ChangeRecordFactory records;
    private final Heartbeat heartbeat;
    private final BinlogCursor cursor;
    private TransactionHold queue;
    private SkippedOperations skipped = SkippedOperations.parse(List.of("t"));
    /** After a resumed snapshot: drops the changes its later snapshot points already hold (null: none). */
    private SnapshotCatchUp catchUp;

    private boolean emittedInTxn;
    private Pending pending;

    RowChanges(
            TableMapSchemaReader schemas,
            MySqlSourceInfo sourceInfo,
            ChangeRecordFactory records,
            Heartbeat heartbeat,
            BinlogCursor cursor,
            TransactionHold queue) {
        this.schemas = schemas;
        this.sourceInfo = sourceInfo;
        this.records = records;
        this.heartbeat = heartbeat;
        this.cursor = cursor;
        this.queue = queue;
    }

    void queue(TransactionHold hold) {
        this.queue = hold;
    }

    void skippedOperations(SkippedOperations ops) {
        this.skipped = ops;
    }

    void snapshotCatchUp(SnapshotCatchUp filter) {
        this.catchUp = filter;
    }

    /** A row change is held back, or part of the open transaction is out: a boundary here would split it. */
    boolean inProgress() {
        return pending != null || emittedInTxn;
    }

    boolean hasPending() {
        return pending != null;
    }

    /** Something of the open transaction was delivered without this class (a schema change inside it). */
    void markEmitted() {
        emittedInTxn = true;
    }

    /** The transaction ended: nothing of it is held or out any more. */
    void endTxn() {
        emittedInTxn = false;
    }

    /** The transaction was rolled back: its held row change is dropped. */
    void drop() {
        emittedInTxn = false;
        pending = null;
    }

    /** One row event of {@code count} rows. */
    void rows(
            EventHeaderV4 header,
            long tableNumber,
            Operation op,
            int count,
            RowImage before,
            RowImage after,
            long threadId)
            throws InterruptedException {
        if (!cursor.inTxn()) {
            throw new ConnectException(
                    "row event at " + cursor.file() + ":" + header.getPosition() + " outside a transaction");
        }
        cursor.nextRowEvent();
        CapturedTable table = schemas.table(tableNumber);
        boolean skippedOp = skipped.skips(op);
        for (int j = 0; j < count; j++) {
            if (cursor.replayed(j)) {
                cursor.rowDone(j);
                if (table != null && !skippedOp) {
                    records.replayed(cursor.txnId(), table.id()); // keep the transaction block's numbering
                }
                continue; // delivered before the restart
            }
            if (table != null && skippedOp) {
                cursor.rowDone(j); // skipped.operations
                continue;
            }
            if (table != null) {
                String txnGtid = cursor.txnGtid();
                Serializable[] rawBefore = before.get(j);
                Serializable[] rawAfter = after.get(j);
                Operation rowOp = op;
                if (catchUp != null) {
                    switch (catchUp.verdict(txnGtid, cursor.txnFile(), cursor.txnPos(), table, rawBefore, rawAfter)) {
                        case DROP -> {
                            cursor.rowDone(j);
                            continue; // already in a resumed snapshot's rows
                        }
                        case BEFORE_ONLY -> {
                            rowOp = Operation.DELETE;
                            rawAfter = null;
                        }
                        case AFTER_ONLY -> {
                            rowOp = Operation.CREATE;
                            rawBefore = null;
                        }
                        default -> {}
                    }
                }
                Object[] b;
                Object[] a;
                try {
                    b = table.fromBinlog(rawBefore);
                    a = table.fromBinlog(rawAfter);
                } catch (RuntimeException e) {
                    throw new ConnectException(
                            "cannot convert row " + j + " of the " + op + " event on " + table.id()
                                    + " at " + cursor.file() + ":" + header.getPosition()
                                    + (txnGtid != null ? " (GTID " + txnGtid + ")" : "") + ": " + e.getMessage(),
                            e);
                }
                Struct source = sourceInfo.struct(
                        header.getTimestamp(),
                        SourceInfo.Snapshot.FALSE,
                        table.id().catalog(),
                        table.id().table(),
                        header.getServerId(),
                        txnGtid,
                        cursor.file(),
                        cursor.sourcePos(),
                        j,
                        threadId);
                flush();
                pending = new Pending(table, rowOp, b, a, source, header.getTimestamp(), cursor.rowEvent(), j);
            }
            cursor.rowDone(j);
        }
    }

    /** Delivers the held row change as one inside its transaction (more follows). */
    void flush() throws InterruptedException {
        flush(false, null);
    }

    /** Delivers the held row change as the last of its transaction, with the position after the commit. */
    void flushLast(Map<String, ?> lastOffset) throws InterruptedException {
        flush(true, lastOffset);
    }

    private void flush(boolean last, Map<String, ?> lastOffset) throws InterruptedException {
        Pending p = pending;
        if (p == null) {
            return;
        }
        pending = null;
        Map<String, ?> offset = last ? lastOffset : cursor.insideOffset(p.event(), p.row() + 1);
        List<PendingRecord> out = new ArrayList<>(3);
        records.emit(
                p.table().schema(),
                p.op(),
                p.before(),
                p.after(),
                p.source(),
                offset,
                p.tsMs(),
                cursor.txnId(),
                last,
                out);
        for (PendingRecord r : out) {
            queue.put(r);
        }
        emittedInTxn = true;
        heartbeat.activity();
    }
}
