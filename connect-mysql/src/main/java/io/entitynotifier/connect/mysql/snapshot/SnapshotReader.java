package io.entitynotifier.connect.mysql.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.metrics.TaskMetrics;
import io.entitynotifier.connect.common.offset.SnapshotKeyText;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.txn.ChangeQueue;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.mysql.BinlogPosition;
import io.entitynotifier.connect.mysql.MySqlSourceInfo;
import io.entitynotifier.connect.mysql.schema.CapturedTable;
import io.entitynotifier.connect.mysql.schema.InformationSchemaReader;
import io.entitynotifier.connect.mysql.schema.MySqlColumn;
import io.entitynotifier.connect.mysql.schema.MySqlType;

/**
 * The initial snapshot: every captured table read in primary-key chunks inside one consistent-snapshot transaction
 * whose binlog position is where streaming starts. Every row's offset records the table and key reached, so after an
 * interruption the snapshot continues after the last committed row. The rest is read in a new consistent snapshot at
 * a later binlog position, while streaming still starts at the first snapshot's position: the offset records these
 * {@link ResumedRanges}, and {@link SnapshotCatchUp} drops the streamed changes a resumed range's rows already hold,
 * so each row is delivered once and no older change follows a newer snapshot row. Each chunk is one source
 * "transaction", so a Kafka transaction never ends in the middle of one. The last record of the snapshot carries the
 * plain binlog position as offset (with the ranges, if any): from then on a restart streams.
 */
