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
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.txn.PendingRecord;

/**
 * Reads the captured tables as of one SCN ({@code SELECT ... AS OF SCN}), in chunks ordered by primary key. Every
 * row's offset names the table and its key, so a restart continues after the last row Kafka committed; the final row
 * carries the streaming offset itself. A table without a primary key is read in one piece and can only restart from
 * its beginning (its rows are not resume points).
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
    private List<Object> lastKey;

    /**
     * @param toRead      the tables still to read, the first one possibly partly read already
     * @param resumeKey   encoded key of the last row delivered from {@code toRead.get(0)}, or null
     * @param streamFrom  the position mining starts from once the snapshot is complete
     */
    public SnapshotReader(
            Connection connection,
            OracleDialect dialect,
            TableCache tables,
            List<TableId> toRead,
            long scn,
            String resumeKey,
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
        if (resumeKey != null && !toRead.isEmpty()) {
            OracleTable first = tables.get(connection, toRead.get(0));
            lastKey = SnapshotKey.decode(resumeKey, first.keyColumns());
        }
    }

    /** A row was emitted already (the next one is not the snapshot's first). */
    private boolean emittedAny;

    public boolean done() {
        return tableIndex >= toRead.size();
    }

    public long scn() {
        return scn;
    }

    /** The records of the next chunk (possibly none when a table is empty); call until {@link #done()}. */
    public List<PendingRecord> nextChunk() throws SQLException {
        List<PendingRecord> out = new ArrayList<>();
        if (done()) {
            return out;
        }
        TableId id = toRead.get(tableIndex);
        OracleTable table = tables.get(connection, id);
        List<CapturedColumn> keys = table.keyColumns();
        boolean chunked = !keys.isEmpty();
        boolean firstChunk = !chunked || lastKey == null;
        String sql = chunkQuery(table, dialect, scn, chunked && lastKey != null, chunkSize);
        List<Object[]> rows = new ArrayList<>();
        List<List<Object>> rowKeys = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setFetchSize(Math.min(chunkSize, 5_000));
            int p = 1;
            if (chunked && lastKey != null) {
                // (k1 > ?) OR (k1 = ? AND k2 > ?) ...: row-value comparison spelled out, Oracle lacks (a, b) > (?, ?)
                for (int i = 0; i < keys.size(); i++) {
                    for (int j = 0; j <= i; j++) {
                        ps.setObject(p++, lastKey.get(j));
                    }
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[table.columns().size()];
                    List<Object> key = new ArrayList<>(keys.size());
                    for (int i = 0; i < row.length; i++) {
                        CapturedColumn c = table.columns().get(i);
                        Object raw = JdbcValueReader.raw(rs, i + 1, c);
                        try {
                            row[i] = JdbcValueReader.connect(raw, c);
                        } catch (IllegalArgumentException e) {
                            throw new ConnectException("snapshot of " + id + ": " + e.getMessage(), e);
                        }
                        if (c.column().primaryKey()) {
                            key.add(raw);
                        }
                    }
                    rows.add(row);
                    rowKeys.add(key);
                }
            }
        }
        boolean tableDone = !chunked || rows.size() < chunkSize;
        boolean snapshotDone = tableDone && tableIndex == toRead.size() - 1;
        for (int r = 0; r < rows.size(); r++) {
            boolean lastOfChunk = r == rows.size() - 1;
            boolean lastOfAll = snapshotDone && lastOfChunk;
            Map<String, Object> offset = lastOfAll
                    ? streamFrom.toMap()
                    : chunked
                            ? streamFrom
                                    .inSnapshot(scn, id.identifier(), SnapshotKey.encode(rowKeys.get(r)))
                                    .toMap()
                            : streamFrom.inSnapshot(scn, id.identifier(), null).toMap();
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
            List<PendingRecord> one = new ArrayList<>(1);
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
                    one);
            for (PendingRecord pr : one) {
                // without a key, rows are no resume points; only the table's last row is
                out.add(chunked || lastOfChunk ? pr : new PendingRecord(pr.record(), false, false));
            }
        }
        if (tableDone) {
            tableIndex++;
            lastKey = null;
        } else {
            lastKey = rowKeys.get(rowKeys.size() - 1);
        }
        return out;
    }

    /** The chunk query; {@code after}: continue after the last key (bound as k1, k1, k2, k1, k2, k3, ...). */
    static String chunkQuery(OracleTable table, OracleDialect dialect, long scn, boolean after, int chunkSize) {
        List<CapturedColumn> keys = table.keyColumns();
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < table.columns().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(quote(table.columns().get(i).name()));
        }
        TableId id = table.schema().id();
        sb.append(" FROM ")
                .append(quote(id.schema()))
                .append('.')
                .append(quote(id.table()))
                .append(dialect.asOfScn(scn));
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
        if (!keys.isEmpty()) {
            sb.append(" ORDER BY ");
            for (int i = 0; i < keys.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(quote(keys.get(i).name()));
            }
            sb.append(" FETCH FIRST ").append(chunkSize).append(" ROWS ONLY");
        }
        return sb.toString();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
