package io.entitynotifier.connect.sqlite.snapshot;

import static io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.sqlite.SqlitePosition;
import io.entitynotifier.connect.sqlite.SqliteSourceInfo;
import io.entitynotifier.connect.sqlite.changelog.ChangeLogTriggers;
import io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader;
import io.entitynotifier.connect.sqlite.schema.SqliteTable;

/**
 * Emits the existing rows of the captured tables as {@code op=r} events, chunk by chunk in key order (rowid, or the
 * primary key of a WITHOUT ROWID table). All chunks of one run are read in a single read transaction that also read
 * the change log's last sequence, so the snapshot lines up exactly with the log: streaming starts right after it.
 * Every record's offset says which table and key the snapshot reached, so a restart continues after the last row
 * Kafka committed instead of starting over. A continued snapshot runs in a newer read transaction; it leaves out
 * the rows changed since the original snapshot point ({@link ChangedKeys}), whose changes streaming replays from
 * that point, so each row is delivered once and never with a state newer than its changes.
 */
public final class SqliteSnapshotReader {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SqliteSnapshotReader.class);

    private final Connection connection;
    private final List<SqliteTable> tables;
    private final SqliteSourceInfo sourceInfo;
    private final ChangeRecordFactory records;
    private final String databaseName;
    private final int chunkSize;
    private final long startSeq;
    /** On a resumed snapshot: rows changed after the snapshot point, which streaming delivers instead. */
    private final ChangedKeys changedSince;

    private int tableIndex;
    private List<Object> after;
    private boolean done;

    /**
     * @param connection a connection this reader owns; its read transaction spans the whole snapshot
     * @param resume     where an interrupted snapshot stopped, or null to start one
     * @param readSeq    the change-log sequence the connection's read transaction saw first
     *                   ({@link #beginAndReadSeq}); for a new snapshot its point
     * @param logTable   the connector's change-log table, or null when no streaming follows the snapshot
     *                   ({@code initial_only}: a resumed snapshot then reads every remaining row as it is now)
     */
    public SqliteSnapshotReader(
            Connection connection,
            List<SqliteTable> tables,
            SqliteSourceInfo sourceInfo,
            ChangeRecordFactory records,
            String databaseName,
            int chunkSize,
            SqlitePosition resume,
            long readSeq,
            String logTable)
            throws SQLException {
        this.connection = connection;
        this.tables = tables;
        this.sourceInfo = sourceInfo;
        this.records = records;
        this.databaseName = databaseName;
        this.chunkSize = chunkSize;
        connection.setAutoCommit(false);
        if (resume != null) {
            this.startSeq = resume.seq();
            this.after = resume.snapshotAfter();
            this.tableIndex = indexOf(resume.snapshotTable());
            // This read transaction is newer than the snapshot point: leave out the rows changed since, which
            // streaming delivers (without streaming, initial_only, the rows are read as they are now).
            this.changedSince = logTable == null
                    ? null
                    : ChangedKeys.read(
                            connection,
                            logTable,
                            startSeq,
                            readSeq,
                            tables.subList(Math.min(tableIndex, tables.size()), tables.size()));
            if (changedSince != null) {
                log.info(
                        "Resuming the snapshot at change-log seq {} in a read transaction at seq {}: {} row key(s) "
                                + "changed in between are left to streaming",
                        startSeq,
                        readSeq,
                        changedSince.size());
            }
        } else {
            this.startSeq = readSeq;
            this.changedSince = null;
        }
        this.done = tableIndex >= tables.size();
    }

    /**
     * Starts a new snapshot's read transaction and returns the change-log sequence it sees; the caller must create
     * the reader with this value. Separate so the first read of the transaction is the sequence.
     */
    public static long beginAndReadSeq(Connection connection, ChangeLogTriggers log) throws SQLException {
        connection.setAutoCommit(false);
        // The first read fixes the transaction's view of the database.
        return log.lastSeq(connection);
    }

    private int indexOf(String table) {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).name().equals(table)) {
                return i;
            }
        }
        // The table was dropped or excluded since: continue with the next one in name order.
        int i = 0;
        while (i < tables.size() && tables.get(i).name().compareTo(table) < 0) {
            i++;
        }
        after = null;
        return i;
    }

    /** Rows the snapshot will read, from a count of each remaining table (SQLite counts are exact and cheap). */
    public long estimateRows() throws SQLException {
        long n = 0;
        try (java.sql.Statement s = connection.createStatement()) {
            for (int i = tableIndex; i < tables.size(); i++) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM " + quote(tables.get(i).name()))) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        }
        return n;
    }

    /** Tables finished so far in this run. */
    public int tablesDone() {
        return tableIndex;
    }

    public boolean done() {
        return done;
    }

    public long startSeq() {
        return startSeq;
    }

    /** Reads the next chunk into {@code out}; after the last one, {@link #done()} is true. */
    public void readChunk(List<PendingRecord> out) throws SQLException {
        while (!done) {
            SqliteTable t = tables.get(tableIndex);
            int before = out.size();
            if (readChunk(t, out)) {
                return;
            }
            tableIndex++;
            after = null;
            done = tableIndex >= tables.size();
            if (out.size() > before || done) {
                markLastIfDone(out);
                return;
            }
        }
    }

    private void markLastIfDone(List<PendingRecord> out) {
        if (!done || out.isEmpty()) {
            return;
        }
        // The final snapshot record: source.snapshot=last and an offset that says the snapshot is complete.
        SourceRecord r = out.remove(out.size() - 1).record();
        ((Struct) ((Struct) r.value()).get("source")).put(SourceInfo.SNAPSHOT, SourceInfo.Snapshot.LAST.text());
        out.add(PendingRecord.last(new SourceRecord(
                r.sourcePartition(),
                SqlitePosition.streaming(startSeq).toOffset(),
                r.topic(),
                r.kafkaPartition(),
                r.keySchema(),
                r.key(),
                r.valueSchema(),
                r.value(),
                r.timestamp(),
                r.headers())));
    }

    /** Reads one chunk of {@code t}; true when the table has rows after it. */
    private boolean readChunk(SqliteTable t, List<PendingRecord> out) throws SQLException {
        List<Column> cols = t.schema().columns();
        List<String> keyCols = keyColumns(t);
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String k : keyCols) {
            sql.append(quote(k)).append(", ");
        }
        for (int i = 0; i < cols.size(); i++) {
            sql.append(i > 0 ? ", " : "").append(quote(cols.get(i).name()));
        }
        sql.append(" FROM ").append(quote(t.name()));
        if (after != null) {
            sql.append(" WHERE (");
            appendList(sql, keyCols);
            sql.append(") > (").append("?, ".repeat(keyCols.size() - 1)).append("?)");
        }
        sql.append(" ORDER BY ");
        appendList(sql, keyCols);
        sql.append(" LIMIT ").append(chunkSize + 1); // one more row says whether the table goes on
        int n = 0;
        int emitted = 0;
        long now = System.currentTimeMillis();
        boolean firstOfTable = after == null;
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            if (after != null) {
                for (int i = 0; i < after.size(); i++) {
                    ps.setObject(i + 1, after.get(i));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (++n > chunkSize) {
                        return true;
                    }
                    List<Object> key = new ArrayList<>(keyCols.size());
                    for (int i = 0; i < keyCols.size(); i++) {
                        Object k = rs.getObject(i + 1);
                        key.add(k instanceof Integer x ? x.longValue() : k);
                    }
                    after = key;
                    if (changedSince != null && changedSince.changed(t.name(), key)) {
                        continue;
                    }
                    Object[] stored = new Object[cols.size()];
                    for (int i = 0; i < cols.size(); i++) {
                        stored[i] = rs.getObject(keyCols.size() + i + 1);
                    }
                    Object[] row = t.convert(stored, "snapshot row with key " + key);
                    // Debezium's markers (last_in_data_collection and last are set once the end is known)
                    SourceInfo.Snapshot marker = SourceInfo.Snapshot.of(!emittedAny, false, firstOfTable, false);
                    firstOfTable = false;
                    emittedAny = true;
                    Struct source =
                            sourceInfo.struct(now, marker, databaseName, SqliteSchemaReader.SCHEMA, t.name(), startSeq);
                    var offset = new SqlitePosition(startSeq, t.name(), key).toOffset();
                    records.emit(t.schema(), Operation.READ, null, row, source, offset, now, null, true, out);
                    emitted++;
                }
            }
        }
        // rows changed since the snapshot point are left out of a resumed snapshot, so n > 0 can emit nothing
        if (emitted > 0) { // the table's last row (unless it is the snapshot's first, which Debezium marks first)
            Struct source = (Struct) ((Struct) out.get(out.size() - 1).record().value()).get("source");
            if (!SourceInfo.Snapshot.FIRST.text().equals(source.get(SourceInfo.SNAPSHOT))) {
                source.put(SourceInfo.SNAPSHOT, SourceInfo.Snapshot.LAST_IN_DATA_COLLECTION.text());
            }
        }
        return false;
    }

    /** A row was emitted already (the next one is not the snapshot's first). */
    private boolean emittedAny;

    /** The columns a snapshot orders and resumes by: rowid, or the primary key of a WITHOUT ROWID table. */
    public static List<String> keyColumns(SqliteTable t) {
        if (t.rowid()) {
            return List.of("rowid");
        }
        List<String> keys = new ArrayList<>();
        for (Column c : t.schema().columns()) {
            if (c.primaryKey()) {
                keys.add(c.name());
            }
        }
        return keys;
    }

    private static void appendList(StringBuilder sql, List<String> cols) {
        for (int i = 0; i < cols.size(); i++) {
            sql.append(i > 0 ? ", " : "").append(quote(cols.get(i)));
        }
    }

    /** Ends the snapshot's read transaction. */
    public void close() {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is closed by its owner
        }
    }
}
