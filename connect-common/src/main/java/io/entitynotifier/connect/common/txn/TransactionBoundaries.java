package io.entitynotifier.connect.common.txn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;

import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.tenant.TenantConfig;

/**
 * Decides which records a poll hands to Connect and where Kafka transactions end, so that Kafka transactions fall on
 * source-transaction boundaries.
 * <ul>
 * <li>A poll returns records only up to the last source-transaction boundary seen; the tail of an unfinished source
 * transaction waits for the next poll. So even with {@code transaction.boundary=poll} a Kafka transaction holds whole
 * source transactions.</li>
 * <li>With {@code transaction.boundary=connector} (a {@link TransactionContext} is given), consecutive source
 * transactions are grouped into one Kafka transaction, committed at the first boundary after it holds
 * {@code commitRecords} records, has been open {@code maxMillis}, or the reader has caught up with the source. One-row
 * source transactions therefore do not pay a Kafka commit each, and latency stays low when the source is quiet.
 * Connect keeps every record of the open Kafka transaction in memory until it commits, so {@code commitRecords} is
 * kept near a poll's batch, well below {@code maxRecords}.</li>
 * <li>Only a source transaction larger than {@code maxRecords} is split: its records are released and committed in
 * pieces, at a {@linkplain PendingRecord#resumable() resumable} record whose offset holds the position inside the
 * source transaction.</li>
 * <li>A run of records without a resumable position that outgrows a bound ({@code maxRecords} or
 * {@code maxHeldBytes}) cannot be split; rather than holding it until memory runs out, the task fails, naming the
 * table and the setting. Readers give every row a resumable position (key-less tables too), so such a run means a
 * reader that does not.</li>
 * </ul>
 * Not thread-safe: used from the task's poll thread only.
 */
public final class TransactionBoundaries {

    private final TransactionContext context;
    private final int maxRecords;
    private final int commitRecords;
    private final long maxMillis;
    private final LongSupplier clock;
    private final long maxHeldBytes;

    private final Deque<PendingRecord> held = new ArrayDeque<>();
    private long heldBytes;
    private int heldSinceBoundary;
    /** Records from the head of {@link #held} up to and including the last resumable one (0: none is). */
    private int throughLastResumable;

    private int openRecords;
    private long openSince;

    /**
     * @param context null unless the connector runs with {@code transaction.boundary=connector}
     */
    public TransactionBoundaries(TransactionContext context, int maxRecords, long maxMillis, LongSupplier clock) {
        this(context, maxRecords, maxMillis, 0, clock);
    }

    /**
     * @param maxHeldBytes bound on the estimated bytes of held records (the tail of an unfinished source
     *                     transaction); reaching it splits the transaction like {@code maxRecords}. 0: no byte bound
     */
    public TransactionBoundaries(
            TransactionContext context, int maxRecords, long maxMillis, long maxHeldBytes, LongSupplier clock) {
        this(context, maxRecords, maxRecords, maxMillis, maxHeldBytes, clock);
    }

    /**
     * @param maxRecords    a single source transaction larger than this is split; also the most records held back
     * @param commitRecords a Kafka transaction grouping several source transactions is committed once it holds this
     *                      many records (capped at {@code maxRecords})
     */
    public TransactionBoundaries(
            TransactionContext context,
            int maxRecords,
            int commitRecords,
            long maxMillis,
            long maxHeldBytes,
            LongSupplier clock) {
        this.maxHeldBytes = maxHeldBytes;
        if (maxRecords < 1 || commitRecords < 1) {
            throw new IllegalArgumentException("maxRecords and commitRecords must be at least 1");
        }
        this.context = context;
        this.maxRecords = maxRecords;
        this.commitRecords = Math.min(commitRecords, maxRecords);
        this.maxMillis = maxMillis;
        this.clock = clock;
    }

    /** Records received but not yet handed to Connect (the tail of an unfinished source transaction). */
    public int held() {
        return held.size();
    }

    /** Estimated bytes of the held records (tracked only when a byte bound is set, else 0). */
    public long heldBytes() {
        return heldBytes;
    }

