package io.entitynotifier.connect.postgres.incremental;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.offset.SnapshotKeyText;
import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.signal.IncrementalSnapshot;
import io.entitynotifier.connect.common.signal.KafkaSignalChannel;
import io.entitynotifier.connect.common.signal.SignalProcessor;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.postgres.CapturedRelation;
import io.entitynotifier.connect.postgres.PostgresSourceInfo;

/**
 * Signals (from the signal table as they arrive in the pgoutput stream, and from the Kafka channel) and the
 * incremental snapshots they start, with Debezium's DBLog watermarking. The stream thread calls {@link #tick} between
 * messages: with no chunk in flight it writes the open watermark, reads the next chunk (ordered by primary key, up
 * to the key that was the table's largest when its snapshot started) and writes the close watermark, buffering the
 * rows by key. Every streamed change of that table that the reader emits from then on removes its key(s) from the
 * buffer (its event carries a state at least as new as the chunk row), until the close watermark's insert arrives in
 * the stream: then the rows left are emitted as {@code op=r} ({@code source.snapshot=incremental}) right after it.
 * Every record's offset carries the state ({@link #state}), and a chunk's rows the key of each row, so a restart
 * resumes after the last chunk row Kafka committed; a chunk in flight is forgotten and read again.
 */
public final class PostgresIncrementalSnapshot {

    private static final Logger log = LoggerFactory.getLogger(PostgresIncrementalSnapshot.class);
    /** The offset key of the state (as SQLite's). */
    public static final String OFFSET_KEY = "incremental_snapshot";

    static final String OPEN = "snapshot-window-open";
    static final String CLOSE = "snapshot-window-close";
    private static final long KAFKA_POLL_MS = 200;

    private final IncrementalSnapshot state;
    private final SignalProcessor processor;
    private final TableId signalTable;
    private final boolean sourceChannel;
    private final SnapshotTables tables;
    private final Supplier<Connection> connections;
    private final PostgresSourceInfo sourceInfo;
    private final ChangeRecordFactory factory;
    private final int chunkSize;
    private final String placeholder;
    private KafkaSignalChannel kafka;
    private long lastKafkaPoll;
    private Connection connection;
    private ChunkWindow window;

    /**
     * @param signalTable {@code signal.data.collection}, or null
     * @param resumed     the state from the stored offset, or null
     * @param connections opens a connection for the watermarks and chunk reads (throws {@code IllegalStateException}
     *                    wrapping the {@code SQLException})
     */
    public PostgresIncrementalSnapshot(
            TableId signalTable,
            boolean sourceChannel,
            SnapshotTables tables,
            Supplier<Connection> connections,
            PostgresSourceInfo sourceInfo,
            ChangeRecordFactory factory,
            int chunkSize,
            String placeholder,
            String resumed) {
        this.state = IncrementalSnapshot.decode(resumed);
        this.signalTable = signalTable;
        this.sourceChannel = sourceChannel;
        this.tables = tables;
        this.connections = connections;
        this.sourceInfo = sourceInfo;
        this.factory = factory;
        this.chunkSize = chunkSize;
        this.placeholder = placeholder;
        this.processor = new SignalProcessor(state, () -> {
            try {
                return tables.captured();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot list the captured tables: " + e.getMessage(), e);
            }
        });
        if (state.active()) {
            log.info("Resuming the incremental snapshot of {}", state);
        }
    }

    /** The Kafka channel (null: not enabled); the task opens it with {@link #signalOffset()}. */
    public void kafka(KafkaSignalChannel channel) {
        this.kafka = channel;
    }

    /** The Kafka signal topic's offset of the last signal processed (from the resumed state), or null. */
    public Long signalOffset() {
        return state.signalOffset();
    }

    /** The state as offset text, or null: goes into every streamed record's offset. */
    public String state() {
        return state.encode();
    }

    /** A new stream session: a chunk in flight is forgotten (its close watermark is ignored) and read again. */
    public void streamStarted() {
        window = null;
    }

    /**
     * Between stream messages: polls the Kafka channel now and then, and reads the next chunk when one is due.
     *
     * @throws SQLException when the database cannot be reached (the stream reconnects and the chunk is read again)
     */
    public void tick() throws SQLException {
        long now = System.currentTimeMillis();
        if (kafka != null && now - lastKafkaPoll >= KAFKA_POLL_MS) {
            lastKafkaPoll = now;
            kafka.poll(processor);
        }
        if (window != null || !state.active()) {
            return;
        }
        if (signalTable == null) {
            log.warn(
                    "Incremental snapshot of {} dropped: it needs signal.data.collection, the table its watermarks "
                            + "are written to",
                    state);
            state.stop(new io.entitynotifier.connect.common.signal.Signal.StopSnapshot(null, List.of()));
            return;
        }
        try {
            readChunk();
        } catch (SQLException e) {
            closeConnection(); // a lost connection is opened again for the next chunk
            throw e;
        }
    }

