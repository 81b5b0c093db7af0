package io.entitynotifier.connect.postgres;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.entitynotifier.connect.common.offset.SnapshotKeyText;

/**
 * The resume point stored as each record's source offset.
 * <ul>
 * <li>Streaming, between transactions: {@code lsn} is the end LSN of the last delivered transaction's commit
 * (streaming resumes there; the server skips every transaction that committed before it).</li>
 * <li>Streaming, inside a transaction: {@code lsn} is that transaction's commit LSN (from its Begin message) and
 * {@code txn_events} how many of its events were delivered; a restart streams from the commit LSN and skips those
 * events.</li>
 * <li>Snapshot in progress: {@code snapshot=true}, {@code snapshot_table}, and either {@code snapshot_key} (the last
 * delivered row's primary key, as PostgreSQL text, encoded by {@link SnapshotKeyText}) or, for a table without a
 * primary key, {@code snapshot_ctid} (the last delivered row's physical position; rows are read in {@code ctid}
 * order); plus {@code lsn}, where
 * streaming starts once the snapshot ends, and {@code snapshot_point}, the snapshot's
 * {@code txid_current_snapshot()} text ({@link SnapshotPoint}) that a resumed snapshot filters its rows by.</li>
 * </ul>
 *
 * @param lsn           see above
 * @param txId          the transaction of the last delivered event (informational), or null
 * @param txnEvents     events of the transaction at {@code lsn} already delivered; 0 between transactions
 * @param snapshotTable the table the snapshot is in ({@code schema.table}), or null when no snapshot is running
 * @param snapshotKey   key of the last row delivered from {@code snapshotTable}; empty when a key-less table is
 *                      complete; null when none yet
 * @param snapshotCtid  for a key-less table, the {@code ctid} of the last delivered row; null otherwise
 * @param snapshotPoint the snapshot's {@code xmin:xmax:xip} text; null in offsets written before it was recorded
 * @param takeoverEventLsn taking over from Debezium's offset ({@link #fromDebezium}): the WAL position of the last
 *                      change of transaction {@code txId} that Debezium delivered; its changes up to there are
 *                      skipped. 0 otherwise (never stored: our own offsets do not need it)
 */
