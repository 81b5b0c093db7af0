package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunks in which the snapshot reads a table without a primary key: ranges of the table's pages, each read with
 * a TID range scan ordered by {@code ctid}, sized to hold about {@code snapshot.chunk.size} rows (learned from the
 * rows per page seen so far). Every row's ctid is then a resume point, so such a table's snapshot is bounded in memory
 * like a keyed one and a restart continues after the last committed row.
 *
 * <p>The pages are counted when the table's read starts, after the snapshot point: a row version the snapshot sees
 * was written before it, on a page that already existed, so later pages hold only newer versions (which a resumed
 * snapshot skips anyway). A {@code VACUUM FULL} or {@code CLUSTER} between an interruption and the resume moves rows
 * to new ctids; the table is then read again from its first page (rows may repeat, none is lost).
 */
final class KeylessChunks {

    private static final Logger LOG = LoggerFactory.getLogger(KeylessChunks.class);

    /** Rows with {@code lowerExclusive < ctid < upperExclusive}. */
    record Range(String lowerExclusive, String upperExclusive) {}

    private final long pages;
    private final long filenode;
    private final String table;
    private final int chunkRows;
    private long nextPage;
    private long step = 1;
    private long pagesRead;
    private long rowsRead;
    private long lastUpper = -1;

    KeylessChunks(Connection c, int oid, String table, int chunkRows) throws SQLException {
        this.chunkRows = chunkRows;
        this.table = table;
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_relation_size(CAST(? AS oid)) / "
                + "current_setting('block_size')::bigint, pg_relation_filenode(CAST(? AS oid))")) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                pages = rs.getLong(1);
                filenode = rs.getLong(2);
            }
        }
    }

    /**
     * A row's resume position as stored in {@code snapshot_ctid}: {@code <filenode>/<ctid>}; the file node tells
     * whether the table was rewritten since (which gives its rows new ctids).
     */
    String position(String ctid) {
        return filenode + "/" + ctid;
    }

    /**
     * Whether the table is read in ctid chunks: a plain table without inheritance children (a ctid is unique only
     * within one relation) on PostgreSQL 14 or later (TID range scans).
     */
    static boolean applies(Connection c, int oid) throws SQLException {
        if (ServerChecks.intQuery(c, "SHOW server_version_num") < 140000) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relkind = 'r' AND NOT EXISTS (SELECT 1 FROM "
                + "pg_inherits i WHERE i.inhparent = c.oid) FROM pg_class c WHERE c.oid = CAST(? AS oid)")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * The next range, or null when the table is done.
     *
     * @param resumeAfter the {@link #position} of the last row delivered before a restart, for the first range; null
     *                    otherwise
     */
    Range next(String resumeAfter) {
        String lower;
        String ctid = resumeAfter == null ? null : resumeAfter.substring(resumeAfter.indexOf('/') + 1);
        if (resumeAfter != null && !resumeAfter.startsWith(filenode + "/")) {
            LOG.warn(
                    "Table {} was rewritten (VACUUM FULL, CLUSTER, TRUNCATE?) since its interrupted snapshot; its "
                            + "snapshot restarts from its first page, so rows delivered before may repeat",
                    table);
            ctid = null;
        }
        if (ctid != null) {
            nextPage = page(ctid);
            lower = ctid;
        } else {
            lower = "(" + nextPage + ",0)";
        }
        if (nextPage >= pages) {
            return null;
        }
        long upper = Math.min(pages, nextPage + step);
        lastUpper = upper;
        return new Range(lower, "(" + upper + ",0)");
    }

    /** Records that the last range held {@code rows} rows and sizes the next one. */
    void read(int rows) {
        long read = lastUpper - nextPage;
        pagesRead += read;
        rowsRead += rows;
        nextPage = lastUpper;
        long want = rowsRead == 0 ? step * 2 : Math.max(1, chunkRows * pagesRead / rowsRead);
        step = Math.max(1, Math.min(want, step * 8));
    }

    /** The page of a ctid text {@code (page,item)}. */
    static long page(String ctid) {
        int comma = ctid.indexOf(',');
        if (!ctid.startsWith("(") || comma < 0) {
            throw new IllegalArgumentException("malformed snapshot_ctid in the offset: '" + ctid + "'");
        }
        try {
            return Long.parseLong(ctid.substring(1, comma));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed snapshot_ctid in the offset: '" + ctid + "'", e);
        }
    }
}
