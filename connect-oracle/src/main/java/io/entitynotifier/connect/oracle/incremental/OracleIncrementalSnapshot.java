package io.entitynotifier.connect.oracle.incremental;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.signal.IncrementalSnapshot;
import io.entitynotifier.connect.common.signal.KafkaSignalChannel;
import io.entitynotifier.connect.common.signal.SignalConfig;
import io.entitynotifier.connect.common.signal.SignalProcessor;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.oracle.OracleConnectorConfig;
import io.entitynotifier.connect.oracle.OracleDialect;
import io.entitynotifier.connect.oracle.OracleSourceInfo;
import io.entitynotifier.connect.oracle.OracleTable;
import io.entitynotifier.connect.oracle.SnapshotKey;
import io.entitynotifier.connect.oracle.TableCache;
import io.entitynotifier.connect.oracle.jdbc.GuardedConnection;
import io.entitynotifier.connect.oracle.jdbc.Retry;

/**
 * Signals and incremental snapshots for Oracle, with DBLog watermarks as Debezium's: before each chunk an open
 * watermark row is inserted (and committed) into the signal table, the chunk is read in primary-key order (a current
 * read), then a close watermark row is inserted. Both inserts reach the connector through LogMiner, in commit order
 * with all other changes. The chunk is buffered; a chunk row whose key appears in a change streamed between the two
 * watermarks is dropped (that change is newer, or as new, and is delivered itself), and the rest are emitted as
 * {@code op=r} with {@code source.snapshot=incremental} right after the close watermark's transaction, in the same
 * Kafka transaction. Every record's source offset carries the state ({@link #STATE_KEY}: tables left, filters, last
 * key delivered; {@link #MAX_KEY_KEY}: the current table's largest key when its snapshot began), so a restart
 * resumes after the last committed chunk; watermarks of a chunk that was in flight at a restart are ignored.
 */
