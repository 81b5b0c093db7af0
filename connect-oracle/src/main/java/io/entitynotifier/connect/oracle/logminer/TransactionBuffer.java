package io.entitynotifier.connect.oracle.logminer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Holds the captured changes of open Oracle transactions until their COMMIT (then handed out) or ROLLBACK (then
 * dropped). Memory is bounded by a count of buffered changes, overall and per transaction; going over either fails
 * the task with the transaction named instead of dropping anything. Not thread-safe.
 */
public final class TransactionBuffer {

    private final Map<String, BufferedTransaction> open = new LinkedHashMap<>();
    private final int maxEventsPerTransaction;
    private final int maxEvents;
    private int buffered;

    /** @param maxEventsPerTransaction 0 for no per-transaction bound */
    public TransactionBuffer(int maxEventsPerTransaction, int maxEvents) {
        this.maxEventsPerTransaction = maxEventsPerTransaction;
        this.maxEvents = maxEvents;
    }

    /** A START row, or the first row of a transaction whose START was not seen. */
    public BufferedTransaction begin(String xid, long scn) {
        return open.computeIfAbsent(xid, x -> new BufferedTransaction(x, scn));
    }

    public void add(RedoRow row) {
        BufferedTransaction t = begin(row.xid(), row.scn());
        if (row.rollback()) {
            undo(t, row);
            return;
        }
        if (maxEventsPerTransaction > 0 && t.events().size() >= maxEventsPerTransaction) {
            throw new ConnectException("Oracle transaction " + row.xid() + " (started at SCN " + t.startScn()
                    + ") has more than " + maxEventsPerTransaction + " captured changes before its commit, the "
                    + "limit set by log.mining.buffer.transaction.events.threshold. Nothing was dropped; raise the "
                    + "limit and restart the task.");
        }
        if (buffered >= maxEvents) {
            BufferedTransaction largest = open.values().stream()
                    .max((a, b) -> Integer.compare(a.events().size(), b.events().size()))
                    .orElse(t);
            throw new ConnectException("the open Oracle transactions hold " + buffered + " captured changes, the "
                    + "limit set by log.mining.buffer.max.events (largest: transaction " + largest.xid()
                    + " started at SCN " + largest.startScn() + " with "
                    + largest.events().size()
                    + " changes). Nothing was dropped; raise the limit (and the worker heap) and restart the task.");
        }
        t.events().add(row);
        buffered++;
    }

    /**
     * A change with ROLLBACK = 1 undoes the latest earlier change of the same row in the transaction (a rollback to
     * a savepoint), so that change is removed.
     */
    private void undo(BufferedTransaction t, RedoRow row) {
        List<RedoRow> events = t.events();
        for (int i = events.size() - 1; i >= 0; i--) {
            RedoRow e = events.get(i);
            if (e.rowId() != null
                    && e.rowId().equals(row.rowId())
                    && e.table().equals(row.table())
                    && e.owner().equals(row.owner())) {
                events.remove(i);
                buffered--;
                return;
            }
        }
        throw new ConnectException("at SCN " + row.scn() + " transaction " + row.xid() + " rolls back a change to "
                + row.owner() + "." + row.table() + " row " + row.rowId() + " that was not seen; SQL_REDO: "
                + row.sqlRedo());
    }

    /** Removes and returns the transaction (null when nothing of it was seen). */
    public BufferedTransaction remove(String xid) {
        BufferedTransaction t = open.remove(xid);
        if (t != null) {
            buffered -= t.events().size();
        }
        return t;
    }

    /** Start SCN of the oldest open transaction, or {@code Long.MAX_VALUE} when none is open. */
    public long oldestStartScn() {
        long min = Long.MAX_VALUE;
        for (BufferedTransaction t : open.values()) {
            min = Math.min(min, t.startScn());
        }
        return min;
    }

    public int openTransactions() {
        return open.size();
    }

    public int bufferedEvents() {
        return buffered;
    }
}
