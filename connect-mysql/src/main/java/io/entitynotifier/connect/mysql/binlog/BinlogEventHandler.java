package io.entitynotifier.connect.mysql.binlog;

import java.util.Map;

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
import io.entitynotifier.connect.mysql.schema.TableMapSchemaReader;
import io.entitynotifier.connect.mysql.server.MySqlGtids;
import io.entitynotifier.connect.mysql.snapshot.SnapshotCatchUp;

/**
 * Turns binlog events into change records, tracking the position so that every record's offset is the exact point to
 * resume from after it. This class follows the transactions (GTID, BEGIN, COMMIT/XID, ROLLBACK, XA) and statements;
 * {@link RowChanges} converts row events, {@link BinlogCursor} keeps the position and {@link TransactionHold} holds a
 * transaction's records until its end. Used from one thread at a time: the binlog client's, while connected.
 */
public final class BinlogEventHandler {

    /** MariaDB's GTID event flag for the first part of an XA transaction (it carries the XA START). */
    private static final int MARIADB_FL_PREPARED_XA = 64;

    private final TableMapSchemaReader schemas;
    private final DdlScope ddlScope;
    private final MySqlSourceInfo sourceInfo;
    private final SchemaChangeRecords schemaChanges;
    private final Heartbeat heartbeat;
    private final BinlogCursor cursor;
    private final RowChanges rows;
    private TransactionHold queue;
    /** The thread id of the last BEGIN query event, or -1 (Debezium's source.thread). */
    private long threadId = -1;

