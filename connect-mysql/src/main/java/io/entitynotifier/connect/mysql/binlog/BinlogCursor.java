package io.entitynotifier.connect.mysql.binlog;

import java.util.Map;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;

import io.entitynotifier.connect.mysql.BinlogPosition;
import io.entitynotifier.connect.mysql.server.MySqlGtids;

/**
 * Where the binlog handler is: the current file, the GTID set and the position after the last complete transaction;
 * inside an open transaction, its start and the row event and row reached; and the rows to skip when a partly
 * delivered transaction is read again after a reconnect or restart. Used by {@link BinlogEventHandler} and
 * {@link RowChanges}, on the binlog client's thread.
 */
final class BinlogCursor {

    private final GtidSet gtidSet;
    private String gtidsText;
    private String file;
    private BinlogPosition committed;

    private boolean inTxn;
    private String txnGtid;
    private String txnFile;
    private long txnPos;
    private String gtidsBefore;
    private int rowEvent;
    private int rowsDoneInEvent;

    /** The transaction to resume inside, until it is seen; then {@link #activeSkip}. */
    private BinlogPosition skip;

    private BinlogPosition activeSkip;

    /** Continuing inside the transaction a Debezium connector stopped in; null otherwise. */
    private final DebeziumTakeover takeover;

    BinlogCursor(boolean mariaDb, BinlogPosition start) {
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

    /** See {@link BinlogEventHandler#connectPosition()}. */
    BinlogPosition connectPosition() {
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

    BinlogPosition committed() {
        return committed;
    }

    String file() {
        return file;
    }

    private long sourcePos;

    /** {@code source.pos}: the position of the last event that had one. */
    long sourcePos() {
        return sourcePos;
    }

    /** Every event, before it is handled (counts the events of Debezium's transaction, see {@link DebeziumTakeover}). */
    void event(Event event) {
        // MariaDB 11.4 leaves end_log_pos 0 on events inside a transaction: keep the last position, as Debezium
        long pos = ((EventHeaderV4) event.getHeader()).getPosition();
        if (pos > 0) {
            sourcePos = pos;
        }
        if (takeover != null) {
            takeover.event(event, file);
        }
    }

    void rotate(String newFile) {
        this.file = newFile;
    }

    boolean inTxn() {
        return inTxn;
    }

    String txnGtid() {
        return txnGtid;
    }

    String txnFile() {
        return txnFile;
    }

    long txnPos() {
        return txnPos;
    }

    /** The transaction id of the transaction metadata: its GTID, else its start as Debezium writes it. */
    String txnId() {
        return txnGtid != null ? txnGtid : "file=" + txnFile + ",pos=" + txnPos;
    }

    /** Whether the transaction starting at {@code pos} of the current file is the one to resume inside. */
    boolean isResumePoint(String gtid, long pos) {
        return skip != null
                && (skip.gtid() != null ? skip.gtid().equals(gtid) : skip.file().equals(file) && skip.pos() == pos);
    }

    /** Before a transaction's start is passed on: its rows handled before are skipped ({@code resumed}) or none are. */
    void resume(boolean resumed) {
        if (resumed) {
            activeSkip = skip;
            skip = null;
        } else {
            activeSkip = null;
        }
    }

    /** A transaction starts at {@code pos} of the current file. */
    void begin(String gtid, long pos) {
        inTxn = true;
        txnGtid = gtid;
        txnFile = file;
        txnPos = pos;
        gtidsBefore = gtidsText;
        rowEvent = -1;
        rowsDoneInEvent = 0;
    }

    /** The next row event of the open transaction starts. */
    void nextRowEvent() {
        rowEvent++;
        rowsDoneInEvent = 0;
        if (takeover != null) {
            activeSkip = takeover.skipFor(rowEvent, activeSkip, gtidsBefore, txnFile, txnPos, txnGtid);
        }
    }

    int rowEvent() {
        return rowEvent;
    }

    /** Row {@code j} of the current row event was delivered before the reconnect (it is read again). */
    boolean replayed(int j) {
        return activeSkip != null
                && (rowEvent < activeSkip.event() || (rowEvent == activeSkip.event() && j < activeSkip.row()));
    }

    /** Row {@code j} of the current row event is handled. */
    void rowDone(int j) {
        rowsDoneInEvent = j + 1;
    }

    /** Still before the row events to skip of a transaction read again. */
    boolean skipping() {
        return activeSkip != null && activeSkip.event() >= 0 && rowEvent < activeSkip.event();
    }

    /** The offset inside the open transaction after {@code rowsDone} rows of row event {@code event}. */
    Map<String, ?> insideOffset(int event, int rowsDone) {
        return BinlogPosition.inside(gtidsBefore, txnFile, txnPos, txnGtid, Math.max(event, 0), rowsDone)
                .toOffset();
    }

    /** The offset inside the open transaction at the rows handled so far. */
    Map<String, ?> insideOffsetHere() {
        return insideOffset(rowEvent, rowsDoneInEvent);
    }

    /** The open transaction (or statement) ends with the event whose next position is {@code nextPosition}. */
    BinlogPosition advance(long nextPosition) {
        if (txnGtid != null && gtidSet != null) {
            gtidSet.add(txnGtid);
            gtidsText = gtidSet.toString();
        }
        committed = BinlogPosition.at(gtidsText, file, nextPosition);
        return committed;
    }

    void endTxn() {
        inTxn = false;
        activeSkip = null;
        txnGtid = null;
    }
}
