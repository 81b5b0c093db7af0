package io.entitynotifier.connect.postgres;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The resume point stored as each record's source offset.
 * <ul>
 * <li>Streaming, between transactions: {@code lsn} is the end LSN of the last delivered transaction's commit
 * (streaming resumes there; the server skips every transaction that committed before it).</li>
 * <li>Streaming, inside a transaction: {@code lsn} is that transaction's commit LSN (from its Begin message) and
 * {@code txn_events} how many of its events were delivered; a restart streams from the commit LSN and skips those
 * events.</li>
 * <li>Snapshot in progress: {@code snapshot=true}, {@code snapshot_table} and {@code snapshot_key} (the last
 * delivered row's primary key, as PostgreSQL text) plus {@code lsn}, where streaming starts once the snapshot ends.</li>
 * </ul>
 *
 * @param lsn           see above
 * @param txId          the transaction of the last delivered event (informational), or null
 * @param txnEvents     events of the transaction at {@code lsn} already delivered; 0 between transactions
 * @param snapshotTable the table the snapshot is in ({@code schema.table}), or null when no snapshot is running
 * @param snapshotKey   key of the last row delivered from {@code snapshotTable}; null when none yet
 */
public record PostgresOffset(long lsn, Long txId, long txnEvents, String snapshotTable, List<String> snapshotKey) {

    static final String LSN = "lsn";
    static final String TX_ID = "txId";
    static final String TXN_EVENTS = "txn_events";
    static final String SNAPSHOT = "snapshot";
    static final String SNAPSHOT_TABLE = "snapshot_table";
    static final String SNAPSHOT_KEY = "snapshot_key";

    public static PostgresOffset betweenTransactions(long commitEndLsn, Long txId) {
        return new PostgresOffset(commitEndLsn, txId, 0, null, null);
    }

    public static PostgresOffset insideTransaction(long commitLsn, long txId, long eventsDelivered) {
        return new PostgresOffset(commitLsn, txId, eventsDelivered, null, null);
    }

    public static PostgresOffset snapshot(long streamLsn, String table, List<String> key) {
        return new PostgresOffset(streamLsn, null, 0, table, key);
    }

    public boolean snapshotRunning() {
        return snapshotTable != null;
    }

    public boolean insideTransaction() {
        return txnEvents > 0;
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
                m.put(SNAPSHOT_KEY, encodeKey(snapshotKey));
            }
        }
        return m;
    }

    /** Null when {@code m} is null (no offset stored yet). */
    public static PostgresOffset fromMap(Map<String, ?> m) {
        if (m == null || m.get(LSN) == null) {
            return null;
        }
        long lsn = ((Number) m.get(LSN)).longValue();
        Long txId = m.get(TX_ID) == null ? null : ((Number) m.get(TX_ID)).longValue();
        long events = m.get(TXN_EVENTS) == null ? 0 : ((Number) m.get(TXN_EVENTS)).longValue();
        String table = Boolean.TRUE.equals(m.get(SNAPSHOT)) ? (String) m.get(SNAPSHOT_TABLE) : null;
        List<String> key = table != null && m.get(SNAPSHOT_KEY) != null ? decodeKey((String) m.get(SNAPSHOT_KEY)) : null;
        return new PostgresOffset(lsn, txId, events, table, key);
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

    /** Length-prefixed values ({@code 3:abc}), {@code -} for null: offsets may hold only primitives. */
    static String encodeKey(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (v == null) {
                sb.append('-');
            } else {
                sb.append(v.length()).append(':').append(v);
            }
        }
        return sb.toString();
    }

    static List<String> decodeKey(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == '-') {
                out.add(null);
                i++;
                continue;
            }
            int colon = s.indexOf(':', i);
            if (colon < 0) {
                throw new IllegalArgumentException("malformed snapshot_key offset: " + s);
            }
            int len = Integer.parseInt(s.substring(i, colon));
            out.add(s.substring(colon + 1, colon + 1 + len));
            i = colon + 1 + len;
        }
        return out;
    }
}