    private boolean txnHasBegin;
    /**
     * True from a transaction's first event until its records are in the queue: read by the poll thread, for which an
     * empty queue then does not mean that the binlog has been read up to its end.
     */
    private volatile boolean midTransaction;

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
        this.ddlScope = new DdlScope(captured);
        this.sourceInfo = sourceInfo;
        this.schemaChanges = schemaChanges;
        this.heartbeat = heartbeat;
        this.queue = new TransactionHold(queue, Integer.MAX_VALUE);
        this.cursor = new BinlogCursor(mariaDb, start);
        this.rows = new RowChanges(schemas, sourceInfo, records, heartbeat, cursor, this.queue);
    }

    /**
     * Where the next connection must start. Inside a partly read transaction that is the transaction's start, with the
     * rows already handled marked to be skipped when it is read again.
     */
    public BinlogPosition connectPosition() {
        midTransaction = false; // nothing is read until the connection is up
        return cursor.connectPosition();
    }

    /**
     * Whether the reader is inside a transaction, its records held until its end (see {@link TransactionHold}).
     * MySQL hands over each transaction at its commit, so between two transactions of a backlog the queue is empty
     * while the reader is still busy with the next one: that empty queue does not mean caught up, and committing the
     * Kafka transaction there would commit one per source transaction or two. Safe to call from any thread.
     */
    public boolean midTransaction() {
        return midTransaction;
    }

    /**
     * How many changes of one transaction are held until its end (more are delivered as they come), and how many may
     * wait behind a prepared but undecided XA transaction before the task fails; the connector uses
     * {@code max.queue.size}. See {@link TransactionHold}.
     */
    public BinlogEventHandler transactionHoldLimit(ChangeQueue target, int limit) {
        this.queue = new TransactionHold(target, limit);
        rows.queue(this.queue);
        return this;
    }

    /** Streaming after a resumed snapshot (see {@link SnapshotCatchUp}); null for none. */
    public BinlogEventHandler snapshotCatchUp(SnapshotCatchUp catchUp) {
        rows.snapshotCatchUp(catchUp);
        return this;
    }

    /** {@code skipped.operations} (default 't', as Debezium). */
    public BinlogEventHandler skippedOperations(SkippedOperations ops) {
        rows.skippedOperations(ops);
        return this;
    }

    /** The position after the last complete transaction. */
    public BinlogPosition committed() {
        return cursor.committed();
    }

    public void handle(Event event) throws InterruptedException {
        EventHeaderV4 header = event.getHeader();
        EventType type = header.getEventType();
        cursor.event(event);
        switch (type) {
            case ROTATE -> cursor.rotate(((RotateEventData) event.getData()).getBinlogFilename());
            case GTID ->
                startTxn(((GtidEventData) event.getData()).getMySqlGtid().toString(), header, false);
            case ANONYMOUS_GTID -> startTxn(null, header, false);
            case MARIADB_GTID -> {
                MariadbGtidEventData g = event.getData();
                String gtid = g.getDomainId() + "-" + g.getServerId() + "-" + g.getSequence();
                startTxn(gtid, header, (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0);
                if ((g.getFlags() & MARIADB_FL_PREPARED_XA) != 0) {
                    queue.xaStart(cursor.file() + ":" + header.getPosition()); // MariaDB's GTID event: XA START
                }
            }
            case QUERY -> query(event.getData(), header);
            case TABLE_MAP -> schemas.onTableMap((TableMapEventData) event.getData());
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData d = event.getData();
                rows.rows(
                        header,
                        d.getTableId(),
                        Operation.CREATE,
                        d.getRows().size(),
                        j -> null,
                        j -> d.getRows().get(j),
                        threadId);
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData d = event.getData();
                rows.rows(
                        header,
                        d.getTableId(),
                        Operation.UPDATE,
                        d.getRows().size(),
                        j -> d.getRows().get(j).getKey(),
                        j -> d.getRows().get(j).getValue(),
                        threadId);
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData d = event.getData();
                rows.rows(
                        header,
                        d.getTableId(),
                        Operation.DELETE,
                        d.getRows().size(),
                        j -> d.getRows().get(j),
                        j -> null,
                        threadId);
            }
            case XID -> commit(header);
            case XA_PREPARE -> xaPrepared(event.getData(), header);
            case HEARTBEAT -> {
                if (!cursor.inTxn()) {
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
            case UNKNOWN -> throw new ConnectException(MySqlGtids.unknownEvent(cursor.file(), header.getPosition()));
            default -> {
                // FORMAT_DESCRIPTION, PREVIOUS_GTIDS, GTID lists, checkpoints, annotations: nothing to do
            }
        }
    }

    private void startTxn(String gtid, EventHeaderV4 header, boolean transactional) throws InterruptedException {
        midTransaction = true;
        String file = cursor.file();
        boolean resumed = cursor.isResumePoint(gtid, header.getPosition());
        if (!resumed && rows.inProgress()) {
            throw new ConnectException("the binlog resumed at " + file + ":" + header.getPosition()
                    + (gtid != null ? " (GTID " + gtid + ")" : "") + " instead of the transaction that was being"
                    + " read; restarting the task resumes from the last committed offset");
        }
        cursor.resume(resumed);
        queue.begin(file + ":" + header.getPosition() + (gtid != null ? " (GTID " + gtid + ")" : ""), resumed);
        cursor.begin(gtid, header.getPosition());
        txnHasBegin = transactional;
    }

    private void query(QueryEventData q, EventHeaderV4 header) throws InterruptedException {
        String sql = q.getSql().trim();
        String upper = sql.length() > 16 ? sql.substring(0, 16).toUpperCase() : sql.toUpperCase();
        if (upper.equals("BEGIN")) {
            threadId = q.getThreadId();
            if (!cursor.inTxn()) {
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
            if (!cursor.inTxn()) {
                startTxn(null, header, true);
            }
            txnHasBegin = true;
            queue.xaStart(cursor.file() + ":" + header.getPosition());
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
        if (!cursor.inTxn()) {
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
                rows.flush();
                queue.put(PendingRecord.inside(schemaChange(ddl, sql, header, cursor.insideOffsetHere())));
                rows.markEmitted();
            }
            return;
        }
        BinlogPosition after = cursor.advance(header.getNextPosition());
        if (relevant && !cursor.skipping()) {
            rows.flush();
            queue.put(PendingRecord.last(schemaChange(ddl, sql, header, after.toOffset())));
            heartbeat.activity();
        } else if (!rows.inProgress()) {
            beat();
        }
        endTxn();
    }

    private SourceRecord schemaChange(
            SchemaChangeRecords.Ddl ddl, String sql, EventHeaderV4 header, Map<String, ?> offset) {
        String txnGtid = cursor.txnGtid();
        Struct source = sourceInfo.struct(
                header.getTimestamp(),
                SourceInfo.Snapshot.FALSE,
                ddl.database(),
                ddl.renamedTo() != null
                        ? ddl.renamedTo().table()
                        : ddl.tables().isEmpty() ? "" : ddl.tables().get(0), // "" as Debezium's
                header.getServerId(),
                txnGtid,
                cursor.file(),
                cursor.sourcePos(),
                0);
        return schemaChanges.record(ddl, sql, txnGtid, source, offset, header.getTimestamp());
    }

    private void commit(EventHeaderV4 header) throws InterruptedException {
        if (!cursor.inTxn()) {
            return; // a commit whose transaction began before the connector's start position
        }
        BinlogPosition after = cursor.advance(header.getNextPosition());
        if (rows.hasPending()) {
            rows.flushLast(after.toOffset());
        } else if (!rows.inProgress()) {
            beat();
        }
        threadId = -1; // as Debezium: the thread belongs to the transaction's events only
        endTxn();
    }

    /** The XA_PREPARE event ends the binlog part of an XA transaction (held until decided, unless ONE PHASE). */
    private void xaPrepared(XAPrepareEventData d, EventHeaderV4 header) throws InterruptedException {
        if (!cursor.inTxn()) {
            return; // prepared before the connector's start position
        }
        BinlogPosition after = cursor.advance(header.getNextPosition());
        if (rows.hasPending()) {
            rows.flushLast(after.toOffset());
        }
        queue.prepared(d);
        if (!rows.inProgress()) {
            beat();
        }
        endTxn();
    }

    /** {@code XA COMMIT xid} / {@code XA ROLLBACK xid}: a transaction of its own that decides a prepared one. */
    private void xaDecided(String sql, EventHeaderV4 header, boolean commit) throws InterruptedException {
        if (!cursor.inTxn()) {
            startTxn(null, header, false);
        }
        cursor.advance(header.getNextPosition());
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
        if (!cursor.inTxn()) {
            return;
        }
        BinlogPosition after = cursor.advance(header.getNextPosition());
        if (rows.hasPending()) {
            rows.flushLast(after.toOffset());
        }
        queue.end(false);
        rows.drop();
        beat();
        endTxn();
    }

    private void endTxn() throws InterruptedException {
        queue.end(true);
        cursor.endTxn();
        txnHasBegin = false;
        rows.endTxn();
        midTransaction = false; // after its records are queued
    }

    private void beat() throws InterruptedException {
        if (rows.inProgress()) {
            // Part of a transaction is out (a reconnect is re-reading it): a boundary here would split it.
            return;
        }
        SourceRecord r = heartbeat.maybeBeat(cursor.committed().toOffset());
        if (r != null) {
            queue.put(PendingRecord.last(r));
        }
    }
}
