package io.entitynotifier.connect.mysql.binlog;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XAPrepareEventData;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Heartbeat;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SkippedOperations;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.txn.ChangeQueue;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.mysql.BinlogPosition;
import io.entitynotifier.connect.mysql.MySqlConnectorConfig.CapturedTables;
import io.entitynotifier.connect.mysql.MySqlSourceInfo;
import io.entitynotifier.connect.mysql.schema.BinlogCells;
import io.entitynotifier.connect.mysql.schema.CapturedTable;
import io.entitynotifier.connect.mysql.schema.TableMapSchemaReader;
import io.entitynotifier.connect.mysql.server.MySqlGtids;
import io.entitynotifier.connect.mysql.snapshot.SnapshotCatchUp;

/**
 * Turns binlog events into change records, tracking the position so that every record's offset is the exact point to
 * resume from after it. The latest row change of a transaction is held back until the next one (then it is
 * {@code inside} the transaction) or the commit (then it is the {@code last} record and carries the position after the
 * commit). Used from one thread at a time: the binlog client's, while connected.
 */
public final class BinlogEventHandler {

    /** MariaDB's GTID event flag for the first part of an XA transaction (it carries the XA START). */
    private static final int MARIADB_FL_PREPARED_XA = 64;

    private final TableMapSchemaReader schemas;
    private final CapturedTables captured;
    private final DdlScope ddlScope;
    private final MySqlSourceInfo sourceInfo;
    private final ChangeRecordFactory records;
    private final SchemaChangeRecords schemaChanges;
    private final Heartbeat heartbeat;
    private TransactionHold queue;
    private SkippedOperations skipped = SkippedOperations.parse(java.util.List.of("t"));
    /** After a resumed snapshot: drops the changes its later snapshot points already hold (null: none). */
    private SnapshotCatchUp catchUp;
    /** The thread id of the last BEGIN query event, or -1 (Debezium's source.thread). */
    private long threadId = -1;

    private final GtidSet gtidSet;
    private String gtidsText;
    private String file;
    private BinlogPosition committed;

    private boolean inTxn;
    private boolean txnHasBegin;
    private String txnGtid;
    private String txnFile;
    private long txnPos;
    private String gtidsBefore;
    private int rowEvent;
    private int rowsDoneInEvent;
    private boolean emittedInTxn;
    private Pending pending;

    /** The transaction to resume inside, until it is seen; then {@link #activeSkip}. */
    private BinlogPosition skip;

    private BinlogPosition activeSkip;

    /** Continuing inside the transaction a Debezium connector stopped in; null otherwise. */
    private final DebeziumTakeover takeover;

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

    public BinlogEventHandler(
            TableMapSchemaReader schemas,
            CapturedTables captured,
            MySqlSourceInfo sourceInfo,
            ChangeRecordFactory records,
            SchemaChangeRecords schemaChanges,
            Heartbeat heartbeat,
            ChangeQueue queue,
            boolean mariaDb,
            BinlogPosition start) {
        this.schemas = schemas;
        this.captured = captured;
        this.ddlScope = new DdlScope(captured);
        this.sourceInfo = sourceInfo;
        this.records = records;
        this.schemaChanges = schemaChanges;
        this.heartbeat = heartbeat;
        this.queue = new TransactionHold(queue, Integer.MAX_VALUE);
        if (start.usesGtids()) {
            if (!mariaDb) {
                MySqlGtids.refuseTagged("the GTID set to resume from", start.gtids());
            }
            this.gtidSet = mariaDb ? new MariadbGtidSet(start.gtids()) : new GtidSet(start.gtids());
            this.gtidsText = start.gtids();
        } else {
            this.gtidSet = null;
        }
        this.file = start.file();
        this.committed = BinlogPosition.at(start.gtids(), start.file(), start.pos());
        this.skip = start.insideTransaction() ? start : null;
        this.takeover = DebeziumTakeover.of(start);
    }

    /**
     * Where the next connection must start. Inside a partly read transaction that is the transaction's start, with the
     * rows already handled marked to be skipped when it is read again.
     */
    public BinlogPosition connectPosition() {
        if (inTxn && takeover != null && takeover.restartNeeded()) {
            inTxn = false; // Debezium's transaction was being skipped: count its events again from its BEGIN
            activeSkip = null;
            return takeover.start();
        }
        if (inTxn) {
            skip = BinlogPosition.inside(
                    gtidsBefore, txnFile, txnPos, txnGtid, Math.max(rowEvent, 0), rowEvent < 0 ? 0 : rowsDoneInEvent);
            if (activeSkip != null && rowEvent < activeSkip.event()) {
                skip = activeSkip; // the connection broke before reaching the rows skipped last time
            }
            inTxn = false;
            activeSkip = null;
        }
        return skip != null ? skip : committed;
    }