public final class SnapshotReader {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReader.class);

    private final InformationSchemaReader schemas;
    private final SnapshotLock lock;
    private final MySqlSourceInfo sourceInfo;
    private final ChangeRecordFactory records;
    private final ChangeQueue queue;
    private final int chunkSize;
    private final TaskMetrics metrics;

    private Held held;
    private BinlogPosition queued;
    private ResumedRanges ranges = ResumedRanges.NONE;

    /** A row read but not yet queued: whether it is the last of its chunk or of the snapshot is not known yet. */
    private record Held(
            CapturedTable table, Object[] row, BinlogPosition offset, boolean resumable, boolean chunkEnd) {}

    public SnapshotReader(
            InformationSchemaReader schemas,
            SnapshotLock lock,
            MySqlSourceInfo sourceInfo,
            ChangeRecordFactory records,
            ChangeQueue queue,
            int chunkSize,
            TaskMetrics metrics) {
        this.schemas = schemas;
        this.lock = lock;
        this.sourceInfo = sourceInfo;
        this.records = records;
        this.queue = queue;
        this.chunkSize = chunkSize;
        this.metrics = metrics;
    }

    /**
     * Runs the snapshot on {@code c} and returns the position streaming starts from.
     *
     * @param resume the offset of an interrupted snapshot, or null to start one
     * @param resumed the ranges that {@code resume} carries (see {@link ResumedRanges})
     */
    public BinlogPosition run(Connection c, BinlogPosition resume, ResumedRanges resumed, BooleanSupplier running)
            throws SQLException, InterruptedException {
        BinlogPosition start;
        if (resume == null) {
            start = lock.begin(c, schemas::capturedTables);
            LOG.info("Snapshot starts at binlog position {}", start);
        } else {
            BinlogPosition point = lock.begin(c, schemas::capturedTables); // the remaining rows' consistent view
            start = BinlogPosition.at(resume.gtids(), resume.file(), resume.pos());
            ranges = resume.snapshotTable() == null
                    ? resumed
                    : resumed.resumedAfter(resume.snapshotTable(), resume.snapshotKey(), point);
            LOG.info(
                    "Snapshot resumes after table {} at binlog position {}; streaming will start at {} and drop the"
                            + " changes the resumed rows already hold",
                    resume.snapshotTable(),
                    point,
                    start);
        }
        List<TableId> tables = schemas.capturedTables(c);
        metrics.snapshotStarted(tables.size(), schemas.estimatedRows(c, tables));
        for (TableId id : tables) {
            if (!running.getAsBoolean()) {
                return null;
            }
            String after = null;
            if (resume != null && resume.snapshotTable() != null) {
                int cmp = id.identifier().compareTo(resume.snapshotTable());
                if (cmp < 0 || (cmp == 0 && resume.snapshotKey() == null)) {
                    continue; // delivered before the interruption
                }
                if (cmp == 0) {
                    after = resume.snapshotKey();
                }
            }
            readTable(c, id, start, after, running);
            metrics.snapshotTableDone();
        }
        c.commit();
        lock.release(c);
        flush(start, true);
        metrics.snapshotCompleted();
        return start;
    }

    private void readTable(Connection c, TableId id, BinlogPosition start, String afterKey, BooleanSupplier running)
            throws SQLException, InterruptedException {
        CapturedTable table = schemas.table(c, id);
        List<String> pk = schemas.primaryKey(c, id);
        List<MySqlColumn> pkColumns = new ArrayList<>();
        for (String name : pk) {
            pkColumns.add(columnNamed(table, name));
        }
        String select = selectList(table) + " FROM " + quote(id.catalog()) + "." + quote(id.table());
        if (pk.isEmpty()) {
            readWhole(c, table, select, start);
            return;
        }
        String order = String.join(", ", pk.stream().map(SnapshotReader::quote).toList());
        List<String> last = afterKey == null ? null : SnapshotKeyText.decode(afterKey);
        long rows = 0;
        while (running.getAsBoolean()) {
            String sql = select + (last == null ? "" : " WHERE (" + order + ") > (" + placeholders(pkColumns) + ")")
                    + " ORDER BY " + order + " LIMIT " + chunkSize;
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (last != null) {
                    for (int k = 0; k < last.size(); k++) {
                        ps.setString(k + 1, last.get(k));
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        n++;
                        Object[] row = convert(table, rs, id);
                        last = keyText(rs, table, pkColumns);
                        hold(new Held(
                                table,
                                row,
                                start.snapshotAt(id.identifier(), SnapshotKeyText.encode(last)),
                                true,
                                false));
                    }
                }
            }
            rows += n;
            if (held != null && n > 0) {
                held = new Held(held.table(), held.row(), held.offset(), true, true);
            }
            if (n < chunkSize) {
                break;
            }
        }
        LOG.info("Snapshot of {} read {} rows", id, rows);
    }

    /** A table without a primary key cannot be resumed inside: it is delivered as one piece. */
    private void readWhole(Connection c, CapturedTable table, String select, BinlogPosition start)
            throws SQLException, InterruptedException {
        BinlogPosition offset = start.snapshotAt(table.id().identifier(), null);
        try (PreparedStatement ps = c.prepareStatement(select);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                hold(new Held(table, convert(table, rs, table.id()), offset, false, false));
            }
        }
        if (held != null && held.table() == table) {
            held = new Held(held.table(), held.row(), held.offset(), true, true);
        }
    }

    private static Object[] convert(CapturedTable table, ResultSet rs, TableId id) throws SQLException {
        try {
            return table.fromJdbc(rs);
        } catch (IllegalArgumentException e) {
            throw new ConnectException("snapshot of " + id + ": " + e.getMessage(), e);
        }
    }

    /** The table of the last row queued, or null before the first (Debezium's first/first_in_data_collection). */
    private TableId lastEmitted;

    private void hold(Held next) throws InterruptedException {
        flush(null, false, next.table().id());
        held = next;
    }

    /**
     * The offset of the last row handed to the queue, or null: where a new attempt resumes after a failure (for
     * example a table altered while the snapshot read it).
     */
    public BinlogPosition progress() {
        return queued;
    }

    /** The resumed ranges this snapshot's offsets carry (streaming needs them until it has passed their points). */
    public ResumedRanges ranges() {
        return ranges;
    }

    /** Queues the held row; when {@code done}, as the snapshot's last record, carrying the streaming position. */
    private void flush(BinlogPosition streamingStart, boolean done) throws InterruptedException {
        flush(streamingStart, done, null);
    }

    /** @param nextTable the table of the row read after this one, or null when none follows */
    private void flush(BinlogPosition streamingStart, boolean done, TableId nextTable) throws InterruptedException {
        Held h = held;
        if (h == null) {
            return;
        }
        held = null;
        BinlogPosition offset = done ? streamingStart : h.offset();
        long now = System.currentTimeMillis();
        TableId id = h.table().id();
        // Debezium's markers: first, first_in_data_collection, true, last_in_data_collection, last
        SourceInfo.Snapshot marker = SourceInfo.Snapshot.of(
                lastEmitted == null, done, !id.equals(lastEmitted), nextTable == null || !nextTable.equals(id));
        lastEmitted = id;
        // server_id 0: Debezium's snapshot rows carry no binlog event, hence no server id
        Struct source =
                sourceInfo.struct(now, marker, id.catalog(), id.table(), 0L, null, offset.file(), offset.pos(), 0);
        List<PendingRecord> out = new ArrayList<>(2);
        records.emit(
                h.table().schema(),
                Operation.READ,
                null,
                h.row(),
                source,
                ranges.addTo(offset.toOffset()),
                now,
                null,
                done || h.chunkEnd(),
                out);
        for (PendingRecord r : out) {
            boolean resumable = done || (h.resumable() && r.resumable());
            queue.put(new PendingRecord(r.record(), r.endsSourceTransaction(), resumable));
        }
        if (h.resumable() && !done) {
            queued = offset;
        }
    }

    private static MySqlColumn columnNamed(CapturedTable table, String name) {
        for (MySqlColumn c : table.columns()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalStateException("primary-key column " + name + " of " + table.id() + " is not captured");
    }

    private static List<String> keyText(ResultSet rs, CapturedTable table, List<MySqlColumn> pk) throws SQLException {
        List<String> out = new ArrayList<>(pk.size());
        for (MySqlColumn c : pk) {
            int idx = table.columns().indexOf(c) + 1;
            if (isBinary(c)) {
                out.add(HexFormat.of().formatHex(rs.getBytes(idx)));
            } else {
                out.add(rs.getString(idx));
            }
        }
        return out;
    }

    private static String placeholders(List<MySqlColumn> pk) {
        StringBuilder sb = new StringBuilder();
        for (MySqlColumn c : pk) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(isBinary(c) ? "UNHEX(?)" : "?");
        }
        return sb.toString();
    }

    private static boolean isBinary(MySqlColumn c) {
        return c.type() == MySqlType.BINARY || c.type() == MySqlType.VARBINARY || c.type() == MySqlType.BIT;
    }

    /**
     * The captured columns; temporal ones as the server's text (the JDBC driver's own rendering drops leading zeros
     * of fractions). FLOAT stays as it is: Debezium's snapshot gives its six-digit text form.
     */
    private static String selectList(CapturedTable table) {
        StringBuilder sb = new StringBuilder("SELECT ");
        boolean first = true;
        for (MySqlColumn c : table.columns()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            boolean temporal = switch (c.type()) {
                case DATE, DATETIME, TIMESTAMP, TIME, YEAR -> true;
                default -> false;
            };
            sb.append(temporal ? "CAST(" + quote(c.name()) + " AS CHAR)" : quote(c.name()));
        }
        return sb.toString();
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
