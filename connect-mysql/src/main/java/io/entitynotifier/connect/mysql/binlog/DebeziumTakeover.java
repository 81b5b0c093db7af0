package io.entitynotifier.connect.mysql.binlog;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;

import io.entitynotifier.connect.mysql.BinlogPosition;
import io.entitynotifier.connect.mysql.BinlogPosition.DebeziumSkip;

/**
 * Continues exactly where a Debezium MySQL/MariaDB connector stopped inside a transaction
 * ({@link BinlogPosition#debeziumSkip()}): Debezium counts every binlog event from the transaction's {@code BEGIN}
 * query (MariaDB: its GTID event), which is event 0, table maps and query-log events included; on restart it skips
 * the row events among the first {@code events} of them and the first {@code rows} rows of the next row event. This
 * class counts the same events while the transaction is read again and turns that into the handler's own skip (row
 * event index, rows), one row event at a time. The transaction is recognised by its {@code BEGIN}'s binlog file and
 * position, which Debezium's offset holds; a transaction at another position is never skipped (at worst rows would be
 * delivered twice, never lost).
 */
final class DebeziumTakeover {

    private final BinlogPosition start;
    private final DebeziumSkip skip;
    /** Ordinal of the current event counted from the transaction's BEGIN (0); -1 before it. */
    private long ordinal = -1;

    private boolean done;

    private DebeziumTakeover(BinlogPosition start) {
        this.start = start;
        this.skip = start.debeziumSkip();
    }

    /** Null unless {@code start} is a Debezium position inside a transaction. */
    static DebeziumTakeover of(BinlogPosition start) {
        return start.debeziumSkip() == null ? null : new DebeziumTakeover(start);
    }

    /** Every event, before it is handled; {@code file} is the binlog file it is in. */
    void event(Event e, String file) {
        if (done) {
            return;
        }
        EventType type = e.getHeader().getEventType();
        if (ordinal >= 0) {
            ordinal++;
            if (ends(e, type) || begins(e, type) || type == EventType.GTID || type == EventType.ANONYMOUS_GTID) {
                done = true; // nothing left to skip: the transaction ended before the rows Debezium stopped at
            }
            return;
        }
        long pos = ((EventHeaderV4) e.getHeader()).getPosition();
        if (begins(e, type) && start.file().equals(file) && pos == start.pos()) {
            ordinal = 0;
        }
    }

    /**
     * The handler's skip for row event {@code rowEvent} (its index in the transaction) of the re-read transaction:
     * all its rows while it is among the events Debezium handled, then {@code rows} rows of the first row event after
     * them; {@code current} elsewhere.
     */
    BinlogPosition skipFor(
            int rowEvent, BinlogPosition current, String gtidsBefore, String txnFile, long txnPos, String txnGtid) {
        if (done || ordinal < 0) {
            return current;
        }
        if (ordinal < skip.events()) {
            return BinlogPosition.inside(gtidsBefore, txnFile, txnPos, txnGtid, rowEvent + 1, 0);
        }
        done = true;
        return BinlogPosition.inside(gtidsBefore, txnFile, txnPos, txnGtid, rowEvent, skip.rows());
    }

    /**
     * True when a connection breaks while Debezium's transaction is being skipped: the next connection must start
     * at Debezium's position again and count from its BEGIN anew.
     */
    boolean restartNeeded() {
        if (done || ordinal < 0) {
            return false;
        }
        ordinal = -1;
        return true;
    }

    /** Debezium's position (the transaction's BEGIN; GTIDs before it). */
    BinlogPosition start() {
        return BinlogPosition.at(start.gtids(), start.file(), start.pos());
    }

    private static boolean begins(Event e, EventType type) {
        if (type == EventType.MARIADB_GTID) {
            return true; // Debezium's MariaDB connector begins a transaction at every GTID event
        }
        return type == EventType.QUERY && "BEGIN".equalsIgnoreCase(sql(e));
    }

    private static boolean ends(Event e, EventType type) {
        if (type == EventType.XID || type == EventType.XA_PREPARE) {
            return true;
        }
        if (type != EventType.QUERY) {
            return false;
        }
        String sql = sql(e);
        return "COMMIT".equalsIgnoreCase(sql) || "ROLLBACK".equalsIgnoreCase(sql);
    }

    private static String sql(Event e) {
        QueryEventData q = e.getData();
        return q == null || q.getSql() == null ? "" : q.getSql().trim();
    }
}