    /**
     * How many changes of one transaction are held until its end (more are delivered as they come), and how many may
     * wait behind a prepared but undecided XA transaction before the task fails; the connector uses
     * {@code max.queue.size}. See {@link TransactionHold}.
     */
    public BinlogEventHandler transactionHoldLimit(ChangeQueue target, int limit) {
        this.queue = new TransactionHold(target, limit);
        return this;
    }

    /** Streaming after a resumed snapshot (see {@link SnapshotCatchUp}); null for none. */
    public BinlogEventHandler snapshotCatchUp(SnapshotCatchUp catchUp) {
        this.catchUp = catchUp;
        return this;
    }

    /** {@code skipped.operations} (default 't', as Debezium). */
    public BinlogEventHandler skippedOperations(SkippedOperations ops) {
        this.skipped = ops;
        return this;
    }

    /** The transaction id of the transaction metadata: its GTID, else its start as Debezium writes it. */
    private String txnId() {
        return txnGtid != null ? txnGtid : "file=" + txnFile + ",pos=" + txnPos;
    }

    /** {@code source.pos}: the position of the last event that had one. */
    private long sourcePos;

    /** The position after the last complete transaction. */
    public BinlogPosition committed() {
        return committed;
    }

    public void handle(Event event) throws InterruptedException {
        EventHeaderV4 header = event.getHeader();
        EventType type = header.getEventType();
        // MariaDB 11.4 leaves end_log_pos 0 on events inside a transaction: keep the last position, as Debezium
        if (header.getPosition() > 0) {
            sourcePos = header.getPosition();
        }
        if (takeover != null) {
            takeover.event(event, file);
        }
        switch (type) {
            case ROTATE -> file = ((RotateEventData) event.getData()).getBinlogFilename();
            case GTID ->
                startTxn(((GtidEventData) event.getData()).getMySqlGtid().toString(), header, false);
            case ANONYMOUS_GTID -> startTxn(null, header, false);
            case MARIADB_GTID -> {
                MariadbGtidEventData g = event.getData();
                String gtid = g.getDomainId() + "-" + g.getServerId() + "-" + g.getSequence();
                startTxn(gtid, header, (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0);
                if ((g.getFlags() & MARIADB_FL_PREPARED_XA) != 0) {
                    queue.xaStart(file + ":" + header.getPosition()); // MariaDB's GTID event carries XA START
                }
            }
            case QUERY -> query(event.getData(), header);
            case TABLE_MAP -> schemas.onTableMap((TableMapEventData) event.getData());
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData d = event.getData();
                rows(
                        header,
                        d.getTableId(),
                        Operation.CREATE,
                        d.getRows().size(),
                        j -> null,
                        j -> d.getRows().get(j));
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData d = event.getData();
                rows(
                        header,
                        d.getTableId(),
                        Operation.UPDATE,
                        d.getRows().size(),
                        j -> d.getRows().get(j).getKey(),
                        j -> d.getRows().get(j).getValue());
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData d = event.getData();
                rows(
                        header,
                        d.getTableId(),
                        Operation.DELETE,
                        d.getRows().size(),
                        j -> d.getRows().get(j),
                        j -> null);
            }
            case XID -> commit(header);
            case XA_PREPARE -> xaPrepared(event.getData(), header);
            case HEARTBEAT -> {
                if (!inTxn) {
                    beat();
                }
            }
            case TRANSACTION_PAYLOAD -> {
                // binlog_transaction_compression=ON: the transaction's events, decoded by BinlogCells
                TransactionPayloadEventData p = event.getData();
                for (Event inner : p.getUncompressedEvents()) {
                    handle(BinlogCells.inPayload(inner, header));
                }
            }
            case UNKNOWN -> throw new ConnectException(MySqlGtids.unknownEvent(file, header.getPosition()));
            default -> {
                // FORMAT_DESCRIPTION, PREVIOUS_GTIDS, GTID lists, checkpoints, annotations: nothing to do
            }
        }
    }

    private void startTxn(String gtid, EventHeaderV4 header, boolean transactional) throws InterruptedException {
        boolean resumed = skip != null
                && (skip.gtid() != null
                        ? skip.gtid().equals(gtid)
                        : skip.file().equals(file) && skip.pos() == header.getPosition());
        if (resumed) {
            activeSkip = skip;
            skip = null;
        } else {
            if (pending != null || emittedInTxn) {
                throw new ConnectException("the binlog resumed at " + file + ":" + header.getPosition()
                        + (gtid != null ? " (GTID " + gtid + ")" : "") + " instead of the transaction that was being"
                        + " read; restarting the task resumes from the last committed offset");
            }
            activeSkip = null;
        }
        queue.begin(file + ":" + header.getPosition() + (gtid != null ? " (GTID " + gtid + ")" : ""), resumed);
        inTxn = true;
        txnHasBegin = transactional;
        txnGtid = gtid;
        txnFile = file;
        txnPos = header.getPosition();
        gtidsBefore = gtidsText;
        rowEvent = -1;
        rowsDoneInEvent = 0;
    }

