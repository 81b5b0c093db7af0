package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.metrics.TaskMetrics;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.postgres.Catalog.CapturedTable;
import io.entitynotifier.connect.postgres.PgOutputMessage.RelationColumn;
import io.entitynotifier.connect.postgres.PgOutputMessage.Tuple;

/**
 * Reads the captured tables as {@code op=r} events, table by table in name order, inside one REPEATABLE READ
 * transaction that the caller opened (on the slot's exported snapshot for a fresh slot). A table with a primary key is
 * read in chunks ordered by the key, a table without one in chunks of pages ordered by {@code ctid}
 * ({@link KeylessChunks}); every row's offset names the table and the row's key or ctid, so a restarted task continues
 * after the last row Kafka committed, and the last row of each chunk ends a source "transaction". The very last row
 * is marked {@code snapshot=last} and carries the streaming offset, which records the snapshot as complete.
 *
 * <p>A resumed snapshot (after a restart or a lost connection) reads a newer snapshot than the one the slot
 * exported; given the {@link SnapshotPoint} recorded in the offsets it skips every row version that snapshot did not
 * see, so that each row arrives once: a row version written after the snapshot point arrives through the stream.
 */
public final class SnapshotReader {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReader.class);

    private final Catalog catalog;
    private final RelationSchemaReader schemas;
    private final PostgresSourceInfo sourceInfo;
    private final ChangeRecordFactory factory;
    private final RecordSink sink;
    private final int chunkSize;
    private final String placeholder;
    private final TaskMetrics metrics;

    private Held held;
    private volatile PostgresOffset lastResumable;
    private SnapshotPoint point;
    private boolean filter;
    private long skipped;
    /** The key of the last row fetched (emitted or skipped) by the running query. */
    private List<String> fetchedKey;

    /** Debezium's snapshot markers: the next row read is the first of its table / of the whole snapshot. */
    private boolean firstOfTable;

    private boolean firstOfSnapshot = true;

    /**
     * A row read but not yet emitted: whether it is the snapshot's last decides its offset and source field.
     *
     * @param key  the row's primary key; empty for a key-less table
     * @param ctid the row's {@link KeylessChunks#position} when its table is read in ctid order, else null
     */
    private record Held(
            CapturedRelation rel,
            Object[] row,
            List<String> key,
            String ctid,
            boolean chunkEnd,
            boolean firstInTable) {}

    public SnapshotReader(
            Catalog catalog,
            RelationSchemaReader schemas,
            PostgresSourceInfo sourceInfo,
            ChangeRecordFactory factory,
            RecordSink sink,
            int chunkSize,
            String placeholder,
            TaskMetrics metrics) {
        this.metrics = metrics;
        this.catalog = catalog;
        this.schemas = schemas;
        this.sourceInfo = sourceInfo;
        this.factory = factory;
        this.sink = sink;
        this.chunkSize = chunkSize;
        this.placeholder = placeholder;
    }

    /**
     * @param snapshot   connection with an open REPEATABLE READ transaction
     * @param tables     the captured tables
     * @param resume     the offset of an interrupted snapshot, or null to start at the first table
     * @param streamLsn  where streaming starts after the snapshot
     * @param snapPoint  the snapshot point recorded in the offsets (null only for offsets of earlier versions)
     * @param filterRows keep only the row versions {@code snapPoint} sees (a resumed snapshot)
     */
    public void run(
            Connection snapshot,
            List<CapturedTable> tables,
            PostgresOffset resume,
            long streamLsn,
            SnapshotPoint snapPoint,
            boolean filterRows)
            throws SQLException, InterruptedException {
        held = null; // a row read before a lost connection was never emitted: the resumed read delivers it again
        point = snapPoint;
        filter = filterRows && snapPoint != null;
        skipped = 0;
        List<CapturedTable> ordered = new ArrayList<>(tables);
        ordered.sort(Comparator.comparing(t -> t.id().identifier()));
        long started = System.currentTimeMillis();
        metrics.snapshotStarted(ordered.size(), 0);
        for (int i = 0; i < ordered.size(); i++) {
            CapturedTable t = ordered.get(i);
            PostgresOffset from = null;
            if (resume != null) {
                int cmp = t.id().identifier().compareTo(resume.snapshotTable());
                if (cmp < 0) {
                    continue; // done before the restart
                }
                if (cmp == 0) {
                    from = resume;
                }
            }
            firstOfTable = true;
            readTable(snapshot, t, from, streamLsn);
            metrics.snapshotTableDone();
            if (i < ordered.size() - 1) {
                // Release the table's last chunk now: the next table's query may wait (for a lock) indefinitely.
                flush(streamLsn, false, true);
            }
        }
        flush(streamLsn, true, true);
        metrics.snapshotCompleted();
        LOG.info(
                "Snapshot of {} tables done in {} ms{}",
                ordered.size(),
                System.currentTimeMillis() - started,
                filter
                        ? " (resumed: " + skipped + " row versions newer than snapshot point " + point
                                + " left to the stream)"
                        : "");
    }

    private void readTable(Connection c, CapturedTable t, PostgresOffset from, long streamLsn)
            throws SQLException, InterruptedException {
        CapturedRelation rel = schemas.fromCatalog(t.id(), t.oid());
        List<String> pk = catalog.primaryKey(t.oid());
        List<RelationColumn> cols = rel.columns();
        String select = "SELECT "
                + cols.stream().map(col -> Catalog.quote(col.name())).collect(Collectors.joining(", ")) + ", xmin";
        if (pk.isEmpty()) {
            if (from != null && from.snapshotKey() != null && from.snapshotKey().isEmpty()) {
                return; // complete (the offset of a table read in one piece names it only at its end)
            }
            if (KeylessChunks.applies(c, t.oid())) {
                KeylessChunks chunks = new KeylessChunks(c, t.oid(), t.id().identifier(), chunkSize);
                String query = select + ", ctid FROM ONLY " + Catalog.quote(t.id())
                        + " WHERE ctid > CAST(? AS tid) AND ctid < CAST(? AS tid) ORDER BY ctid";
                String lower = from != null && from.snapshotCtid() != null ? from.snapshotCtid() : null;
                KeylessChunks.Range range;
                while ((range = chunks.next(lower)) != null) {
                    int rows;
                    try (PreparedStatement ps = c.prepareStatement(query)) {
                        ps.setString(1, range.lowerExclusive());
                        ps.setString(2, range.upperExclusive());
                        rows = readRows(ps, rel, t.id(), pk, streamLsn, true, chunks);
                    }
                    chunks.read(rows);
                    markLastAsChunkEnd(t.id());
                    lower = null;
                }
                return;
            }
            // A partitioned or inherited table (ctid is not unique across its children), or PostgreSQL before 14
            // (no TID range scan): read in one piece; its rows become resumable only at the table's end.
            if (from != null) {
                LOG.warn(
                        "Snapshot of {} restarts from its first row: it has no primary key and is read in one "
                                + "piece",
                        t.id());
            }
            try (PreparedStatement ps = c.prepareStatement(select + " FROM " + Catalog.quote(t.id()))) {
                ps.setFetchSize(chunkSize);
                readRows(ps, rel, t.id(), pk, streamLsn, false, null);
            }
            markLastAsChunkEnd(t.id());
            return;
        }
        Map<String, String> types = catalog.sqlTypes(t.oid());
        String keyCols = pk.stream().map(Catalog::quote).collect(Collectors.joining(", "));
        String keyParams =
                pk.stream().map(k -> "CAST(? AS " + types.get(k) + ")").collect(Collectors.joining(", "));
        String first = select + " FROM " + Catalog.quote(t.id()) + " ORDER BY " + keyCols + " LIMIT " + chunkSize;
        String next = select + " FROM " + Catalog.quote(t.id()) + " WHERE (" + keyCols + ") > (" + keyParams
                + ") ORDER BY " + keyCols + " LIMIT " + chunkSize;
        List<String> last = from == null ? null : from.snapshotKey();
        while (true) {
            int rows;
            fetchedKey = null;
            try (PreparedStatement ps = c.prepareStatement(last == null ? first : next)) {
                if (last != null) {
                    for (int i = 0; i < last.size(); i++) {
                        ps.setString(i + 1, last.get(i));
                    }
                }
                rows = readRows(ps, rel, t.id(), pk, streamLsn, true, null);
            }
            if (rows == 0) {
                return;
            }
            markLastAsChunkEnd(t.id());
            last = fetchedKey; // after the last row fetched, whether it was emitted or skipped
            if (rows < chunkSize) {
                return;
            }
        }
    }

    /**
     * Reads the query's rows and holds each (emitting the one held before).
     *
     * @param resumable each row's offset (its key or ctid) is a resume point; false for a table read in one piece
     * @param chunks    the ctid chunks the query reads, or null
     * @return the number of rows fetched, skipped ones included
     */
    private int readRows(
            PreparedStatement ps,
            CapturedRelation rel,
            TableId id,
            List<String> pk,
            long streamLsn,
            boolean resumable,
            KeylessChunks chunks)
            throws SQLException, InterruptedException {
        int n = 0;
        int columns = rel.columns().size();
        List<String> unavailable = new ArrayList<>(0);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
                List<String> key = new ArrayList<>(pk.size());
                for (String k : pk) {
                    key.add(rs.getString(k));
                }
                String ctid = chunks != null ? chunks.position(rs.getString(columns + 2)) : null;
                fetchedKey = key;
                if (filter && !point.sees(Long.parseLong(rs.getString(columns + 1)))) {
                    skipped++;
                    continue; // written after the snapshot point: the stream delivers it
                }
                String[] values = new String[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = rs.getString(i + 1);
                }
                Object[] row;
                try {
                    row = rel.row(new Tuple(values, new BitSet()), null, unavailable, placeholder);
                } catch (IllegalArgumentException e) {
                    throw new ConnectException("Snapshot of " + id + ": " + e.getMessage(), e);
                }
                flush(streamLsn, false, false);
                held = new Held(rel, row, resumable || !key.isEmpty() ? key : null, ctid, false, firstOfTable);
                firstOfTable = false;
            }
        }
        return n;
    }

    /** Marks the held row, if it is {@code table}'s, as the end of a chunk. */
    private void markLastAsChunkEnd(TableId table) {
        if (held != null && held.rel().schema().id().equals(table)) {
            Held h = held;
            held = new Held(h.rel(), h.row(), h.key() == null ? List.of() : h.key(), h.ctid(), true, h.firstInTable());
        }
    }

    /**
     * Emits the held row; {@code end} when it is the snapshot's last row, {@code lastInTable} when no row of its table
     * follows.
     */
    private void flush(long streamLsn, boolean end, boolean lastInTable) throws InterruptedException {
        Held h = held;
        if (h == null) {
            return;
        }
        held = null;
        TableId id = h.rel().schema().id();
        long now = System.currentTimeMillis();
        SourceInfo.Snapshot marker = SourceInfo.Snapshot.of(firstOfSnapshot, end, h.firstInTable(), lastInTable);
        firstOfSnapshot = false;
        Struct source =
                sourceInfo.struct(now * 1000L, marker, id.catalog(), id.schema(), id.table(), null, streamLsn, null);
        String pointText = point == null ? null : point.text();
        // A row of a table read in one piece has no position of its own (key null) until the table's end.
        boolean resumable = end || h.ctid() != null || h.key() != null;
        PostgresOffset offset = end
                ? PostgresOffset.betweenTransactions(streamLsn, null)
                : h.ctid() != null
                        ? PostgresOffset.snapshotAtCtid(streamLsn, id.identifier(), h.ctid(), pointText)
                        : PostgresOffset.snapshot(streamLsn, id.identifier(), h.key(), pointText);
        List<PendingRecord> out = new ArrayList<>(1);
        factory.emit(
                h.rel().schema(),
                Operation.READ,
                null,
                h.row(),
                source,
                offset.toMap(),
                now,
                null,
                h.chunkEnd() || end,
                out);
        if (!resumable) {
            out.replaceAll(r -> new PendingRecord(r.record(), false, false));
        }
        sink.accept(out);
        if (resumable) {
            lastResumable = offset;
        }
    }

    /**
     * The offset of the last resumable record handed to the sink, or null: where a snapshot that failed on a lost
     * connection continues (the records before it are on their way to Kafka).
     */
    public PostgresOffset lastResumable() {
        return lastResumable;
    }
}
