package io.entitynotifier.connect.mysql.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;

import io.entitynotifier.connect.common.offset.SnapshotKeyText;
import io.entitynotifier.connect.mysql.BinlogPosition;

/**
 * The key ranges of an initial snapshot that was resumed, and the snapshot point each range was read at. The snapshot
 * reads tables in order and each table in primary-key order; a resume after the last delivered {@code (table, key)}
 * reads everything after that boundary in a new consistent snapshot taken at a later binlog position. Streaming still
 * starts at the first snapshot's position, so a binlog change of a row in a resumed range is already contained in that
 * row's snapshot record when its transaction is part of the range's snapshot point; such changes are dropped (see
 * {@link SnapshotCatchUp}). A range lasts up to the boundary of the next resume; the range before the first boundary
 * was read at the streaming start, so nothing in it is dropped.
 *
 * <p>Stored in the offset as {@value #OFFSET_KEY} (one string: Connect offsets hold only primitives) in every
 * snapshot record after a resume and in every streamed record until streaming has passed the last range's point.
 * Offsets without it (all offsets written before this field existed) mean: no resumed range.
 */
public final class ResumedRanges {

    public static final String OFFSET_KEY = "snapshot_resumed";

    public static final ResumedRanges NONE = new ResumedRanges(List.of());

    /**
     * Everything after {@code (table, key)} in snapshot order was read at {@code point}; a null key means after the
     * whole table.
     */
    public record Range(String table, String key, BinlogPosition point) {}

    private final List<Range> ranges;

    private ResumedRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public List<Range> ranges() {
        return ranges;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * These ranges and one more: what follows the interrupted snapshot's last delivered {@code (table, key)} is read
     * at {@code point}. A resume at the boundary of the last range (nothing was delivered since) replaces that range.
     */
    public ResumedRanges resumedAfter(String table, String key, BinlogPosition point) {
        List<Range> out = new ArrayList<>(ranges);
        if (!out.isEmpty()) {
            Range last = out.get(out.size() - 1);
            if (last.table().equals(table) && java.util.Objects.equals(last.key(), key)) {
                out.remove(out.size() - 1);
            }
        }
        out.add(new Range(table, key, BinlogPosition.at(point.gtids(), point.file(), point.pos())));
        return new ResumedRanges(out);
    }

    /** Adds this to {@code offset} (a mutable map) unless there is no range. */
    public Map<String, Object> addTo(Map<String, Object> offset) {
        if (!ranges.isEmpty()) {
            offset.put(OFFSET_KEY, encode());
        }
        return offset;
    }

    String encode() {
        List<String> parts = new ArrayList<>(ranges.size() * 5);
        for (Range r : ranges) {
            parts.add(r.table());
            parts.add(r.key() == null ? "-" : "+" + r.key());
            parts.add(r.point().gtids() == null ? "-" : "+" + r.point().gtids());
            parts.add(r.point().file());
            parts.add(Long.toString(r.point().pos()));
        }
        return SnapshotKeyText.encode(parts);
    }

    /** The ranges an offset carries; {@link #NONE} when it has none. */
    public static ResumedRanges fromOffset(Map<String, ?> offset) {
        Object v = offset == null ? null : offset.get(OFFSET_KEY);
        if (v == null) {
            return NONE;
        }
        List<String> parts = SnapshotKeyText.decode(v.toString());
        if (parts.size() % 5 != 0) {
            throw new IllegalArgumentException("malformed " + OFFSET_KEY + " in the offset");
        }
        List<Range> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i += 5) {
            out.add(new Range(
                    parts.get(i),
                    optional(parts.get(i + 1)),
                    BinlogPosition.at(optional(parts.get(i + 2)), parts.get(i + 3), Long.parseLong(parts.get(i + 4)))));
        }
        return new ResumedRanges(out);
    }

    private static String optional(String s) {
        if (s.startsWith("+")) {
            return s.substring(1);
        }
        if (s.equals("-")) {
            return null;
        }
        throw new IllegalArgumentException("malformed " + OFFSET_KEY + " in the offset");
    }

    /**
     * Whether the transaction starting at {@code file}/{@code pos} (GTID {@code gtid}, or null) was committed before
     * {@code point}, hence is visible in a snapshot taken there.
     */
    static boolean before(String gtid, String file, long pos, BinlogPosition point, boolean mariaDb) {
        if (gtid != null && point.gtids() != null) {
            return set(gtid, mariaDb).isContainedWithin(set(point.gtids(), mariaDb));
        }
        return comparePositions(file, pos, point.file(), point.pos()) < 0;
    }

    /** Whether streaming at {@code offset} has passed every range's point: nothing is dropped from there on. */
    public boolean passedBy(BinlogPosition offset, boolean mariaDb) {
        for (Range r : ranges) {
            BinlogPosition p = r.point();
            boolean passed = p.gtids() != null && offset.gtids() != null
                    ? set(p.gtids(), mariaDb).isContainedWithin(set(offset.gtids(), mariaDb))
                    : comparePositions(offset.file(), offset.pos(), p.file(), p.pos()) >= 0;
            if (!passed) {
                return false;
            }
        }
        return true;
    }

    private static GtidSet set(String text, boolean mariaDb) {
        return mariaDb ? new MariadbGtidSet(text) : new GtidSet(text);
    }

    /** Binlog coordinates in log order: files by their numeric extension ({@code mysql-bin.000012}). */
    static int comparePositions(String fileA, long posA, String fileB, long posB) {
        int f = compareFiles(fileA, fileB);
        return f != 0 ? f : Long.compare(posA, posB);
    }

    private static int compareFiles(String a, String b) {
        int da = a.lastIndexOf('.');
        int db = b.lastIndexOf('.');
        if (da >= 0 && db >= 0 && a.substring(0, da).equals(b.substring(0, db))) {
            try {
                return Long.compare(Long.parseLong(a.substring(da + 1)), Long.parseLong(b.substring(db + 1)));
            } catch (NumberFormatException e) {
                // not a numbered log: compare the names
            }
        }
        return a.compareTo(b);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Range r : ranges) {
            sb.append(sb.length() == 0 ? "" : "; ")
                    .append("after ")
                    .append(r.table())
                    .append(r.key() == null ? "" : " (a key)")
                    .append(" read at ")
                    .append(r.point());
        }
        return sb.toString();
    }
}