    private void query(QueryEventData q, EventHeaderV4 header) throws InterruptedException {
        String sql = q.getSql().trim();
        String upper = sql.length() > 16 ? sql.substring(0, 16).toUpperCase() : sql.toUpperCase();
        if (upper.equals("BEGIN")) {
            threadId = q.getThreadId();
            if (!inTxn) {
                startTxn(null, header, true);
            }
            txnHasBegin = true;
            return;
        }
        if (upper.equals("COMMIT")) {
            commit(header);
            return;
        }
        if (upper.equals("ROLLBACK")) {
            rollback(header);
            return;
        }
        if (upper.startsWith("XA START")) {
            if (!inTxn) {
                startTxn(null, header, true);
            }
            txnHasBegin = true;
            queue.xaStart(file + ":" + header.getPosition());
            return;
        }
        if (upper.startsWith("XA COMMIT") || upper.startsWith("XA ROLLBACK")) {
            xaDecided(sql, header, upper.startsWith("XA COMMIT"));
            return;
        }
        if (upper.startsWith("XA ")
                || upper.startsWith("SAVEPOINT")
                || upper.startsWith("ROLLBACK TO")
                || upper.startsWith("RELEASE SAVEPOINT")) {
            return;
        }
        if (!inTxn) {
            startTxn(null, header, false);
        }
        SchemaChangeRecords.Ddl ddl = SchemaChangeRecords.parse(sql, q.getDatabase());
        if (ddl != null) {
            schemas.schemaChanged(); // a changed DEFAULT leaves table maps as they were
        }
        // Debezium writes no schema-change event for TRUNCATE (a data event it skips by default)
        boolean relevant = schemaChanges != null // null: include.schema.changes=false
                && ddl != null
                && !ddl.type().equals("TRUNCATE")
                && ddlScope.emits(sql, q.getDatabase());
        if (txnHasBegin) {
            if (relevant) {
                // A statement logged inside a transaction (rare with binlog_format=ROW): emit it in place.
                flushPending(false, null);
                queue.put(
                        PendingRecord.inside(schemaChange(ddl, sql, header, insideOffset(rowEvent, rowsDoneInEvent))));
                emittedInTxn = true;
            }
            return;
        }
        BinlogPosition after = advance(header);
        if (relevant && !skipping()) {
            flushPending(false, null);
            queue.put(PendingRecord.last(schemaChange(ddl, sql, header, after.toOffset())));
            heartbeat.activity();
        } else if (!emittedInTxn) {
            beat();
        }
        endTxn();
    }

    private boolean skipping() {
        return activeSkip != null && activeSkip.event() >= 0 && rowEvent < activeSkip.event();
    }

    private SourceRecord schemaChange(
            SchemaChangeRecords.Ddl ddl, String sql, EventHeaderV4 header, Map<String, ?> offset) {
        Struct source = sourceInfo.struct(
                header.getTimestamp(),
                SourceInfo.Snapshot.FALSE,
                ddl.database(),
                ddl.renamedTo() != null
                        ? ddl.renamedTo().table()
                        : ddl.tables().isEmpty() ? "" : ddl.tables().get(0), // "" as Debezium's
                header.getServerId(),
                txnGtid,
                file,
                sourcePos,
                0);
        return schemaChanges.record(ddl, sql, txnGtid, source, offset, header.getTimestamp());
    }

    private interface RowImage {
        Serializable[] get(int j);
    }

