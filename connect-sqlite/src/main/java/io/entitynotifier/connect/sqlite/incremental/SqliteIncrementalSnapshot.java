package io.entitynotifier.connect.sqlite.incremental;

import static io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.signal.IncrementalSnapshot;
import io.entitynotifier.connect.common.signal.KafkaSignalChannel;
import io.entitynotifier.connect.common.signal.SignalProcessor;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.sqlite.SnapshotKey;
import io.entitynotifier.connect.sqlite.SqlitePosition;
import io.entitynotifier.connect.sqlite.SqliteSourceInfo;
import io.entitynotifier.connect.sqlite.changelog.CapturedTables;
import io.entitynotifier.connect.sqlite.changelog.JsonRowParser;
import io.entitynotifier.connect.sqlite.changelog.StreamHooks;
import io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader;
import io.entitynotifier.connect.sqlite.schema.SqliteTable;
import io.entitynotifier.connect.sqlite.snapshot.SqliteSnapshotReader;

/**
 * Signals from the signal table and the incremental snapshots they start. Why it is gap- and duplicate-free: a chunk
 * is read in one SQLite read transaction together with the change log's last sequence {@code L}, so it is the
 * tables' state exactly at {@code L} (the triggers write the log in the writers' transactions, and SQLite has one
 * writer at a time, so every sequence up to {@code L} is committed and none after it is visible). The task then
 * streams the change log up to {@code L}, emits the chunk, and streams on after {@code L}: every change before the
 * chunk's state comes before it, every later one after it, so no streamed change is superseded by a chunk row and no
 * window needs de-duplicating. Each chunk row's offset is {@code L} plus the state with that row's key, so a restart
 * continues the log at {@code L} and the snapshot after the last committed row.
 */
public final class SqliteIncrementalSnapshot implements StreamHooks {

    private static final Logger log = LoggerFactory.getLogger(SqliteIncrementalSnapshot.class);

    /** A chunk read at change-log sequence {@code seq}, for the state ({@code tableId}, {@code after}) it was read in. */
    public record Chunk(
            long seq,
            String tableId,
            String after,
            SqliteTable table,
            List<List<Object>> keys,
            List<Object[]> rows,
            boolean lastOfTable) {}

    private final IncrementalSnapshot state;
    private final SignalProcessor processor;
    private final String signalTable;
    private final CapturedTables captured;
    private final Connection readConnection;
    private final SqliteSourceInfo sourceInfo;
    private final ChangeRecordFactory records;
    private final String databaseName;
    private final int chunkSize;
    private boolean sourceChannel = true;
    private KafkaSignalChannel kafka;

    /**
     * @param signalTableId  {@code signal.data.collection} ({@code main.<table>}), or null
     * @param readConnection a connection this object uses for chunk reads (the caller closes it)
     * @param resumed        the state from the offset, or null
     */
    public SqliteIncrementalSnapshot(
            String signalTableId,
            CapturedTables captured,
            List<String> capturedNames,
            Connection readConnection,
            SqliteSourceInfo sourceInfo,
            ChangeRecordFactory records,
            String databaseName,
            int chunkSize,
            String resumed) {
        this.state = IncrementalSnapshot.decode(resumed);
        this.captured = captured;
        this.readConnection = readConnection;
        this.sourceInfo = sourceInfo;
        this.records = records;
        this.databaseName = databaseName;
        this.chunkSize = chunkSize;
        List<String> ids = capturedNames.stream().map(this::id).toList();
        this.processor = new SignalProcessor(state, () -> ids);
        this.signalTable = signalTableId == null ? null : name(signalTableId);
        if (state.active()) {
            log.info("Resuming the incremental snapshot of {}", state);
        }
    }

    private String id(String table) {
        return SqliteSchemaReader.tableId(databaseName, table).identifier();
    }

    /** The table name of an id {@code main.<table>} (or a bare name). */
    private static String name(String id) {
        String prefix = SqliteSchemaReader.SCHEMA + ".";
        return id.regionMatches(true, 0, prefix, 0, prefix.length()) ? id.substring(prefix.length()) : id;
    }

    /** The enabled channels: the signal table ({@code source}) and the Kafka channel (null: not enabled). */
    public void channels(boolean source, KafkaSignalChannel kafkaChannel) {
        this.sourceChannel = source;
        this.kafka = kafkaChannel;
    }

    /** The offset of the last Kafka signal processed (from the resumed state), or null. */
    public Long signalOffset() {
        return state.signalOffset();
    }

    /** Processes the signals that arrived in the Kafka channel, if it is enabled. */
    public void pollKafka() {
        if (kafka != null) {
            kafka.poll(processor);
        }
    }

    public void close() {
        if (kafka != null) {
            try {
                kafka.close();
            } catch (RuntimeException e) {
                log.debug("Closing the Kafka signal consumer failed", e);
            }
            kafka = null;
        }
    }

    public boolean active() {
        return state.active();
    }

    @Override
    public boolean isSignalTable(String table) {
        return sourceChannel && table.equals(signalTable);
    }

    @Override
    public void signal(String newRowJson, long seq) {
        String where = "signal table " + signalTable + ", change-log seq " + seq;
        Map<String, Object> row;
        try {
            row = JsonRowParser.parse(newRowJson);
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a signal ({}): the row cannot be read from the change log", where);
            return;
        }
        Object id = row.get("id");
        Object type = row.get("type");
        Object data = row.get("data");
        processor.process(
                id == null ? null : id.toString(),
                type == null ? null : type.toString(),
                data == null ? null : data.toString(),
                where);
    }