    /** Records handed to Connect in the Kafka transaction that is still open (0 when none is, or without a context). */
    public int openRecords() {
        return openRecords;
    }

    /**
     * Takes newly read records and returns those to hand to Connect now.
     *
     * @param incoming  records read since the last call, in source order
     * @param caughtUp  the reader has nothing more to read right now: commit what is open at its last boundary
     */
    public List<SourceRecord> release(List<PendingRecord> incoming, boolean caughtUp) {
        for (PendingRecord r : incoming) {
            held.addLast(r);
            if (maxHeldBytes > 0) {
                heldBytes += r.estimatedBytes();
            }
            heldSinceBoundary = r.endsSourceTransaction() ? 0 : heldSinceBoundary + 1;
            if (r.resumable()) {
                throughLastResumable = held.size();
            }
        }
        int releasable = held.size() - heldSinceBoundary;
        boolean split = false;
        boolean overRecords = held.size() >= maxRecords;
        boolean overBytes = maxHeldBytes > 0 && heldBytes >= maxHeldBytes;
        if (releasable == 0 && (overRecords || overBytes)) {
            // One source transaction larger than the bound: release up to its last resumable record.
            releasable = throughLastResumable;
            split = releasable > 0;
            if (!split && held.size() > LONGEST_UNRESUMABLE_CHANGE) {
                throw unsplittable(overBytes);
            }
        }
        List<SourceRecord> out = new ArrayList<>(releasable);
        PendingRecord last = null;
        for (int i = 0; i < releasable; i++) {
            last = held.removeFirst();
            out.add(last.record());
            if (maxHeldBytes > 0) {
                heldBytes -= last.estimatedBytes();
            }
        }
        throughLastResumable = Math.max(0, throughLastResumable - releasable);
        if (split) {
            heldSinceBoundary = held.size();
        }
        if (context != null) {
            decideCommit(out.size(), last, split, caughtUp && held.isEmpty());
        }
        return out;
    }

    /**
     * The most records without a resumable position one change may produce: the delete and the tombstone before the
     * create of a key-changing update. A longer run at a bound is a reader without resume points.
     */
    static final int LONGEST_UNRESUMABLE_CHANGE = 2;

    private ConnectException unsplittable(boolean overBytes) {
        SourceRecord first = held.peekFirst().record();
        Object table = null;
        if (first.value() instanceof Struct s
                && s.schema().field("source") != null
                && s.getStruct("source") != null
                && s.getStruct("source").schema().field("table") != null) {
            table = s.getStruct("source").get("table");
        }
        String setting = overBytes
                ? TenantConfig.TENANT_MAX_BUFFERED_BYTES_CONFIG + "=" + maxHeldBytes
                : CommonSourceConfig.TRANSACTION_MAX_RECORDS_CONFIG + "=" + maxRecords;
        return new ConnectException(held.size() + " change events of table " + (table == null ? "?" : table)
                + " (topic " + first.topic() + ")" + (maxHeldBytes > 0 ? ", about " + heldBytes + " bytes," : "")
                + " have no position a restart could resume from, and they exceed " + setting
                + ": they cannot be split "
                + "across Kafka transactions and holding them all could exhaust the worker's memory. This is a "
                + "reader without resume points (a key-less table's snapshot in a version that gives its rows "
                + "none); raise " + setting.substring(0, setting.indexOf('=')) + " above the table's size or "
                + "exclude the table from the snapshot.");
    }

    private void decideCommit(int released, PendingRecord last, boolean split, boolean idle) {
        long now = clock.getAsLong();
        if (released > 0) {
            if (openRecords == 0) {
                openSince = now;
            }
            openRecords += released;
        }
        if (openRecords == 0) {
            return;
        }
        boolean full = openRecords >= commitRecords;
        boolean old = now - openSince >= maxMillis;
        if (split || full || old || idle) {
            // Everything released so far ends on a boundary (or is a split point), so committing here is safe.
            if (last != null) {
                context.commitTransaction(last.record());
            } else {
                context.commitTransaction();
            }
            openRecords = 0;
        }
    }
}
