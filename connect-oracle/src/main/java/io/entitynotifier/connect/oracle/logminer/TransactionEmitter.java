package io.entitynotifier.connect.oracle.logminer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.event.TransactionBlock;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.oracle.OracleSourceInfo;
import io.entitynotifier.connect.oracle.OracleTable;
import io.entitynotifier.connect.oracle.TableCache;

/**
 * Turns one committed Oracle transaction into change records: parses each buffered SQL_REDO with the table's
 * definition and emits it with the offset the caller gives for "after the k-th change". A statement that cannot be
 * decoded fails the task with its SCN, transaction and text.
 */
public final class TransactionEmitter {

    /** Offset after {@code eventsDone} changes of the transaction; {@code last} for its final change. */
    public interface Offsets {
        Map<String, ?> after(long eventsDone, boolean last);
    }

    private final Connection dictionary;
    private final TableCache tables;
    private final ChangeRecordFactory records;
    private final SourceInfo sourceInfo;
    private final TransactionBlock block = new TransactionBlock();
    private final SqlRedoParser parser = new SqlRedoParser();
    private final RedoRowDecoder decoder = new RedoRowDecoder();

    /** @param dictionary where table definitions are read (inside the PDB in a multitenant database) */
    public TransactionEmitter(Connection dictionary, TableCache tables, ChangeRecordFactory records,
                              SourceInfo sourceInfo) {
        this.dictionary = dictionary;
        this.tables = tables;
        this.records = records;
        this.sourceInfo = sourceInfo;
    }

    /**
     * @param skip changes already delivered before a restart (the transaction was split over Kafka transactions)
     */
    public void emit(BufferedTransaction t, long commitScn, long commitTsMs, long skip,
                     Offsets offsets, List<PendingRecord> out) throws SQLException {
        List<RedoRow> events = t.events();
        block.begin(t.xid());
        for (int i = 0; i < skip; i++) {
            // replay the numbering of the changes delivered before the restart, per table too
            RedoRow done = events.get(i);
            block.next(tables.reader().tableId(done.owner(), done.table()));
        }
        String commit = Long.toString(commitScn);
        for (int i = (int) skip; i < events.size(); i++) {
            RedoRow e = events.get(i);
            TableId id = tables.reader().tableId(e.owner(), e.table());
            OracleTable table;
            try {
                table = tables.get(dictionary, id);
            } catch (ConnectException ex) {
                throw new ConnectException("change at SCN " + e.scn() + " (transaction " + t.xid() + "): "
                        + ex.getMessage(), ex);
            }
            boolean last = i == events.size() - 1;
            if (e.isTruncate()) {
                records.truncate(table.schema(), source(e, id, t, commit), offsets.after(i + 1, last), commitTsMs,
                        block.next(id), last, out);
                continue;
            }
            RowChange change;
            try {
                RedoStatement st = parser.parse(e.sqlRedo());
                if (!st.schema().equals(e.owner()) || !st.table().equals(e.table())) {
                    throw new RedoParseException("statement is on " + st.schema() + "." + st.table()
                            + " but LogMiner reports " + e.owner() + "." + e.table());
                }
                change = decoder.decode(st, table);
            } catch (RedoParseException ex) {
                throw new ConnectException("cannot decode the change at SCN " + e.scn() + " (transaction " + t.xid()
                        + ", table " + id + ", RS_ID " + e.rsId() + ", SSN " + e.ssn() + "): " + ex.getMessage()
                        + "; SQL_REDO: " + e.sqlRedo(), ex);
            }
            records.emit(table.schema(), change.op(), change.before(), change.after(), source(e, id, t, commit),
                    offsets.after(i + 1, last), commitTsMs, block.next(id), last, out);
        }
    }

    private Struct source(RedoRow e, TableId id, BufferedTransaction t, String commit) {
        Struct source = sourceInfo.struct(e.timestampMs(), SourceInfo.Snapshot.FALSE, id.catalog(), id.schema(),
                id.table(), t.xid());
        source.put(OracleSourceInfo.SCN, Long.toString(e.scn()));
        source.put(OracleSourceInfo.COMMIT_SCN, commit);
        source.put(OracleSourceInfo.RS_ID, e.rsId() == null ? null : e.rsId().trim());
        source.put(OracleSourceInfo.SSN, e.ssn());
        return source;
    }

    public void invalidate(TableId id) {
        tables.invalidate(id);
    }

    public TableId tableId(String owner, String table) {
        return tables.reader().tableId(owner, table);
    }

    public boolean captures(TableId id) {
        return tables.reader().captures(id);
    }
}
