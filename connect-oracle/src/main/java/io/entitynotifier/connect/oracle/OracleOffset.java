package io.entitynotifier.connect.oracle;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where the connector resumes, as stored in Connect's offsets.
 * <ul>
 * <li>{@code scn}: mining restarts here (inclusive): the start of the oldest transaction still open when the offset
 * was taken, so its changes are read again; as in Debezium.</li>
 * <li>{@code commit_scn} and {@code commit_txids}: the last delivered transaction(s). Transactions that commit before
 * {@code commit_scn}, or at it with an XID listed, were delivered and are skipped when re-read.</li>
 * <li>{@code tx_id}, {@code tx_commit_scn}, {@code tx_events}: set inside a transaction split over several Kafka
 * transactions: how many of its changes were delivered, so the rest follow after a restart.</li>
 * <li>{@code snapshot_scn}, {@code snapshot_table}, {@code snapshot_key}: an unfinished snapshot, read as of
 * {@code snapshot_scn}; rows of {@code snapshot_table} after {@code snapshot_key} (and the tables after it) remain.</li>
 * <li>{@code snapshot_rowid}: instead of {@code snapshot_key} for a table without a primary key, read in ROWID order:
 * the ROWID of the last row delivered ({@link io.entitynotifier.connect.common.offset.SnapshotKeyText}).</li>
 * </ul>
 * SCNs are written as decimal strings, as Debezium does.
 */
public record OracleOffset(
        long scn,
        long commitScn,
        Set<String> commitTxIds,
        String txId,
        long txCommitScn,
        long txEvents,
        Long snapshotScn,
        String snapshotTable,
        String snapshotKey,
        String snapshotRowId) {

    public static final String SCN = "scn";
    public static final String COMMIT_SCN = "commit_scn";
    public static final String COMMIT_TXIDS = "commit_txids";
    public static final String TX_ID = "tx_id";
    public static final String TX_COMMIT_SCN = "tx_commit_scn";
    public static final String TX_EVENTS = "tx_events";
    public static final String SNAPSHOT_SCN = "snapshot_scn";
    public static final String SNAPSHOT_TABLE = "snapshot_table";
    public static final String SNAPSHOT_KEY = "snapshot_key";
    public static final String SNAPSHOT_ROWID = "snapshot_rowid";

    /** Streaming from {@code scn}, everything committed up to {@code commitScn} already delivered. */
    public static OracleOffset streaming(long scn, long commitScn, Set<String> commitTxIds) {
        return new OracleOffset(scn, commitScn, Set.copyOf(commitTxIds), null, 0, 0, null, null, null, null);
    }

    public OracleOffset inTransaction(String xid, long txCommit, long eventsDone) {
        return new OracleOffset(scn, commitScn, commitTxIds, xid, txCommit, eventsDone, null, null, null, null);
    }

    public OracleOffset inSnapshot(long atScn, String table, String key) {
        return new OracleOffset(scn, commitScn, commitTxIds, null, 0, 0, atScn, table, key, null);
    }

    /** Inside the snapshot of a key-less table, after the row at {@code rowId} (encoded). */
    public OracleOffset inSnapshotAtRowId(long atScn, String table, String rowId) {
        return new OracleOffset(scn, commitScn, commitTxIds, null, 0, 0, atScn, table, null, rowId);
    }

    /** The position inside {@link #snapshotTable()}: a key or a ROWID was delivered from it. */
    public boolean snapshotInsideTable() {
        return snapshotKey != null || snapshotRowId != null;
    }

    public boolean snapshotInProgress() {
        return snapshotScn != null;
    }

    /** True when the transaction committing at {@code commit} with {@code xid} was already delivered in full. */
    public boolean delivered(long commit, String xid) {
        return commit < commitScn || (commit == commitScn && commitTxIds.contains(xid));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new HashMap<>();
        m.put(SCN, Long.toString(scn));
        m.put(COMMIT_SCN, Long.toString(commitScn));
        m.put(COMMIT_TXIDS, String.join(",", commitTxIds));
        if (txId != null) {
            m.put(TX_ID, txId);
            m.put(TX_COMMIT_SCN, Long.toString(txCommitScn));
            m.put(TX_EVENTS, txEvents);
        }
        if (snapshotScn != null) {
            m.put(SNAPSHOT_SCN, Long.toString(snapshotScn));
            m.put(SNAPSHOT_TABLE, snapshotTable);
            m.put(SNAPSHOT_KEY, snapshotKey);
            if (snapshotRowId != null) {
                m.put(SNAPSHOT_ROWID, snapshotRowId);
            }
        }
        return m;
    }

    public static OracleOffset fromMap(Map<String, ?> m) {
        if (m == null || m.get(SCN) == null) {
            return null;
        }
        String txids = (String) m.get(COMMIT_TXIDS);
        Set<String> ids =
                txids == null || txids.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(txids.split(",")));
        Object txEvents = m.get(TX_EVENTS);
        return new OracleOffset(
                parse(m.get(SCN)),
                parse(m.get(COMMIT_SCN)),
                Set.copyOf(ids),
                (String) m.get(TX_ID),
                m.get(TX_COMMIT_SCN) == null ? 0 : parse(m.get(TX_COMMIT_SCN)),
                txEvents == null ? 0 : ((Number) txEvents).longValue(),
                m.get(SNAPSHOT_SCN) == null ? null : parse(m.get(SNAPSHOT_SCN)),
                (String) m.get(SNAPSHOT_TABLE),
                (String) m.get(SNAPSHOT_KEY),
                (String) m.get(SNAPSHOT_ROWID));
    }

    private static long parse(Object v) {
        return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
    }
}
