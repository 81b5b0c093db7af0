package io.entitynotifier.connect.sqlite;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the connector stands, as stored in Connect's offsets: the last change-log sequence delivered and, while the
 * initial snapshot runs, the table and key after which it continues. Every record's offset is such a position, so
 * each is a point a restart can resume from.
 *
 * @param seq           last change-log sequence delivered (during the snapshot: the sequence the snapshot saw last)
 * @param snapshotTable table the snapshot is in, or null when no snapshot is in progress
 * @param snapshotAfter key of the last snapshot row delivered in that table (rowid, or primary-key values);
 *                      stored as a JSON object text because Connect offsets hold only primitive values
 * @param incremental   the running incremental snapshot ({@code IncrementalSnapshot.encode()}), or null
 */
public record SqlitePosition(long seq, String snapshotTable, List<Object> snapshotAfter, String incremental) {

    static final String SEQ = "seq";
    static final String SNAPSHOT = "snapshot";
    static final String SNAPSHOT_TABLE = "snapshot_table";
    static final String SNAPSHOT_AFTER = "snapshot_after";
    static final String INCREMENTAL = "incremental_snapshot";

    public SqlitePosition(long seq, String snapshotTable, List<Object> snapshotAfter) {
        this(seq, snapshotTable, snapshotAfter, null);
    }

    public static SqlitePosition streaming(long seq) {
        return new SqlitePosition(seq, null, null, null);
    }

    /** Streaming, with an incremental snapshot's state (null: none). */
    public static SqlitePosition streaming(long seq, String incremental) {
        return new SqlitePosition(seq, null, null, incremental);
    }

    public boolean inSnapshot() {
        return snapshotTable != null;
    }

    public Map<String, Object> toOffset() {
        Map<String, Object> m = new HashMap<>(4);
        m.put(SEQ, seq);
        if (snapshotTable != null) {
            m.put(SNAPSHOT, true);
            m.put(SNAPSHOT_TABLE, snapshotTable);
            m.put(SNAPSHOT_AFTER, SnapshotKey.encode(snapshotAfter));
        }
        if (incremental != null) {
            m.put(INCREMENTAL, incremental);
        }
        return m;
    }

    /** Null when there is no stored offset (first start). */
    public static SqlitePosition fromOffset(Map<String, ?> offset) {
        if (offset == null || offset.get(SEQ) == null) {
            return null;
        }
        long seq = ((Number) offset.get(SEQ)).longValue();
        if (Boolean.TRUE.equals(offset.get(SNAPSHOT))) {
            return new SqlitePosition(
                    seq, (String) offset.get(SNAPSHOT_TABLE), SnapshotKey.decode((String) offset.get(SNAPSHOT_AFTER)));
        }
        return streaming(seq, (String) offset.get(INCREMENTAL));
    }
}