public record PostgresOffset(
        long lsn,
        Long txId,
        long txnEvents,
        String snapshotTable,
        List<String> snapshotKey,
        String snapshotCtid,
        String snapshotPoint,
        long takeoverEventLsn) {

    static final String LSN = "lsn";
    static final String TX_ID = "txId";
    static final String TXN_EVENTS = "txn_events";
    static final String SNAPSHOT = "snapshot";
    static final String SNAPSHOT_TABLE = "snapshot_table";
    static final String SNAPSHOT_KEY = "snapshot_key";
    static final String SNAPSHOT_CTID = "snapshot_ctid";
    static final String SNAPSHOT_POINT = "snapshot_point";

    /** Debezium's offset keys that this suite never writes: a map with one of them is Debezium's (a takeover). */
    static final List<String> DEBEZIUM_ONLY_KEYS = List.of("lsn_proc", "lsn_commit", "ts_usec", "messageType");

    /**
     * Where to continue from a Debezium PostgreSQL connector's offset (same name and topic.prefix, so the same source
     * partition). Debezium records after each event the WAL position of that event ({@code lsn}), its transaction
     * ({@code txId}) and the message type. After a change event, the rest of that transaction is still to come: the
     * stream restarts at {@code lsn} (the server resends the transaction, whose commit is later) and
     * {@link #takeoverEventLsn} skips its changes up to and including {@code lsn}, which Debezium delivered. After a
     * COMMIT, {@code lsn} is the end of the commit record: the transaction is skipped as ours are. After a BEGIN
     * (or without a message type) nothing of the transaction is skipped. An interrupted Debezium snapshot is not
     * resumable here: null, so the connector snapshots afresh as it would without an offset (Debezium restarts an
     * interrupted snapshot too).
     */
    static PostgresOffset fromDebezium(Map<String, ?> m) {
        Object snapshot = m.get(SNAPSHOT);
        boolean snapshotting = snapshot != null
                && !"false".equalsIgnoreCase(snapshot.toString())
                && !Boolean.TRUE.equals(m.get("last_snapshot_record"))
                && !Boolean.TRUE.equals(m.get("snapshot_completed"));
        if (snapshotting) {
            return null;
        }
        long lsn = ((Number) m.get(LSN)).longValue();
        Long txId = m.get(TX_ID) == null ? null : ((Number) m.get(TX_ID)).longValue();
        Object type = m.get("messageType");
        boolean afterChange = type != null
                && List.of("INSERT", "UPDATE", "DELETE", "TRUNCATE").contains(type.toString());
        return new PostgresOffset(lsn, txId, 0, null, null, null, null, afterChange && txId != null ? lsn : 0);
    }

    /** The canonical form without a takeover position. */
    public PostgresOffset(
            long lsn,
            Long txId,
            long txnEvents,
            String snapshotTable,
            List<String> snapshotKey,
            String snapshotCtid,
            String snapshotPoint) {
        this(lsn, txId, txnEvents, snapshotTable, snapshotKey, snapshotCtid, snapshotPoint, 0);
    }

    /** True while continuing inside the transaction {@link #txId} that Debezium delivered up to an event. */
    public boolean takeover() {
        return takeoverEventLsn > 0;
    }

    public static PostgresOffset betweenTransactions(long commitEndLsn, Long txId) {
        return new PostgresOffset(commitEndLsn, txId, 0, null, null, null, null);
    }

    public static PostgresOffset insideTransaction(long commitLsn, long txId, long eventsDelivered) {
        return new PostgresOffset(commitLsn, txId, eventsDelivered, null, null, null, null);
    }

    public static PostgresOffset snapshot(long streamLsn, String table, List<String> key, String point) {
        return new PostgresOffset(streamLsn, null, 0, table, key, null, point);
    }

    public static PostgresOffset snapshotAtCtid(long streamLsn, String table, String ctid, String point) {
        return new PostgresOffset(streamLsn, null, 0, table, null, ctid, point);
    }

    public boolean snapshotRunning() {
        return snapshotTable != null;
    }

    /** Inside a transaction of which some events were delivered (by us, or by Debezium before a takeover). */
    public boolean insideTransaction() {
        return txnEvents > 0 || takeover();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new HashMap<>();
        m.put(LSN, lsn);
        if (txId != null) {
            m.put(TX_ID, txId);
        }
        if (txnEvents > 0) {
            m.put(TXN_EVENTS, txnEvents);
        }
        if (snapshotTable != null) {
            m.put(SNAPSHOT, true);
            m.put(SNAPSHOT_TABLE, snapshotTable);
            if (snapshotKey != null) {
                m.put(SNAPSHOT_KEY, SnapshotKeyText.encode(snapshotKey));
            }
            if (snapshotCtid != null) {
                m.put(SNAPSHOT_CTID, snapshotCtid);
            }
            if (snapshotPoint != null) {
                m.put(SNAPSHOT_POINT, snapshotPoint);
            }
        }
        return m;
    }

    /**
     * Null when {@code m} is null (no offset stored yet). Reads the offsets of earlier versions too: their
     * {@code snapshot_key} has the same encoding (primary-key values are never null), they have no ctid or point.
     */
    public static PostgresOffset fromMap(Map<String, ?> m) {
        if (m == null || m.get(LSN) == null) {
            return null;
        }
        if (DEBEZIUM_ONLY_KEYS.stream().anyMatch(m::containsKey) && !m.containsKey(TXN_EVENTS)) {
            return fromDebezium(m);
        }
        long lsn = ((Number) m.get(LSN)).longValue();
        Long txId = m.get(TX_ID) == null ? null : ((Number) m.get(TX_ID)).longValue();
        long events = m.get(TXN_EVENTS) == null ? 0 : ((Number) m.get(TXN_EVENTS)).longValue();
        String table = Boolean.TRUE.equals(m.get(SNAPSHOT)) ? (String) m.get(SNAPSHOT_TABLE) : null;
        if (table == null) {
            return new PostgresOffset(lsn, txId, events, null, null, null, null);
        }
        List<String> key = m.get(SNAPSHOT_KEY) == null ? null : SnapshotKeyText.decode((String) m.get(SNAPSHOT_KEY));
        return new PostgresOffset(
                lsn, txId, events, table, key, (String) m.get(SNAPSHOT_CTID), (String) m.get(SNAPSHOT_POINT));
    }

    /**
     * The LSN that may be confirmed to the slot once a record with this offset is committed in Kafka: only a position
     * between transactions, where everything before it has been delivered.
     */
    public static long confirmableLsn(Map<String, ?> m) {
        PostgresOffset o = fromMap(m);
        if (o == null || o.insideTransaction() || o.snapshotRunning()) {
            return -1;
        }
        return o.lsn;
    }
}