    private void rows(EventHeaderV4 header, long tableNumber, Operation op, int count, RowImage before, RowImage after)
            throws InterruptedException {
        if (!inTxn) {
            throw new ConnectException("row event at " + file + ":" + header.getPosition() + " outside a transaction");
        }
        rowEvent++;
        rowsDoneInEvent = 0;
        if (takeover != null) {
            activeSkip = takeover.skipFor(rowEvent, activeSkip, gtidsBefore, txnFile, txnPos, txnGtid);
        }
        CapturedTable table = schemas.table(tableNumber);
        boolean skippedOp = skipped.skips(op);
        for (int j = 0; j < count; j++) {
            if (activeSkip != null
                    && (rowEvent < activeSkip.event() || (rowEvent == activeSkip.event() && j < activeSkip.row()))) {
                rowsDoneInEvent = j + 1;
                if (table != null && !skippedOp) {
                    records.replayed(txnId(), table.id()); // keep the transaction block's numbering
                }
                continue; // delivered before the restart
            }
            if (table != null && skippedOp) {
                rowsDoneInEvent = j + 1; // skipped.operations
                continue;
            }
            if (table != null) {
                Serializable[] rawBefore = before.get(j);
                Serializable[] rawAfter = after.get(j);
                Operation rowOp = op;
                if (catchUp != null) {
                    switch (catchUp.verdict(txnGtid, txnFile, txnPos, table, rawBefore, rawAfter)) {
                        case DROP -> {
                            rowsDoneInEvent = j + 1;
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
                                    + " at " + file + ":" + header.getPosition()
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
                        file,
                        sourcePos,
                        j,
                        threadId);
                flushPending(false, null);
                pending = new Pending(table, rowOp, b, a, source, header.getTimestamp(), rowEvent, j);
            }
            rowsDoneInEvent = j + 1;
        }
    }

    private Map<String, ?> insideOffset(int event, int rowsDone) {
        return BinlogPosition.inside(gtidsBefore, txnFile, txnPos, txnGtid, Math.max(event, 0), rowsDone)
                .toOffset();
    }

    private void flushPending(boolean last, Map<String, ?> lastOffset) throws InterruptedException {
        Pending p = pending;
        if (p == null) {
            return;
        }
        pending = null;
        Map<String, ?> offset = last ? lastOffset : insideOffset(p.event(), p.row() + 1);
        List<PendingRecord> out = new ArrayList<>(3);
        records.emit(
                p.table().schema(), p.op(), p.before(), p.after(), p.source(), offset, p.tsMs(), txnId(), last, out);
        for (PendingRecord r : out) {
            queue.put(r);
        }
        emittedInTxn = true;
        heartbeat.activity();
    }

    private BinlogPosition advance(EventHeaderV4 header) {
        if (txnGtid != null && gtidSet != null) {
            gtidSet.add(txnGtid);
            gtidsText = gtidSet.toString();
        }
        committed = BinlogPosition.at(gtidsText, file, header.getNextPosition());
        return committed;
    }

    private void commit(EventHeaderV4 header) throws InterruptedException {
        if (!inTxn) {
            return; // a commit whose transaction began before the connector's start position
        }
        BinlogPosition after = advance(header);
        if (pending != null) {
            flushPending(true, after.toOffset());
        } else if (!emittedInTxn) {
            beat();
        }
        threadId = -1; // as Debezium: the thread belongs to the transaction's events only
        endTxn();
    }

    /** The XA_PREPARE event ends the binlog part of an XA transaction (held until decided, unless ONE PHASE). */
    private void xaPrepared(XAPrepareEventData d, EventHeaderV4 header) throws InterruptedException {
        if (!inTxn) {
            return; // prepared before the connector's start position
        }
        BinlogPosition after = advance(header);
        if (pending != null) {
            flushPending(true, after.toOffset());
        }
        queue.prepared(d);
        if (!emittedInTxn) {
            beat();
        }
        endTxn();
    }

    /** {@code XA COMMIT xid} / {@code XA ROLLBACK xid}: a transaction of its own that decides a prepared one. */
    private void xaDecided(String sql, EventHeaderV4 header, boolean commit) throws InterruptedException {
        if (!inTxn) {
            startTxn(null, header, false);
        }
        advance(header);
        String xid = sql.substring(commit ? "XA COMMIT".length() : "XA ROLLBACK".length())
                .trim();
        queue.decided(xid, commit);
        beat();
        endTxn();
    }

    /**
     * A transaction group that ends in a ROLLBACK query: its changes did not happen (see {@link TransactionHold}); the
     * position moves past it.
     */
    private void rollback(EventHeaderV4 header) throws InterruptedException {
        if (!inTxn) {
            return;
        }
        BinlogPosition after = advance(header);
        if (pending != null) {
            flushPending(true, after.toOffset());
        }
        queue.end(false);
        emittedInTxn = false;
        pending = null;
        beat();
        endTxn();
    }

    private void endTxn() throws InterruptedException {
        queue.end(true);
        inTxn = false;
        txnHasBegin = false;
        emittedInTxn = false;
        activeSkip = null;
        txnGtid = null;
    }

    private void beat() throws InterruptedException {
        if (pending != null || emittedInTxn) {
            // Part of a transaction is out (a reconnect is re-reading it): a boundary here would split it.
            return;
        }
        SourceRecord r = heartbeat.maybeBeat(committed.toOffset());
        if (r != null) {
            queue.put(PendingRecord.last(r));
        }
    }
}
