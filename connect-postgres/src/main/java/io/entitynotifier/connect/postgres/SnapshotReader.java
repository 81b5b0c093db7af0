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
 * Reads the captured tables as {@code op=r} events, table by table in name order, in chunks ordered by primary key,
 * inside one REPEATABLE READ transaction that the caller opened (on the slot's exported snapshot for a fresh slot).
 * The last row of each chunk ends a source "transaction" with an offset naming the table and that row's key, so a
 * restarted task continues after the last chunk Kafka committed. A table without a primary key is read in one piece;
 * its rows become resumable only at the table's end. The very last row is marked {@code snapshot=last} and carries
 * the streaming offset, which records the snapshot as complete.
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

    /** A row read but not yet emitted: whether it is the snapshot's last decides its offset and source field. */
    /** Debezium's snapshot markers: the next row read is the first of its table / of the whole snapshot. */
    private boolean firstOfTable;
    private boolean firstOfSnapshot = true;

    private record Held(CapturedRelation rel, Object[] row, List<String> key, boolean chunkEnd, boolean resumable,
                        boolean firstInTable) {
    }

    public SnapshotReader(Catalog catalog, RelationSchemaReader schemas, PostgresSourceInfo sourceInfo,
                          ChangeRecordFactory factory, RecordSink sink, int chunkSize, String placeholder,
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
     * @param snapshot  connection with an open REPEATABLE READ transaction
     * @param tables    the captured tables
     * @param resume    the offset of an interrupted snapshot, or null to start at the first table
     * @param streamLsn where streaming starts after the snapshot
     */
    public void run(Connection snapshot, List<CapturedTable> tables, PostgresOffset resume, long streamLsn)
            throws SQLException, InterruptedException {
        List<CapturedTable> ordered = new ArrayList<>(tables);
        ordered.sort(Comparator.comparing(t -> t.id().identifier()));
        long started = System.currentTimeMillis();
        metrics.snapshotStarted(ordered.size(), 0);
        for (int i = 0; i < ordered.size(); i++) {
            CapturedTable t = ordered.get(i);
            List<String> after = null;
            if (resume != null) {
                int cmp = t.id().identifier().compareTo(resume.snapshotTable());
                if (cmp < 0) {
                    continue; // done before the restart
                }
                if (cmp == 0) {
                    after = resume.snapshotKey();
                }
            }
            firstOfTable = true;
            readTable(snapshot, t, after, streamLsn);
            metrics.snapshotTableDone();
            if (i < ordered.size() - 1) {
                // Release the table's last chunk now: the next table's query may wait (for a lock) indefinitely.
                flush(streamLsn, false, true);
            }
        }
        flush(streamLsn, true, true);
        metrics.snapshotCompleted();
        LOG.info("Snapshot of {} tables done in {} ms", ordered.size(), System.currentTimeMillis() - started);
    }

    private void readTable(Connection c, CapturedTable t, List<String> after, long streamLsn)
            throws SQLException, InterruptedException {
        CapturedRelation rel = schemas.fromCatalog(t.id(), t.oid());
        List<String> pk = catalog.primaryKey(t.oid());
        List<RelationColumn> cols = rel.columns();
        String select = "SELECT " + cols.stream().map(col -> Catalog.quote(col.name())).collect(Collectors.joining(", "))
                + " FROM " + Catalog.quote(t.id());
        if (pk.isEmpty()) {
            if (after != null) {
                return; // a keyless table's offset names it only once it is complete
            }
            try (PreparedStatement ps = c.prepareStatement(select)) {
                ps.setFetchSize(chunkSize);
                readRows(ps, rel, t.id(), pk, streamLsn, false);
            }
            markLastAsChunkEnd();
            return;
        }
        Map<String, String> types = catalog.sqlTypes(t.oid());
        String keyCols = pk.stream().map(Catalog::quote).collect(Collectors.joining(", "));
        String keyParams = pk.stream().map(k -> "CAST(? AS " + types.get(k) + ")").collect(Collectors.joining(", "));
        String first = select + " ORDER BY " + keyCols + " LIMIT " + chunkSize;
        String next = select + " WHERE (" + keyCols + ") > (" + keyParams + ") ORDER BY " + keyCols + " LIMIT "
                + chunkSize;
        List<String> last = after;
        while (true) {
            int rows;
            try (PreparedStatement ps = c.prepareStatement(last == null ? first : next)) {
                if (last != null) {
                    for (int i = 0; i < last.size(); i++) {
                        ps.setString(i + 1, last.get(i));
                    }
                }
                rows = readRows(ps, rel, t.id(), pk, streamLsn, true);
            }
            if (rows == 0) {
                return;
            }
            markLastAsChunkEnd();
            last = held.key();
            if (rows < chunkSize) {
                return;
            }
        }
    }

    private int readRows(PreparedStatement ps, CapturedRelation rel, TableId id, List<String> pk, long streamLsn,
                         boolean resumable) throws SQLException, InterruptedException {
        int n = 0;
        int columns = rel.columns().size();
        List<String> unavailable = new ArrayList<>(0);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
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
                List<String> key = new ArrayList<>(pk.size());
                for (String k : pk) {
                    key.add(rs.getString(k));
                }
                flush(streamLsn, false, false);
                held = new Held(rel, row, key, false, resumable, firstOfTable);
                firstOfTable = false;
                n++;
            }
        }
        return n;
    }

    private void markLastAsChunkEnd() {
        if (held != null) {
            held = new Held(held.rel(), held.row(), held.key(), true, true, held.firstInTable());
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
        Struct source = sourceInfo.struct(now * 1000L, marker, id.catalog(), id.schema(), id.table(), null, streamLsn,
                null);
        // A keyless table's rows are resumable only at its end; its offset then records the table as done.
        List<String> key = h.resumable() || h.chunkEnd() ? (h.key().isEmpty() && h.chunkEnd() ? List.of() : h.key()) : null;
        PostgresOffset offset = end ? PostgresOffset.betweenTransactions(streamLsn, null)
                : PostgresOffset.snapshot(streamLsn, id.identifier(), key);
        List<PendingRecord> out = new ArrayList<>(1);
        factory.emit(h.rel().schema(), Operation.READ, null, h.row(), source, offset.toMap(), now, null,
                h.chunkEnd() || end, out);
        if (!h.resumable() && !h.chunkEnd() && !end) {
            out.replaceAll(r -> new PendingRecord(r.record(), false, false));
        }
        sink.accept(out);
        if (h.resumable() || h.chunkEnd() || end) {
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
