package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.offset.SnapshotKeyText;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.oracle.jdbc.Retry;

/**
 * Reads the captured tables as of one SCN ({@code SELECT ... AS OF SCN}), in chunks ordered by primary key, or by
 * ROWID for a table without one. Every row's offset names the table and its key (or ROWID), so a restart continues
 * after the last row Kafka committed, still as of the original SCN; the final row carries the streaming offset itself.
 * A chunk is read whole before any of its records is made, so a failed read is repeated on a fresh connection.
 */
public final class SnapshotReader {

    private final Connection connection;
    private final OracleDialect dialect;
    private final TableCache tables;
    private final List<TableId> toRead;
    private final long scn;
    private final OracleOffset streamFrom;
    private final int chunkSize;
    private final ChangeRecordFactory records;
    private final OracleSourceInfo sourceInfo;

    private int tableIndex;
    /** Key (or, key-less, the one ROWID text) of the last row delivered from the current table; null: none yet. */
    private List<Object> lastKey;

    /**
     * @param toRead      the tables still to read, the first one possibly partly read already
     * @param resume      the offset of the last row delivered from {@code toRead.get(0)}, or null
     * @param streamFrom  the position mining starts from once the snapshot is complete
     */
    public SnapshotReader(
            Connection connection,
            OracleDialect dialect,
            TableCache tables,
            List<TableId> toRead,
            long scn,
            OracleOffset resume,
            OracleOffset streamFrom,
            int chunkSize,
            ChangeRecordFactory records,
            OracleSourceInfo sourceInfo)
            throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.tables = tables;
        this.toRead = List.copyOf(toRead);
        this.scn = scn;
        this.streamFrom = streamFrom;
        this.chunkSize = chunkSize;
        this.records = records;
        this.sourceInfo = sourceInfo;
        if (resume != null && resume.snapshotInsideTable() && !toRead.isEmpty()) {
            TableId first = toRead.get(0);
            List<CapturedColumn> keys = tables.get(connection, first).keyColumns();
            if (keys.isEmpty() != (resume.snapshotRowId() != null)) {
                throw new ConnectException("the unfinished snapshot of " + first + " was read in "
                        + (keys.isEmpty() ? "primary key" : "ROWID") + " order, but the table now has "
                        + (keys.isEmpty() ? "no primary key" : "one") + "; its snapshot cannot resume: remove the "
                        + "connector's offsets to snapshot again");
            }
            lastKey =
                    keys.isEmpty() ? rowIdKey(resume.snapshotRowId()) : SnapshotKey.decode(resume.snapshotKey(), keys);
        }
    }

    private static List<Object> rowIdKey(String encoded) {
        List<String> texts = SnapshotKeyText.decode(encoded);
        if (texts.size() != 1) {
            throw new IllegalArgumentException("snapshot ROWID '" + encoded + "' in the offset is not one value");
        }
        return List.of(texts.get(0));
    }

    /** A row was emitted already (the next one is not the snapshot's first). */
    private boolean emittedAny;

    public boolean done() {
        return tableIndex >= toRead.size();
    }

    public long scn() {
        return scn;
    }

    /** One chunk as read: the rows' values and their keys (ROWIDs for a key-less table). */
    private record Chunk(List<Object[]> rows, List<List<Object>> keys) {}

    /** The records of the next chunk (possibly none when a table is empty); call until {@link #done()}. */
    public List<PendingRecord> nextChunk() throws SQLException {
        List<PendingRecord> out = new ArrayList<>();
        if (done()) {
            return out;
        }
        TableId id = toRead.get(tableIndex);
        OracleTable table = tables.get(connection, id);
        boolean byRowId = table.keyColumns().isEmpty();
        boolean firstChunk = lastKey == null;
        String sql = chunkQuery(table, dialect, scn, lastKey != null, chunkSize);
        Chunk chunk = Retry.run(connection, "reading a snapshot chunk of " + id, () -> read(table, sql));
        List<Object[]> rows = chunk.rows();
        boolean tableDone = rows.size() < chunkSize;
        boolean snapshotDone = tableDone && tableIndex == toRead.size() - 1;
        for (int r = 0; r < rows.size(); r++) {
            boolean lastOfChunk = r == rows.size() - 1;
            boolean lastOfAll = snapshotDone && lastOfChunk;
            String at = SnapshotKey.encode(chunk.keys().get(r));
            Map<String, Object> offset = lastOfAll
                    ? streamFrom.toMap()
                    : byRowId
                            ? streamFrom
                                    .inSnapshotAtRowId(scn, id.identifier(), at)
                                    .toMap()
                            : streamFrom.inSnapshot(scn, id.identifier(), at).toMap();
            // Debezium's markers: first, first_in_data_collection, true, last_in_data_collection, last
            SourceInfo.Snapshot marker =
                    SourceInfo.Snapshot.of(!emittedAny, lastOfAll, firstChunk && r == 0, tableDone && lastOfChunk);
            emittedAny = true;
            Struct source = sourceInfo.struct(
                    System.currentTimeMillis(),
                    marker,
                    id.catalog(),
                    id.schema(),
                    id.table(),
                    null,
                    scn,
                    null,
                    null,
                    null,
                    null);
            // every row's offset is a resume point, key-less tables' too (their ROWID)
            records.emit(
                    table.schema(),
                    Operation.READ,
                    null,
                    rows.get(r),
                    source,
                    offset,
                    System.currentTimeMillis(),
                    null,
                    lastOfChunk,
                    out);
        }
        if (tableDone) {
            tableIndex++;
            lastKey = null;
        } else {
            lastKey = chunk.keys().get(rows.size() - 1);
        }
        return out;
    }

    private Chunk read(OracleTable table, String sql) throws SQLException {
        TableId id = table.schema().id();
        List<CapturedColumn> keys = table.keyColumns();
        boolean byRowId = keys.isEmpty();
        List<Object[]> rows = new ArrayList<>();
        List<List<Object>> rowKeys = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setFetchSize(Math.min(chunkSize, 5_000));
            if (lastKey != null) {
                if (byRowId) {
                    ps.setString(1, (String) lastKey.get(0));
                } else {
                    // (k1 > ?) OR (k1 = ? AND k2 > ?) ...: row-value comparison spelled out, Oracle lacks (a, b) > (?,
                    // ?)
                    int p = 1;
                    for (int i = 0; i < keys.size(); i++) {
                        for (int j = 0; j <= i; j++) {
                            ps.setObject(p++, lastKey.get(j));
                        }
                    }
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[table.columns().size()];
                    List<Object> key = new ArrayList<>(byRowId ? 1 : keys.size());
                    for (int i = 0; i < row.length; i++) {
                        CapturedColumn c = table.columns().get(i);
                        Object raw = JdbcValueReader.raw(rs, i + 1, c);
                        try {
                            row[i] = JdbcValueReader.connect(raw, c);
                        } catch (IllegalArgumentException e) {
                            throw new ConnectException("snapshot of " + id + ": " + e.getMessage(), e);
                        }
                        if (!byRowId && c.column().primaryKey()) {
                            key.add(raw);
                        }
                    }
                    if (byRowId) {
                        String rowId = rs.getString(row.length + 1);
                        if (rowId == null) {
                            throw new ConnectException("snapshot of " + id + ": a row without a ROWID");
                        }
                        key.add(rowId);
                    }
                    rows.add(row);
                    rowKeys.add(key);
                }
            }
        }
        return new Chunk(rows, rowKeys);
    }

    /**
     * The chunk query; {@code after}: continue after the last key (bound as k1, k1, k2, k1, k2, k3, ...), or for a
     * key-less table after the last ROWID (the ROWID is selected after the columns).
     */
    static String chunkQuery(OracleTable table, OracleDialect dialect, long scn, boolean after, int chunkSize) {
        List<CapturedColumn> keys = table.keyColumns();
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < table.columns().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(quote(table.columns().get(i).name()));
        }
        if (keys.isEmpty()) {
            sb.append(", ").append(dialect.rowId());
        }
        TableId id = table.schema().id();
        sb.append(" FROM ").append(dialect.tableAsOf(quote(id.schema()) + '.' + quote(id.table()), scn));
        if (keys.isEmpty()) {
            if (after) {
                sb.append(" WHERE ").append(dialect.rowId()).append(" > ").append(dialect.rowIdParameter());
            }
            sb.append(" ORDER BY ").append(dialect.rowId());
        } else {
            if (after) {
                sb.append(" WHERE ");
                for (int i = 0; i < keys.size(); i++) {
                    sb.append(i == 0 ? "(" : " OR (");
                    for (int j = 0; j < i; j++) {
                        sb.append(quote(keys.get(j).name())).append(" = ? AND ");
                    }
                    sb.append(quote(keys.get(i).name())).append(" > ?)");
                }
            }
            sb.append(" ORDER BY ");
            for (int i = 0; i < keys.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(quote(keys.get(i).name()));
            }
        }
        sb.append(" FETCH FIRST ").append(chunkSize).append(" ROWS ONLY");
        return sb.toString();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
