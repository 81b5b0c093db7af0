package io.entitynotifier.connect.mysql.binlog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import com.github.shyiko.mysql.binlog.event.XAPrepareEventData;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.txn.ChangeQueue;
import io.entitynotifier.connect.common.txn.PendingRecord;

/**
 * The way from the binlog handler to the queue: a transaction's records wait here until the binlog says how it ended.
 *
 * <ul>
 *   <li>{@code COMMIT} / XID: delivered.
 *   <li>A {@code ROLLBACK} query: dropped. The server writes a group that ends in ROLLBACK when a rolled-back
 *       transaction cannot simply be left out of the binlog (measured on MariaDB 10.11: a transaction that also touched
 *       a temporary table, whose InnoDB rows are logged and then rolled back); its rows did not happen. Changes to
 *       non-transactional tables (MyISAM) in a rolled-back transaction are logged by MySQL 8.0 and MariaDB as a group
 *       of their own that ends in COMMIT, so they are delivered. This is what Debezium does with
 *       {@code binlog.buffer.size}; a transaction with more than the hold limit of changes is delivered as it comes
 *       (Debezium's default), and a ROLLBACK at its end is logged as a warning.
 *   <li>XA: the binlog records the rows when the transaction is prepared ({@code XA START}, rows, {@code XA END}, an
 *       XA_PREPARE event) and the outcome later, as a transaction of its own ({@code XA COMMIT xid} or {@code XA
 *       ROLLBACK xid}), possibly after other transactions. A prepared transaction's records are held until its
 *       outcome, and the records that follow it in the binlog are held behind it, so no offset passes the prepare
 *       before it is decided: after a restart the binlog is read again from before it. (A prepared XA transaction
 *       keeps its rows locked until it is decided, so no later transaction changes those rows meanwhile.)
 * </ul>
 */
final class TransactionHold {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionHold.class);

    /** One transaction's records. */
    private static final class Block {
        final List<PendingRecord> records = new ArrayList<>();
        /** Set when the transaction is an XA one prepared and waiting for its outcome. */
        String xid;

        String where;
        /** null while undecided. */
        Boolean commit;
        /** Its records went to the queue as they came (too many to hold). */
        boolean spilled;
    }

    private final ChangeQueue queue;
    private final int limit;
    /** {@link Block}s and plain {@link PendingRecord}s in binlog order: the undecided ones and all behind them. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();

    private Block open;
    private int heldRecords;

    TransactionHold(ChangeQueue queue, int limit) {
        this.queue = queue;
        this.limit = limit;
    }

    void put(PendingRecord r) throws InterruptedException {
        if (open != null) {
            if (open.spilled) {
                queue.put(r);
                return;
            }
            open.records.add(r);
            heldRecords++;
            checkBehindXa();
            if (open.records.size() > limit && held.peekFirst() == open) {
                LOG.info(
                        "A transaction at {} has more than {} changes; delivering them as they come",
                        open.where,
                        limit);
                open.spilled = true;
                for (PendingRecord p : open.records) {
                    queue.put(p);
                }
                heldRecords -= open.records.size();
                open.records.clear();
            }
        } else if (!held.isEmpty()) {
            held.addLast(r);
            heldRecords++;
            checkBehindXa();
        } else {
            queue.put(r);
        }
    }

    /**
     * A transaction starts at {@code where}. A transaction read again after a reconnect ({@code resumed}) keeps its
     * block; a block left open by a transaction without an end event is delivered.
     */
    void begin(String where, boolean resumed) throws InterruptedException {
        if (open != null) {
            if (resumed) {
                return;
            }
            end(true);
        }
        open = new Block();
        open.where = where;
        held.addLast(open);
    }

    /** {@code XA START}: the open transaction is an XA one (it is, when the GTID event began none, opened here). */
    void xaStart(String where) throws InterruptedException {
        if (open == null) {
            begin(where, false);
        }
    }

    /** The open transaction ended: delivered ({@code commit}) or dropped. */
    void end(boolean commit) throws InterruptedException {
        Block b = open;
        if (b == null) {
            return;
        }
        open = null;
        b.commit = commit;
        if (!commit && b.spilled) {
            LOG.warn("The transaction at {} ended in ROLLBACK after its first changes were delivered", b.where);
        }
        drain();
    }

    /** The XA_PREPARE event that ends the transaction's part of the binlog. */
    void prepared(XAPrepareEventData d) throws InterruptedException {
        if (d.isOnePhase()) {
            end(true); // XA COMMIT ... ONE PHASE
            return;
        }
        Block b = open;
        open = null;
        if (b != null) {
            b.xid = xid(d);
            drain();
        }
    }

    /** {@code XA COMMIT xid} or {@code XA ROLLBACK xid}; an unknown xid was decided before this task read it. */
    void decided(String xidText, boolean commit) throws InterruptedException {
        String xid = normalize(xidText);
        for (Object o : held) {
            if (o instanceof Block b && b != open && b.commit == null && xid.equals(b.xid)) {
                b.commit = commit;
                if (!commit && b.spilled) {
                    LOG.warn(
                            "The XA transaction prepared at {} was rolled back after its first changes were"
                                    + " delivered",
                            b.where);
                }
                break;
            }
        }
        drain();
    }

    /** Fails when more than {@code limit} changes wait behind an undecided XA transaction. */
    private void checkBehindXa() {
        Block first = (Block) held.peekFirst();
        if (first != null && first != open && first.xid != null && heldRecords - first.records.size() > limit) {
            throw new ConnectException("the XA transaction prepared at " + first.where + " is neither committed nor"
                    + " rolled back, and more than " + limit + " later changes (max.queue.size) wait behind it;"
                    + " decide it on the server (XA RECOVER lists it) and restart the task");
        }
    }

    private void drain() throws InterruptedException {
        while (!held.isEmpty()) {
            Object head = held.peekFirst();
            if (head instanceof Block b) {
                if (b == open || b.commit == null) {
                    return;
                }
                held.removeFirst();
                heldRecords -= b.records.size();
                if (b.commit) {
                    for (PendingRecord r : b.records) {
                        queue.put(r);
                    }
                }
            } else {
                held.removeFirst();
                heldRecords--;
                queue.put((PendingRecord) head);
            }
        }
    }

    /** The xid as the binlog's {@code XA COMMIT} text writes it: {@code X'gtrid',X'bqual',formatID}. */
    static String xid(XAPrepareEventData d) {
        byte[] data = d.getData();
        HexFormat hex = HexFormat.of();
        int g = d.getGtridLength();
        return normalize("X'" + hex.formatHex(data, 0, g) + "',X'" + hex.formatHex(data, g, g + d.getBqualLength())
                + "'," + d.getFormatID());
    }

    private static String normalize(String xid) {
        return xid.replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
