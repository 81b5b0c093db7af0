package io.entitynotifier.connect.postgres;

import java.util.HashSet;
import java.util.Set;

/**
 * The transactions a snapshot sees, as {@code txid_current_snapshot()} prints them ({@code xmin:xmax:xip,...}, 64-bit
 * transaction ids with epoch). A snapshot resumed after a restart no longer runs in the slot's exported snapshot; it
 * keeps only row versions whose inserting transaction ({@code xmin}, a 32-bit id) this snapshot sees, so that it
 * delivers exactly what the uninterrupted snapshot would have: every later row version reaches the consumer through
 * the stream, which starts where that snapshot was taken.
 *
 * <p>Limit (PostgreSQL exposes no subtransaction parents): a row written inside a savepoint of a transaction that was
 * still open at the snapshot point counts as visible, so it may arrive twice after a resumed snapshot (never lost).
 */
public final class SnapshotPoint {

    private final String text;
    private final long xmin;
    private final long xmax;
    private final Set<Long> inProgress = new HashSet<>();

    private SnapshotPoint(String text) {
        this.text = text;
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("malformed snapshot point in the offset: '" + text + "'");
        }
        try {
            xmin = Long.parseLong(parts[0]);
            xmax = Long.parseLong(parts[1]);
            if (!parts[2].isEmpty()) {
                for (String x : parts[2].split(",")) {
                    inProgress.add(Long.parseLong(x));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed snapshot point in the offset: '" + text + "'", e);
        }
    }

    /** @throws IllegalArgumentException naming the text, when it is not what txid_current_snapshot() prints */
    public static SnapshotPoint parse(String text) {
        return new SnapshotPoint(text);
    }

    public String text() {
        return text;
    }

    /** Whether a row version inserted by the 32-bit transaction id {@code xid} (the row's xmin) is in this snapshot. */
    public boolean sees(long xid) {
        if (xid < 3) {
            return true; // bootstrap and frozen ids: older than every snapshot
        }
        // The 32-bit id lies within 2^31 of xmax; widen it to 64 bits relative to xmax's epoch.
        int distance = (int) (xid - (xmax & 0xFFFFFFFFL));
        long full = xmax + distance;
        if (full >= xmax) {
            return false;
        }
        if (full < xmin) {
            return true;
        }
        return !inProgress.contains(full);
    }

    @Override
    public String toString() {
        return text;
    }
}
