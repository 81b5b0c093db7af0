package io.entitynotifier.connect.mysql;

import java.util.HashMap;
import java.util.Map;

/**
 * The source offset: where to resume after a record.
 * <ul>
 * <li>{@code gtids}: the GTID set (MySQL {@code uuid:1-n}, MariaDB {@code domain-server-seq} list) of the
 * transactions completely delivered; absent when the server runs without GTIDs, then {@code file}/{@code pos} are
 * used to resume.</li>
 * <li>{@code file}/{@code pos}: after a whole transaction, the binlog coordinates after its commit; inside a
 * transaction, the coordinates of its first event.</li>
 * <li>{@code gtid}, {@code event}, {@code row}: only inside a transaction: the GTID of that transaction, and that
 * {@code row} rows of its {@code event}-th row event (counting from 0) and all rows of earlier row events were
 * delivered. A restart re-reads the transaction and skips exactly those rows.</li>
 * <li>{@code snapshot}, {@code snapshot_table}, {@code snapshot_key}: while the initial snapshot runs, the last table
 * and primary key delivered; {@code file}/{@code pos}/{@code gtids} then hold where streaming will start.</li>
 * </ul>
 */
public record BinlogPosition(
        String gtids,
        String file,
        long pos,
        String gtid,
        int event,
        int row,
        String snapshotTable,
        String snapshotKey,
        boolean snapshotting) {

    public static final String GTIDS = "gtids";
    public static final String FILE = "file";
    public static final String POS = "pos";
    public static final String GTID = "gtid";
    public static final String EVENT = "event";
    public static final String ROW = "row";
    public static final String SNAPSHOT = "snapshot";
    public static final String SNAPSHOT_TABLE = "snapshot_table";
    public static final String SNAPSHOT_KEY = "snapshot_key";

    /** Between transactions. */
    public static BinlogPosition at(String gtids, String file, long pos) {
        return new BinlogPosition(gtids, file, pos, null, -1, 0, null, null, false);
    }

    /** Inside the transaction that starts at {@code file}/{@code pos}. */
    public static BinlogPosition inside(String gtidsBefore, String file, long pos, String gtid, int event, int row) {
        return new BinlogPosition(gtidsBefore, file, pos, gtid, event, row, null, null, false);
    }

    public BinlogPosition snapshotAt(String table, String key) {
        return new BinlogPosition(gtids, file, pos, null, -1, 0, table, key, true);
    }

    public boolean insideTransaction() {
        return event >= 0;
    }

    public boolean usesGtids() {
        return gtids != null;
    }

    public Map<String, Object> toOffset() {
        Map<String, Object> m = new HashMap<>(8);
        if (gtids != null) {
            m.put(GTIDS, gtids);
        }
        m.put(FILE, file);
        m.put(POS, pos);
        if (event >= 0) {
            m.put(EVENT, event);
            m.put(ROW, row);
            if (gtid != null) {
                m.put(GTID, gtid);
            }
        }
        if (snapshotting) {
            m.put(SNAPSHOT, true);
            m.put(SNAPSHOT_TABLE, snapshotTable);
            if (snapshotKey != null) {
                m.put(SNAPSHOT_KEY, snapshotKey);
            }
        }
        return m;
    }

    /** Null when there is no offset. */
    public static BinlogPosition fromOffset(Map<String, ?> m) {
        if (m == null || m.get(FILE) == null) {
            return null;
        }
        if ((m.containsKey("ts_sec") || m.containsKey("server_id")) && !m.containsKey(GTID)) {
            return fromDebezium(m);
        }
        String gtids = (String) m.get(GTIDS);
        String file = (String) m.get(FILE);
        long pos = ((Number) m.get(POS)).longValue();
        int event = m.get(EVENT) == null ? -1 : ((Number) m.get(EVENT)).intValue();
        int row = m.get(ROW) == null ? 0 : ((Number) m.get(ROW)).intValue();
        boolean snapshotting = Boolean.TRUE.equals(m.get(SNAPSHOT));
        return new BinlogPosition(
                gtids,
                file,
                pos,
                (String) m.get(GTID),
                event,
                row,
                (String) m.get(SNAPSHOT_TABLE),
                (String) m.get(SNAPSHOT_KEY),
                snapshotting);
    }

    /**
     * Where to continue from a Debezium MySQL/MariaDB connector's offset (same name and topic.prefix, hence the same
     * source partition; Debezium's offsets carry {@code ts_sec}/{@code server_id}, which ours never do). Debezium's
     * {@code gtids} is the set of completed transactions and {@code file}/{@code pos} the start of the transaction it
     * was in, and its {@code event}/{@code row} count every binlog event after that transaction's BEGIN (table maps
     * included), which is not our row-event index: read as ours, they would skip rows Debezium never delivered. So
     * the transaction Debezium was in is read again from its start: nothing is lost, and its changes that Debezium
     * had already delivered are delivered again. Between transactions (no {@code event}/{@code row}) nothing repeats.
     * An interrupted Debezium snapshot gives null: the connector snapshots afresh, as Debezium would restart it.
     */
    static BinlogPosition fromDebezium(Map<String, ?> m) {
        Object snapshot = m.get(SNAPSHOT);
        if (snapshot != null
                && !"false".equalsIgnoreCase(snapshot.toString())
                && !Boolean.TRUE.equals(m.get("snapshot_completed"))) {
            return null;
        }
        return at((String) m.get(GTIDS), (String) m.get(FILE), ((Number) m.get(POS)).longValue());
    }

    @Override
    public String toString() {
        String base = (gtids != null ? "GTIDs '" + gtids + "', " : "") + file + ":" + pos;
        if (event >= 0) {
            base += " (inside transaction " + (gtid != null ? gtid + " " : "") + "after row " + row + " of row event "
                    + event + ")";
        }
        if (snapshotting) {
            base += " (snapshot at " + snapshotTable + (snapshotKey != null ? " key " + snapshotKey : "") + ")";
        }
        return base;
    }
}