    private void readChunk() throws SQLException {
        IncrementalSnapshot.Table current = state.current();
        SnapshotTables.TableRef t = tables.find(current.id());
        if (t == null) {
            leaveOut(current, "it is no longer captured");
            return;
        }
        List<String> pk = tables.primaryKey(t);
        if (pk.isEmpty()) {
            leaveOut(current, "it has no primary key (surrogate-key is not supported)");
            return;
        }
        CapturedRelation rel = tables.relation(t);
        String windowId = UUID.randomUUID().toString();
        ChunkReader reader;
        List<ChunkReader.TextRow> rows;
        try {
            reader = new ChunkReader(connection(), signalTable);
            reader.watermark(windowId + "-open", OPEN);
            if (state.maximum() == null) {
                List<String> max = reader.maximum(t.id(), pk, current.condition());
                if (max == null) {
                    log.info("Incremental snapshot of {}: no rows to read", current.id());
                    done();
                    return;
                }
                state.maximum(SnapshotKeyText.encode(max));
                log.info("Incremental snapshot of {} started", current.id());
            }
            List<String> after = state.after() == null ? null : SnapshotKeyText.decode(state.after());
            rows = reader.chunk(
                    t.id(),
                    rel.columns(),
                    pk,
                    tables.sqlTypes(t),
                    current.condition(),
                    after,
                    SnapshotKeyText.decode(state.maximum()),
                    chunkSize);
        } catch (SQLException e) {
            if (!userError(e)) {
                throw e;
            }
            leaveOut(current, "its watermark or chunk query failed (" + e.getMessage() + ")");
            return;
        }
        ChunkWindow w = new ChunkWindow(windowId, current.id(), state.after(), rel);
        for (ChunkReader.TextRow r : rows) {
            try {
                w.add(r.key(), rel.rowFromText(r.values(), placeholder));
            } catch (IllegalArgumentException e) {
                leaveOut(current, "a row cannot be converted (" + e.getMessage() + ")");
                return;
            }
        }
        w.lastOfTable(rows.size() < chunkSize
                || (w.lastRead() != null && SnapshotKeyText.encode(w.lastRead()).equals(state.maximum())));
        try {
            reader.watermark(windowId + "-close", CLOSE);
        } catch (SQLException e) {
            if (!userError(e)) {
                throw e;
            }
            leaveOut(current, "its close watermark cannot be written (" + e.getMessage() + ")");
            return;
        }
        window = w;
    }

    /** A condition or conversion problem of the user's (SQL state classes 42 and 22), not a lost connection. */
    private static boolean userError(SQLException e) {
        String s = e.getSQLState();
        return s != null && (s.startsWith("42") || s.startsWith("22"));
    }

    private void leaveOut(IncrementalSnapshot.Table t, String reason) {
        log.warn("Incremental snapshot of {}: the table is left out, {}", t.id(), reason);
        done();
    }

    private void done() {
        state.tableDone();
        if (!state.active()) {
            log.info("Incremental snapshot completed");
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            try {
                connection = connections.get();
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof SQLException s) {
                    throw s;
                }
                throw e;
            }
            connection.setAutoCommit(true);
        }
        return connection;
    }

    /**
     * Called for each change the stream reader is about to emit: a signal-table insert is a signal (processed first,
     * so the record's offset carries what it started) or a watermark; a change of the table whose chunk is in flight
     * takes its key(s) out of the chunk.
     */
    public void beforeEmit(CapturedRelation rel, Operation op, Object[] before, Object[] after) {
        TableId id = rel.schema().id();
        if (signalTable != null && op == Operation.CREATE && after != null && sameTable(id, signalTable)) {
            signal(rel, after);
        }
        ChunkWindow w = window;
        if (w != null && w.tableId.equals(id.identifier())) {
            w.changed(rel, op, before, after);
        }
    }

    public boolean isSignalTable(CapturedRelation rel) {
        return signalTable != null && sameTable(rel.schema().id(), signalTable);
    }

    private static boolean sameTable(TableId a, TableId b) {
        return Objects.equals(a.schema(), b.schema()) && Objects.equals(a.table(), b.table());
    }

    private void signal(CapturedRelation rel, Object[] row) {
        Map<String, Object> byName = new HashMap<>();
        List<Column> cols = rel.schema().columns();
        for (int i = 0; i < cols.size(); i++) {
            byName.put(cols.get(i).name(), row[i]);
        }
        String id = text(byName.get("id"));
        String type = text(byName.get("type"));
        if (CLOSE.equals(type)) {
            if (window != null && (window.id + "-close").equals(id)) {
                window.close();
            }
            return;
        }
        if (OPEN.equals(type)) {
            return;
        }
        if (!sourceChannel) {
            log.debug("Signal '{}' in the signal table ignored: the 'source' channel is not enabled", id);
            return;
        }
        processor.process(id, type, text(byName.get("data")), "signal table " + signalTable.identifier());
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    /**
     * Called after the stream reader emitted a change with {@code offset}: when that was the close watermark's
     * transaction, the chunk's rows left, each with {@code offset} and the state after it; else nothing.
     */
    public List<PendingRecord> afterEmit(Map<String, Object> offset, boolean endsTxn, Long lsn) {
        ChunkWindow w = window;
        if (w == null || !w.closed() || !endsTxn) {
            return List.of();
        }
        window = null;
        IncrementalSnapshot.Table current = state.current();
        if (current == null || !current.id().equals(w.tableId) || !Objects.equals(state.after(), w.after)) {
            return List.of(); // a stop-snapshot came in between: nothing of this chunk is delivered
        }
        List<PendingRecord> out = w.emit(state, offset, lsn, sourceInfo, factory, this::done);
        if (w.lastOfTable()) {
            log.info("Incremental snapshot of {} done", w.tableId);
        }
        return out;
    }

    /** Adds the state to a record's offset map. */
    public static void put(Map<String, Object> offset, String state) {
        if (state == null) {
            offset.remove(OFFSET_KEY);
        } else {
            offset.put(OFFSET_KEY, state);
        }
    }

    /** The state in a stored offset, or null. */
    public static String fromOffset(Map<String, ?> offset) {
        return offset != null && offset.get(OFFSET_KEY) instanceof String s ? s : null;
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
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            connection = null;
        }
    }
}
