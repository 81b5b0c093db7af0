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
 * {@link #debeziumSkip} is never stored: it is set only when the position was read from a Debezium offset inside a
 * transaction ({@link #fromDebezium}).
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
        boolean snapshotting,
        DebeziumSkip debeziumSkip) {

    public static final String GTIDS = "gtids";
    public static final String FILE = "file";
    public static final String POS = "pos";
    public static final String GTID = "gtid";
    public static final String EVENT = "event";
    public static final String ROW = "row";
    public static final String SNAPSHOT = "snapshot";
    public static final String SNAPSHOT_TABLE = "snapshot_table";
    public static final String SNAPSHOT_KEY = "snapshot_key";

    /**
     * Debezium's restart point inside the transaction whose {@code BEGIN} (MySQL; MariaDB: its GTID event) is at
     * {@code file}/{@code pos}: its first {@code events} binlog events counted from that {@code BEGIN} (which is
     * event 0; table maps and every other event count) were handled, and then {@code rows} rows of the next row event
     * were delivered (Debezium's offset keys {@code event} and {@code row}, as its
     * {@code BinlogOffsetContext}/{@code BinlogStreamingChangeEventSource} write and read them).
     */
    public record DebeziumSkip(long events, int rows) {}

    /** Between transactions. */
    public static BinlogPosition at(String gtids, String file, long pos) {
        return new BinlogPosition(gtids, file, pos, null, -1, 0, null, null, false, null);
    }

    /** Inside the transaction that starts at {@code file}/{@code pos}. */
    public static BinlogPosition inside(String gtidsBefore, String file, long pos, String gtid, int event, int row) {
        return new BinlogPosition(gtidsBefore, file, pos, gtid, event, row, null, null, false, null);
    }

    public BinlogPosition snapshotAt(String table, String key) {
        return new BinlogPosition(gtids, file, pos, null, -1, 0, table, key, true, null);
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
                snapshotting,
                null);
    }

    /**
     * Where to continue from a Debezium MySQL/MariaDB connector's offset (same name and topic.prefix, hence the same
     * source partition; Debezium's offsets carry {@code ts_sec}/{@code server_id}, which ours never do). Debezium's
     * {@code gtids} is the set of completed transactions; between transactions {@code file}/{@code pos} is the
     * position after the last one, which is ours. Inside a transaction (an {@code event} count; Debezium's offset of
     * every row change, the last of a transaction included) {@code file}/{@code pos} is the transaction's
     * {@code BEGIN} and {@code event}/{@code row} count the binlog events after it and the rows of the next row event
     * that were delivered: that is kept as {@link #debeziumSkip}, and the binlog reader re-reads the transaction and
     * skips exactly those events and rows, as Debezium would on its own restart (so nothing is delivered twice and
     * nothing is lost). A {@code row} without an {@code event} (outside a transaction, where {@code pos} is already
     * after the event) skips nothing. An interrupted Debezium snapshot gives null: the connector snapshots afresh, as
     * Debezium would restart it.
     */
    static BinlogPosition fromDebezium(Map<String, ?> m) {
        Object snapshot = m.get(SNAPSHOT);
        if (snapshot != null
                && !"false".equalsIgnoreCase(snapshot.toString())
                && !Boolean.TRUE.equals(m.get("snapshot_completed"))) {
            return null;
        }
        String gtids = (String) m.get(GTIDS);
        String file = (String) m.get(FILE);
        long pos = ((Number) m.get(POS)).longValue();
        long events = m.get(EVENT) == null ? 0 : ((Number) m.get(EVENT)).longValue();
        if (events <= 0) {
            return at(gtids, file, pos);
        }
        int rows = m.get(ROW) == null ? 0 : ((Number) m.get(ROW)).intValue();
        return new BinlogPosition(
                gtids, file, pos, null, -1, 0, null, null, false, new DebeziumSkip(events, Math.max(rows, 0)));
    }

    @Override
    public String toString() {
        String base = (gtids != null ? "GTIDs '" + gtids + "', " : "") + file + ":" + pos;
        if (event >= 0) {
            base += " (inside transaction " + (gtid != null ? gtid + " " : "") + "after row " + row + " of row event "
                    + event + ")";
        }
        if (debeziumSkip != null) {
            base += " (inside the transaction begun there, after Debezium's event " + debeziumSkip.events() + " row "
                    + debeziumSkip.rows() + ")";
        }
        if (snapshotting) {
            base += " (snapshot at " + snapshotTable + (snapshotKey != null ? " key " + snapshotKey : "") + ")";
        }
        return base;
    }
}
