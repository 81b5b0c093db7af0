package io.entitynotifier.connect.sqlite.changelog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SkippedOperations;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.sqlite.SqlitePosition;
import io.entitynotifier.connect.sqlite.SqliteSourceInfo;
import io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader;
import io.entitynotifier.connect.sqlite.schema.SqliteTable;

/**
 * Streams the change log in sequence order. SQLite exposes no transaction ids, so the unit of atomicity is a read:
 * one query sees only committed transactions, whole, so when it reaches the end of the log its last row ends a group
 * of whole transactions and a Kafka transaction may end there. A read cut short by the batch size ends nowhere
 * special; its rows wait for the read that reaches the end (see {@code TransactionBoundaries}).
 */
public final class ChangeLogReader {

    public static final String SEQ_FIELD = "seq";

    private final Connection connection;
    private final CapturedTables tables;
    private final SqliteSourceInfo sourceInfo;
    private final SkippedOperations skipped;
    private final ChangeRecordFactory records;
    private final String databaseName;
    private final PreparedStatement select;
    private long lastSeq;
    private boolean caughtUp;
    private StreamHooks hooks = StreamHooks.NONE;
    /** The records of the last row of a read that did not reach the end of the log (see {@link #read(int, long, List)}). */
    private final List<PendingRecord> tail = new java.util.ArrayList<>();

    public ChangeLogReader(
            Connection connection,
            CapturedTables tables,
            SqliteSourceInfo sourceInfo,
            ChangeRecordFactory records,
            String databaseName,
            long fromSeq)
            throws SQLException {
        this(connection, tables, sourceInfo, records, databaseName, fromSeq, SkippedOperations.NONE);
    }

    /** @param skippedOperations {@code skipped.operations} (SQLite has no truncate in its change log) */
    public ChangeLogReader(
            Connection connection,
            CapturedTables tables,
            SqliteSourceInfo sourceInfo,
            ChangeRecordFactory records,
            String databaseName,
            long fromSeq,
            SkippedOperations skippedOperations)
            throws SQLException {
        this.connection = connection;
        this.tables = tables;
        this.sourceInfo = sourceInfo;
        this.skipped = skippedOperations;
        this.records = records;
        this.databaseName = databaseName;
        this.lastSeq = fromSeq;
        this.select = connection.prepareStatement("SELECT seq, tbl, op, ts, old_row, new_row FROM "
                + SqliteSchemaReader.quote(tables.triggers().layout().logTable())
                + " WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?");
    }

    /** Signals and the incremental snapshot state (none by default). */
    public void hooks(StreamHooks hooks) {
        this.hooks = hooks;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** Whether the last read reached the end of the log. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Whether the reader holds the records of a row it has read (so {@link #lastSeq()} is past them) but not handed
     * out yet: a heartbeat must not commit {@link #lastSeq()} then.
     */
    public boolean holdsRecords() {
        return !tail.isEmpty();
    }

    /** Reads up to {@code max} change-log rows after the last one delivered and appends their records to {@code out}. */
    public int read(int max, List<PendingRecord> out) throws SQLException {
        return read(max, Long.MAX_VALUE, out);
    }

    /**
     * Like {@link #read(int, List)}, but only up to sequence {@code upTo}, which must be the end of the log as some
     * read transaction saw it (so the end of committed transactions); {@link #caughtUp()} then means "reached
     * {@code upTo}", and {@link #lastSeq()} is {@code upTo}.
     * <p>
     * The last record a read that reaches the end hands out is marked as ending a source transaction. A read that does
     * not reach the end keeps back the records of its last row, because only a later read can tell whether a group of
     * transactions ends there: otherwise a later read with nothing to hand out (every row left skipped, or none) would
     * have nothing to mark, and the records before it would wait for the next change to the database, forever on a
     * quiet one, with the task RUNNING.
     */
    public int read(int max, long upTo, List<PendingRecord> out) throws SQLException {
        tables.refreshIfChanged(connection);
        int rows = 0;
        int firstNew = out.size();
        int lastRowStart = tail.isEmpty() ? -1 : out.size();
        out.addAll(tail);
        tail.clear();
        select.setLong(1, lastSeq);
        select.setLong(2, upTo);
        // One row more than asked for: whether it exists tells if this read reaches the end of the log.
        select.setInt(3, max + 1);
        boolean more = false;
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                if (rows == max) {
                    more = true;
                    break;
                }
                rows++;
                long seq = rs.getLong(1);
                String table = rs.getString(2);
                lastSeq = seq;
                SqliteTable t = tables.forRow(table, seq);
                if (t == null) {
                    continue; // the table is not captured (its triggers predate a narrower include list)
                }
                int before = out.size();
                emit(t, seq, rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), out);
                if (out.size() > before) {
                    lastRowStart = before;
                }
            }
        }
        caughtUp = !more;
        if (caughtUp && upTo != Long.MAX_VALUE && upTo > lastSeq) {
            lastSeq = upTo; // every sequence up to it is read (sequences are written by one writer at a time)
        }
        if (caughtUp && out.size() > firstNew) {
            PendingRecord last = out.remove(out.size() - 1);
            out.add(new PendingRecord(last.record(), true, true));
        } else if (!caughtUp && lastRowStart >= 0) {
            List<PendingRecord> lastRow = out.subList(lastRowStart, out.size());
            tail.addAll(lastRow);
            lastRow.clear();
        }
        return rows;
    }

    private void emit(
            SqliteTable t,
            long seq,
            String opCode,
            long tsMs,
            String oldJson,
            String newJson,
            List<PendingRecord> out) {
        String where = "change-log seq " + seq;
        Operation op = switch (opCode) {
            case "c" -> Operation.CREATE;
            case "u" -> Operation.UPDATE;
            case "d" -> Operation.DELETE;
            default ->
                throw new ConnectException("table " + t.schema().id() + ", " + where + ": unknown operation '" + opCode
                        + "' in the change log");
        };
        if (op == Operation.CREATE && hooks.isSignalTable(t.name())) {
            hooks.signal(newJson, seq); // first: the record's offset carries what the signal started
        }
        if (skipped.skips(op)) {
            return; // skipped.operations
        }
        Object[] before = row(t, oldJson, where);
        Object[] after = row(t, newJson, where);
        Struct source = sourceInfo.struct(
                tsMs, SourceInfo.Snapshot.FALSE, databaseName, SqliteSchemaReader.SCHEMA, t.name(), seq);
        Map<String, Object> offset =
                SqlitePosition.streaming(seq, hooks.incrementalState()).toOffset();
        // SQLite's change log does not say which rows one transaction wrote: with transaction metadata each change
        // is its own transaction, with the id "seq:<seq>".
        boolean own = records.providesTransactionMetadata();
        records.emit(t.schema(), op, before, after, source, offset, tsMs, own ? "seq:" + seq : null, own, out);
    }

    private static Object[] row(SqliteTable t, String json, String where) {
        if (json == null) {
            return null;
        }
        Map<String, Object> values;
        try {
            values = JsonRowParser.parse(json);
        } catch (IllegalArgumentException e) {
            throw new ConnectException("table " + t.schema().id() + ", " + where + ": " + e.getMessage());
        }
        TableSchema s = t.schema();
        Object[] stored = new Object[s.columns().size()];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = values.get(s.columns().get(i).name()); // absent: written before the column existed
        }
        return t.convert(stored, where);
    }

    public void close() {
        try {
            select.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