public final class OracleIncrementalSnapshot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OracleIncrementalSnapshot.class);

    public static final String STATE_KEY = "incremental_snapshot";
    public static final String MAX_KEY_KEY = "incremental_snapshot_max_key";
    static final String OPEN = "snapshot-window-open";
    static final String CLOSE = "snapshot-window-close";

    /** A chunk read between two watermarks, waiting for the close watermark in the stream. */
    private record Window(
            String id, String tableId, String after, OracleTable table, ChunkReader.Chunk chunk, boolean lastOfTable) {}

    private final IncrementalSnapshot state;
    private final SignalProcessor processor;
    private final OracleSignalTable signalTable;
    private final boolean sourceChannel;
    private final OracleDialect dialect;
    private final Connection dictionary;
    private final TableCache tables;
    private final ChangeRecordFactory records;
    private final OracleSourceInfo sourceInfo;
    private final int chunkSize;
    private KafkaSignalChannel kafka;
    private List<TableId> captured;
    /** The current table's largest key ({@link SnapshotKey} text), or null before it was read. */
    private String maxKey;

    private Window window;
    /** The open watermark of {@link #window} was streamed: changes of its table are noted. */
    private boolean windowOpen;
    /** The close watermark was streamed: the chunk follows the end of its transaction. */
    private boolean closing;

    private final Set<String> seen = new HashSet<>();

    private OracleIncrementalSnapshot(
            OracleConnectorConfig config,
            OracleSignalTable signalTable,
            OracleDialect dialect,
            Connection dictionary,
            TableCache tables,
            ChangeRecordFactory records,
            OracleSourceInfo sourceInfo,
            Map<String, ?> offset)
            throws SQLException {
        this.signalTable = signalTable;
        this.dialect = dialect;
        this.dictionary = dictionary;
        this.tables = tables;
        this.records = records;
        this.sourceInfo = sourceInfo;
        this.chunkSize = SignalConfig.chunkSize(config);
        this.sourceChannel = SignalConfig.channel(config, "source");
        this.state = IncrementalSnapshot.decode(offset == null ? null : (String) offset.get(STATE_KEY));
        this.maxKey = offset == null ? null : (String) offset.get(MAX_KEY_KEY);
        this.captured = capturedNow();
        this.processor = new SignalProcessor(state, this::capturedIds);
        this.kafka = SignalConfig.kafkaChannel(config, config.topicPrefix(), state.signalOffset());
        if (state.active()) {
            log.info("Resuming the incremental snapshot of {}", state);
        }
    }

    /**
     * The signal handling the configuration asks for, or null when it asks for none ({@code signal.data.collection}
     * unset and the Kafka channel not enabled).
     *
     * @param offset the task's stored source offset, or null
     * @throws ConnectException naming {@code signal.data.collection} when the signal table is missing or not captured
     */
    public static OracleIncrementalSnapshot create(
            OracleConnectorConfig config,
            OracleDialect dialect,
            Connection dictionary,
            TableCache tables,
            ChangeRecordFactory records,
            OracleSourceInfo sourceInfo,
            Map<String, ?> offset)
            throws SQLException {
        String table = SignalConfig.signalTable(config);
        boolean kafka = SignalConfig.channel(config, "kafka");
        if (table == null) {
            if (kafka) {
                throw new ConnectException(SignalConfig.SIGNAL_DATA_COLLECTION_CONFIG + " is required with the "
                        + "'kafka' signal channel: incremental snapshots write their watermarks into the signal table");
            }
            return null;
        }
        OracleSignalTable signals = OracleSignalTable.check(table, tables, dictionary);
        return new OracleIncrementalSnapshot(config, signals, dialect, dictionary, tables, records, sourceInfo, offset);
    }

    private List<TableId> capturedNow() throws SQLException {
        List<TableId> out = new ArrayList<>(tables.reader().capturedTables(dictionary));
        out.remove(signalTable.id());
        return out;
    }

    /** The captured tables' ids for a signal (read again; the last list when the read fails). */
    private List<String> capturedIds() {
        try {
            captured = capturedNow();
        } catch (SQLException e) {
            log.warn("Reading the captured tables failed ({}); using the list read before", e.getMessage());
        }
        return captured.stream().map(TableId::identifier).toList();
    }

    /** An incremental snapshot is queued or a chunk is in flight: the task should not idle. */
    public boolean busy() {
        return state.active() || window != null;
    }

    /** Before a mining round: Kafka signals, then (no chunk in flight) the next chunk between two watermarks. */
    public void beforeMining() throws SQLException {
        if (kafka != null) {
            kafka.poll(processor);
        }
        if (window == null && state.active()) {
            openWindow();
        }
    }

    private void openWindow() throws SQLException {
        IncrementalSnapshot.Table current = state.current();
        TableId id = captured.stream()
                .filter(t -> t.identifier().equals(current.id()))
                .findFirst()
                .orElse(null);
        if (id == null) {
            log.warn("Incremental snapshot: table {} is no longer captured; left out", current.id());
            tableDone(current.id());
            return;
        }
        OracleTable table = tables.get(dictionary, id);
        if (table.keyColumns().isEmpty()) {
            log.warn("Incremental snapshot: table {} has no primary key; left out", current.id());
            tableDone(current.id());
            return;
        }
        try {
            if (maxKey == null) {
                List<Object> max = Retry.run(
                        dictionary,
                        "reading the largest key of " + id,
                        () -> ChunkReader.maxKey(dictionary, table, current.condition()));
                if (max == null) {
                    log.info("Incremental snapshot: table {} has no rows to read", current.id());
                    tableDone(current.id());
                    return;
                }
                maxKey = SnapshotKey.encode(max);
            }
            List<Object> max = SnapshotKey.decode(maxKey, table.keyColumns());
            List<Object> after = state.after() == null ? null : SnapshotKey.decode(state.after(), table.keyColumns());
            String wid = UUID.randomUUID().toString();
            watermark(wid + "-open", OPEN, "openWindowTimestamp");
            ChunkReader.Chunk chunk = Retry.run(
                    dictionary,
                    "reading an incremental snapshot chunk of " + id,
                    () -> ChunkReader.read(dictionary, table, after, max, current.condition(), chunkSize));
            watermark(wid + "-close", CLOSE, "closeWindowTimestamp");
            List<List<Object>> keys = chunk.keys();
            boolean last = keys.size() < chunkSize
                    || SnapshotKey.encode(keys.get(keys.size() - 1)).equals(maxKey);
            window = new Window(wid, current.id(), state.after(), table, chunk, last);
        } catch (SQLException e) {
            GuardedConnection guard = GuardedConnection.of(dictionary);
            if (guard != null && guard.cancelled()) {
                throw e;
            }
            // a bad additional condition, most often; the statement (it holds the filter) is left out of the log
            log.warn(
                    "Incremental snapshot of {}: reading a chunk failed (SQLState {}, error {}: {}); the table is left "
                            + "out",
                    current.id(),
                    e.getSQLState(),
                    e.getErrorCode(),
                    Records.withoutStatement(e.getMessage()));
            tableDone(current.id());
        }
    }

    /** Inserts a watermark; a failure fails the task (not a SQLException: the chunk's handler does not see it). */
    private void watermark(String id, String type, String field) {
        try {
            signalTable.write(dialect, dictionary, id, type, "{\"" + field + "\": \"" + Instant.now() + "\"}");
        } catch (SQLException e) {
            throw new ConnectException(
                    "writing an incremental snapshot watermark into the signal table " + signalTable.id()
                            + " failed (the connector user needs INSERT on it): " + e.getMessage(),
                    e);
        }
    }

    private void tableDone(String id) {
        state.tableDone();
        maxKey = null;
        log.info("Incremental snapshot of {} done", id);
        if (!state.active()) {
            log.info("Incremental snapshot completed");
        }
    }

    /**
     * Passes one mining round's records to {@code out}: signals in the signal table are processed, watermarks
     * delimit the chunk's window, changes of the chunk's table in the window are noted, the chunk follows its close
     * watermark's transaction, and every record's offset gets the incremental snapshot state.
     */
    public void filter(List<PendingRecord> in, List<PendingRecord> out) {
        for (PendingRecord p : in) {
            SourceRecord r = p.record();
            Struct value = r.value() instanceof Struct s
                            && s.schema().field("op") != null
                            && s.schema().field("source") != null
                    ? s
                    : null;
            if (value != null) {
                inspect(r, value);
            }
            if (closing && p.endsSourceTransaction()) {
                String stateBefore = state.encode();
                String maxBefore = maxKey;
                List<PendingRecord> chunk = emitChunk(r.sourceOffset(), value);
                if (chunk.isEmpty()) {
                    out.add(Records.withState(p, p.endsSourceTransaction(), state.encode(), maxKey));
                } else {
                    out.add(Records.withState(p, false, stateBefore, maxBefore));
                    out.addAll(chunk);
                }
            } else {
                out.add(Records.withState(p, p.endsSourceTransaction(), state.encode(), maxKey));
            }
        }
    }

    private void inspect(SourceRecord r, Struct value) {
        Struct source = value.getStruct("source");
        String schema = source.getString(SourceInfo.SCHEMA);
        String table = source.getString(SourceInfo.TABLE);
        String op = value.getString("op");
        if (signalTable.is(schema, table)) {
            if (!"c".equals(op) || value.getStruct("after") == null) {
                return; // updates and deletes of signal rows are no signals
            }
            Struct after = value.getStruct("after");
            String id = OracleSignalTable.field(after, "ID");
            String type = OracleSignalTable.field(after, "TYPE");
            if (OPEN.equals(type) || CLOSE.equals(type)) {
                if (window != null && (window.id() + "-open").equals(id)) {
                    windowOpen = true;
                    seen.clear();
                } else if (window != null && (window.id() + "-close").equals(id)) {
                    closing = true;
                } // else: the watermark of a chunk in flight before a restart
                return;
            }
            if (sourceChannel) {
                String where = "signal table " + signalTable.id() + ", SCN " + source.get(OracleSourceInfo.SCN);
                processor.process(id, type, OracleSignalTable.field(after, "DATA"), where);
            }
            return;
        }
        if (windowOpen && window != null) {
            TableId id = window.table().schema().id();
            if (id.schema().equals(schema) && id.table().equals(table) && r.key() != null) {
                seen.add(Records.keyText(r.key()));
            }
        }
    }

    /** The chunk's rows not superseded in its window, as records after {@code offset}; advances the state. */
    private List<PendingRecord> emitChunk(Map<String, ?> offset, Struct closeValue) {
        Window w = window;
        window = null;
        windowOpen = false;
        closing = false;
        List<PendingRecord> out = new ArrayList<>();
        IncrementalSnapshot.Table current = state.current();
        if (current == null || !current.id().equals(w.tableId()) || !Objects.equals(state.after(), w.after())) {
            seen.clear();
            return out; // a stop-snapshot came in between: nothing of this chunk was delivered
        }
        List<Object[]> rows = w.chunk().rows();
        List<List<Object>> keys = w.chunk().keys();
        OracleTable table = w.table();
        int lastEmitted = -1;
        boolean[] keep = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            keep[i] = !seen.contains(Records.keyText(table.schema().key(rows.get(i))));
            if (keep[i]) {
                lastEmitted = i;
            }
        }
        seen.clear();
        long now = System.currentTimeMillis();
        long scn = Records.scnOf(closeValue);
        TableId id = table.schema().id();
        for (int i = 0; i <= lastEmitted; i++) {
            if (!keep[i]) {
                continue;
            }
            boolean last = i == lastEmitted;
            // the last emitted row stands for the whole chunk: rows after it were dropped
            state.advance(SnapshotKey.encode(keys.get(last ? keys.size() - 1 : i)));
            if (last && w.lastOfTable()) {
                tableDone(w.tableId());
            }
            Struct source = sourceInfo.struct(
                    now,
                    SourceInfo.Snapshot.INCREMENTAL,
                    id.catalog(),
                    id.schema(),
                    id.table(),
                    null,
                    scn,
                    null,
                    null,
                    null,
                    null);
            records.emit(
                    table.schema(),
                    Operation.READ,
                    null,
                    rows.get(i),
                    source,
                    Records.offset(offset, state.encode(), maxKey),
                    now,
                    null,
                    last,
                    out);
        }
        if (lastEmitted < 0) {
            if (!keys.isEmpty()) {
                state.advance(SnapshotKey.encode(keys.get(keys.size() - 1)));
            }
            if (w.lastOfTable()) {
                tableDone(w.tableId());
            }
        }
        // the watermark's transaction and the chunk are one unit of the exactly-once path
        for (int i = 0; i < out.size() - 1; i++) {
            PendingRecord p = out.get(i);
            out.set(i, new PendingRecord(p.record(), false, p.resumable()));
        }
        return out;
    }

    /** {@code offset} with the incremental snapshot state (heartbeats; records pass {@link #filter}). */
    public Map<String, Object> withState(Map<String, ?> offset) {
        return Records.offset(offset, state.encode(), maxKey);
    }

    @Override
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
}