    @Override
    public String incrementalState() {
        return state.encode();
    }

    /**
     * Reads the current table's next chunk and the log's last sequence in one read transaction; null when there is
     * no chunk to read now (the table is no longer captured, or its chunk query failed: then it is left out, logged).
     */
    public Chunk readChunk() throws SQLException {
        IncrementalSnapshot.Table current = state.current();
        SqliteTable t = current == null ? null : captured.current(name(current.id()));
        if (t == null) {
            if (current != null) {
                log.warn("Incremental snapshot: table {} is no longer captured; left out", current.id());
                state.tableDone();
                logIfDone();
            }
            return null;
        }
        List<String> keyCols = SqliteSnapshotReader.keyColumns(t);
        List<Column> cols = t.schema().columns();
        List<Object> after = SnapshotKey.decode(state.after());
        String sql = chunkQuery(t, keyCols, cols, after != null, current.condition());
        readConnection.setAutoCommit(false);
        try {
            long seq = captured.triggers().lastSeq(readConnection); // the first read fixes the transaction's view
            List<List<Object>> keys = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = readConnection.prepareStatement(sql)) {
                if (after != null) {
                    for (int i = 0; i < after.size(); i++) {
                        ps.setObject(i + 1, after.get(i));
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Object> key = new ArrayList<>(keyCols.size());
                        for (int i = 0; i < keyCols.size(); i++) {
                            Object k = rs.getObject(i + 1);
                            key.add(k instanceof Integer x ? x.longValue() : k);
                        }
                        Object[] stored = new Object[cols.size()];
                        for (int i = 0; i < cols.size(); i++) {
                            stored[i] = rs.getObject(keyCols.size() + i + 1);
                        }
                        keys.add(key);
                        rows.add(stored);
                    }
                }
            } catch (SQLException e) {
                log.warn(
                        "Incremental snapshot of {}: the chunk query failed ({}); the table is left out",
                        current.id(),
                        e.getMessage());
                state.tableDone();
                logIfDone();
                return null;
            }
            return new Chunk(seq, current.id(), state.after(), t, keys, rows, rows.size() < chunkSize);
        } finally {
            readConnection.rollback();
            readConnection.setAutoCommit(true);
        }
    }

    private String chunkQuery(
            SqliteTable t, List<String> keyCols, List<Column> cols, boolean hasAfter, String condition) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String k : keyCols) {
            sql.append(quote(k)).append(", ");
        }
        for (int i = 0; i < cols.size(); i++) {
            sql.append(i > 0 ? ", " : "").append(quote(cols.get(i).name()));
        }
        sql.append(" FROM ").append(quote(t.name())).append(" WHERE 1 = 1");
        if (hasAfter) {
            sql.append(" AND (").append(list(keyCols)).append(") > (");
            sql.append("?, ".repeat(keyCols.size() - 1)).append("?)");
        }
        if (condition != null) {
            sql.append(" AND (").append(condition).append(')');
        }
        return sql.append(" ORDER BY ")
                .append(list(keyCols))
                .append(" LIMIT ")
                .append(chunkSize)
                .toString();
    }

    private static String list(List<String> cols) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cols.size(); i++) {
            b.append(i > 0 ? ", " : "").append(quote(cols.get(i)));
        }
        return b.toString();
    }

    /**
     * Emits a chunk once the log has been streamed up to its sequence. A chunk read for a state that signals
     * streamed since have changed (a stop-snapshot) is dropped unread: nothing of it was delivered.
     */
    public void emit(Chunk c, List<PendingRecord> out) {
        IncrementalSnapshot.Table current = state.current();
        if (current == null
                || !current.id().equals(c.tableId())
                || !java.util.Objects.equals(state.after(), c.after())) {
            return;
        }
        long now = System.currentTimeMillis();
        int first = out.size();
        for (int i = 0; i < c.rows().size(); i++) {
            List<Object> key = c.keys().get(i);
            Object[] row = c.table().convert(c.rows().get(i), "incremental snapshot row with key " + key);
            state.advance(SnapshotKey.encode(key));
            boolean last = i == c.rows().size() - 1;
            if (last && c.lastOfTable()) {
                state.tableDone();
            }
            Struct source = sourceInfo.struct(
                    now,
                    SourceInfo.Snapshot.INCREMENTAL,
                    databaseName,
                    SqliteSchemaReader.SCHEMA,
                    c.table().name(),
                    c.seq());
            Map<String, Object> offset =
                    SqlitePosition.streaming(c.seq(), state.encode()).toOffset();
            records.emit(c.table().schema(), Operation.READ, null, row, source, offset, now, null, last, out);
        }
        if (c.rows().isEmpty() && c.lastOfTable()) {
            state.tableDone();
        }
        if (c.lastOfTable()) {
            log.info("Incremental snapshot of {} done", c.tableId());
            logIfDone();
        }
        // a chunk is one unit of the exactly-once path: a Kafka transaction ends only after its last row
        for (int i = first; i < out.size() - 1; i++) {
            PendingRecord p = out.get(i);
            out.set(i, new PendingRecord(p.record(), false, p.resumable()));
        }
    }

    private void logIfDone() {
        if (!state.active()) {
            log.info("Incremental snapshot completed");
        }
    }
}
