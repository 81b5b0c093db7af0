package io.entitynotifier.connect.mysql.snapshot;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.offset.SnapshotKeyText;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.mysql.BinlogPosition;
import io.entitynotifier.connect.mysql.schema.CapturedTable;
import io.entitynotifier.connect.mysql.snapshot.ResumedRanges.Range;

/**
 * Streaming after a resumed snapshot, until the binlog has passed the snapshot points of all {@link ResumedRanges}:
 * a row change whose transaction is part of the snapshot point of the row's range is already in that row's snapshot
 * record, so it is dropped; every other change is delivered. A key-changing update between ranges becomes the half
 * that the consumer has not seen: the delete of the old key (its range was read before the change) or the create of
 * the new key (the old key's range was read after it). {@link #tag} keeps the ranges in the offsets of the records
 * streamed meanwhile, so a restart during the catch-up drops the same changes.
 */
public final class SnapshotCatchUp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCatchUp.class);

    /** What to do with one row change. */
    public enum Verdict {
        /** Deliver it. */
        KEEP,
        /** Already in the snapshot. */
        DROP,
        /** Deliver only the removal of the before image (as a delete). */
        BEFORE_ONLY,
        /** Deliver only the after image (as a create). */
        AFTER_ONLY
    }

    /** Opens connections to the server (for comparing character keys under their collation). */
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final ResumedRanges ranges;
    private final boolean mariaDb;
    private final Connections connections;
    private final List<List<String>> keys = new ArrayList<>();
    private final Map<CapturedTable, KeyOrder> orders = new IdentityHashMap<>();
    private final Set<String> unsupportedWarned = new HashSet<>();
    private Connection connection;

    /** The transaction whose {@link #txnBefore} is cached. */
    private String txnFile;

    private long txnPos = -1;
    private boolean[] txnBefore;

    /** Set by the poll thread once a record's offset has passed every range's point. */
    private volatile boolean passed;

    public SnapshotCatchUp(ResumedRanges ranges, boolean mariaDb, Connections connections) {
        this.ranges = ranges;
        this.mariaDb = mariaDb;
        this.connections = connections;
        for (Range r : ranges.ranges()) {
            keys.add(r.key() == null ? null : SnapshotKeyText.decode(r.key()));
        }
        LOG.info("Streaming after a resumed snapshot: changes already contained in the ranges {} are dropped", ranges);
    }

    public ResumedRanges ranges() {
        return ranges;
    }

    /**
     * The verdict for one row change of {@code table} in the transaction at {@code file}/{@code pos} (GTID
     * {@code gtid}, or null); {@code before}/{@code after} are the raw binlog row images (null when absent).
     */
    public Verdict verdict(
            String gtid, String file, long pos, CapturedTable table, Serializable[] before, Serializable[] after) {
        if (passed) {
            return Verdict.KEEP;
        }
        boolean[] txn = transaction(gtid, file, pos);
        boolean beforeContained = before != null && contained(txn, table, before);
        boolean afterContained = after != null && contained(txn, table, after);
        if (before != null && after != null) {
            if (beforeContained == afterContained) {
                return beforeContained ? Verdict.DROP : Verdict.KEEP;
            }
            return beforeContained ? Verdict.AFTER_ONLY : Verdict.BEFORE_ONLY;
        }
        return beforeContained || afterContained ? Verdict.DROP : Verdict.KEEP;
    }

    /** Per range: whether the transaction is part of its snapshot point. */
    private boolean[] transaction(String gtid, String file, long pos) {
        if (pos != txnPos || !file.equals(txnFile)) {
            List<Range> rs = ranges.ranges();
            txnBefore = new boolean[rs.size()];
            for (int i = 0; i < rs.size(); i++) {
                txnBefore[i] = ResumedRanges.before(gtid, file, pos, rs.get(i).point(), mariaDb);
            }
            txnFile = file;
            txnPos = pos;
        }
        return txnBefore;
    }

    /** Whether the row lies in a resumed range whose snapshot point holds the transaction. */
    private boolean contained(boolean[] txn, CapturedTable table, Serializable[] row) {
        String id = table.id().identifier();
        List<Range> rs = ranges.ranges();
        int in = -1; // the range before the first boundary (-1) was read at the streaming start
        for (int i = 0; i < rs.size(); i++) {
            Range r = rs.get(i);
            int cmp = id.compareTo(r.table());
            boolean after;
            if (cmp != 0) {
                after = cmp > 0;
            } else if (r.key() == null) {
                after = false; // the whole table was delivered before this boundary
            } else {
                Integer c = compareKey(table, row, keys.get(i));
                if (c == null) {
                    return false;
                }
                after = c > 0;
            }
            if (!after) {
                break;
            }
            in = i;
        }
        return in >= 0 && txn[in];
    }

    /** Null when the key cannot be compared: the change is then delivered (see docs/mysql.md). */
    private Integer compareKey(CapturedTable table, Serializable[] row, List<String> key) {
        try {
            KeyOrder order = orders.get(table);
            if (order == null) {
                if (connection == null) {
                    connection = connections.open();
                }
                order = KeyOrder.of(table, connection);
                orders.put(table, order);
            }
            if (order.supported()) {
                return order.compare(row, key);
            }
        } catch (SQLException e) {
            throw new ConnectException(
                    "comparing a change of " + table.id() + " with the resumed snapshot's key failed: "
                            + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            LOG.debug("Key of {} not comparable", table.id(), e);
        }
        if (unsupportedWarned.add(table.id().identifier())) {
            LOG.warn(
                    "The primary key of {} cannot be compared with the resumed snapshot's key; its changes between"
                            + " the first snapshot point and the resume are all delivered (some may repeat)",
                    table.id());
        }
        return null;
    }

    /**
     * Adds the ranges to the offsets of streamed records until one of them has passed every range's point (from then
     * on, nothing is dropped). Called on the poll thread; records that carry the ranges already (the snapshot's) pass
     * unchanged.
     */
    public List<PendingRecord> tag(List<PendingRecord> in) {
        if (passed || in.isEmpty()) {
            return in;
        }
        List<PendingRecord> out = new ArrayList<>(in.size());
        for (PendingRecord r : in) {
            SourceRecord s = r.record();
            Map<String, ?> offset = s.sourceOffset();
            if (passed || offset == null || offset.containsKey(ResumedRanges.OFFSET_KEY)) {
                out.add(r);
                continue;
            }
            BinlogPosition p = BinlogPosition.fromOffset(offset);
            if (p != null && !p.snapshotting() && ranges.passedBy(p, mariaDb)) {
                passed = true;
                LOG.info("Streaming has passed the resumed snapshot's points at {}", p);
                out.add(r);
                continue;
            }
            Map<String, Object> tagged = ranges.addTo(new HashMap<>(offset));
            SourceRecord t = new SourceRecord(
                    s.sourcePartition(),
                    tagged,
                    s.topic(),
                    s.kafkaPartition(),
                    s.keySchema(),
                    s.key(),
                    s.valueSchema(),
                    s.value(),
                    s.timestamp(),
                    s.headers());
            out.add(new PendingRecord(t, r.endsSourceTransaction(), r.resumable(), r.bytes()));
        }
        return out;
    }

    @Override
    public void close() {
        orders.values().forEach(KeyOrder::close);
        orders.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing anyway
            }
            connection = null;
        }
    }
}
