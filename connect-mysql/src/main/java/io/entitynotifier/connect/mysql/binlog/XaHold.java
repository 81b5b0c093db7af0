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
 * The way from the binlog handler to the queue, holding back XA transactions until they are decided. The binlog
 * records an XA transaction's rows when it is prepared ({@code XA START}, rows, {@code XA END}, an XA_PREPARE event) and
 * its outcome later, as a transaction of its own ({@code XA COMMIT xid} or {@code XA ROLLBACK xid}), possibly after
 * other transactions. A prepared transaction's records are held until its outcome: committed ones are delivered,
 * rolled-back ones dropped. Records that follow a prepared transaction in the binlog are held behind it, so no offset
 * passes the prepare before it is decided: after a restart the binlog is read again from before it. (A prepared XA
 * transaction holds its rows' locks until it is decided, so no later transaction changes those rows meanwhile.)
 */
final class XaHold {

    private static final Logger LOG = LoggerFactory.getLogger(XaHold.class);

    /** One XA transaction's records. */
    private static final class Block {
        final List<PendingRecord> records = new ArrayList<>();
        String xid;
        String where;
        /** null while undecided. */
        Boolean commit;
    }

    private final ChangeQueue queue;
    private final int limit;
    /** {@link Block}s and plain {@link PendingRecord}s, in binlog order, behind the first undecided block. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();

    private Block open;
    private int heldRecords;

    XaHold(ChangeQueue queue, int limit) {
        this.queue = queue;
        this.limit = limit;
    }

    void put(PendingRecord r) throws InterruptedException {
        if (open != null) {
            open.records.add(r);
        } else if (!held.isEmpty()) {
            held.addLast(r);
            if (++heldRecords > limit) {
                Block first = (Block) held.peekFirst();
                throw new ConnectException("the XA transaction prepared at " + first.where + " is neither committed"
                        + " nor rolled back, and " + heldRecords + " later changes wait behind it (more than"
                        + " max.queue.size); decide it on the server (XA RECOVER lists it) and restart the task");
            }
        } else {
            queue.put(r);
        }
    }

    /** {@code XA START}: the records until the XA_PREPARE event belong to it. */
    void start() {
        if (open == null) { // an XA START read again after a reconnect keeps its block
            open = new Block();
            held.addLast(open);
        }
    }

    /** The XA_PREPARE event that ends the transaction's part of the binlog. */
    void prepared(XAPrepareEventData d, String where) throws InterruptedException {
        Block b = open;
        open = null;
        if (b == null) {
            LOG.warn("XA_PREPARE at {} without XA START; its changes were delivered as they came", where);
            return;
        }
        if (d.isOnePhase()) {
            b.commit = true; // XA COMMIT ... ONE PHASE
        } else {
            b.xid = xid(d);
            b.where = where;
        }
        drain();
    }

    /** {@code XA COMMIT xid} or {@code XA ROLLBACK xid}; an unknown xid was decided before this task read it. */
    void decided(String xidText, boolean commit) throws InterruptedException {
        String xid = normalize(xidText);
        for (Object o : held) {
            if (o instanceof Block b && b.commit == null && xid.equals(b.xid)) {
                b.commit = commit;
                break;
            }
        }
        drain();
    }

    boolean holding() {
        return !held.isEmpty();
    }

    private void drain() throws InterruptedException {
        while (!held.isEmpty()) {
            Object head = held.peekFirst();
            if (head instanceof Block b) {
                if (b == open || b.commit == null) {
                    return;
                }
                held.removeFirst();
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
