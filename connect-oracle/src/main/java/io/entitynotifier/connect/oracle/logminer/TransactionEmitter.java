package io.entitynotifier.connect.oracle.logminer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SkippedOperations;
import io.entitynotifier.connect.common.event.SourceInfo;
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
    private final OracleSourceInfo sourceInfo;
    private SkippedOperations skipped = SkippedOperations.parse(List.of("t"));
    private final SqlRedoParser parser = new SqlRedoParser();
    private final RedoRowDecoder decoder = new RedoRowDecoder();

    /** @param dictionary where table definitions are read (inside the PDB in a multitenant database) */
    public TransactionEmitter(
            Connection dictionary, TableCache tables, ChangeRecordFactory records, OracleSourceInfo sourceInfo) {
        this.dictionary = dictionary;
        this.tables = tables;
        this.records = records;
        this.sourceInfo = sourceInfo;
    }

    /**
     * @param skip changes already delivered before a restart (the transaction was split over Kafka transactions)
     */
    public void emit(
            BufferedTransaction t, long commitScn, long commitTsMs, long skip, Offsets offsets, List<PendingRecord> out)
            throws SQLException {
        List<RedoRow> events = t.events();
        String txnId = t.xid();
        for (int i = 0; i < skip; i++) {
            // replay the numbering of the changes delivered before the restart, per table too
            RedoRow done = events.get(i);
            if (!skipped.skips(operation(done))) {
                records.replayed(txnId, tables.reader().tableId(done.owner(), done.table()));
            }
        }
        int lastEmitted = events.size() - 1; // a skipped change cannot end the transaction's records
        while (lastEmitted >= skip && skipped.skips(operation(events.get(lastEmitted)))) {
            lastEmitted--;
        }
        for (int i = (int) skip; i < events.size(); i++) {
            RedoRow e = events.get(i);
            if (skipped.skips(operation(e))) {
                continue; // skipped.operations
            }
            TableId id = tables.reader().tableId(e.owner(), e.table());
            OracleTable table;
            try {
                table = tables.get(dictionary, id);
            } catch (ConnectException ex) {
                throw new ConnectException(
                        "change at SCN " + e.scn() + " (transaction " + t.xid() + "): " + ex.getMessage(), ex);
            }
            boolean last = i == lastEmitted;
            if (e.isTruncate()) {
                records.truncate(
                        table.schema(),
                        source(e, id, t, commitScn, commitTsMs),
                        offsets.after(i + 1, last),
                        commitTsMs,
                        txnId,
                        last,
                        out);
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
                throw new ConnectException(
                        "cannot decode the change at SCN " + e.scn() + " (transaction " + t.xid()
                                + ", table " + id + ", RS_ID " + e.rsId() + ", SSN " + e.ssn() + "): " + ex.getMessage()
                                + "; SQL_REDO: " + e.sqlRedo(),
                        ex);
            }
            records.emit(
                    table.schema(),
                    change.op(),
                    change.before(),
                    change.after(),
                    source(e, id, t, commitScn, commitTsMs),
                    offsets.after(i + 1, last),
                    commitTsMs,
                    txnId,
                    last,
                    out);
        }
    }

    private Struct source(RedoRow e, TableId id, BufferedTransaction t, long commitScn, long commitTsMs) {
        return sourceInfo.struct(
                e.timestampMs(),
                SourceInfo.Snapshot.FALSE,
                id.catalog(),
                id.schema(),
                id.table(),
                t.xid(),
                e.scn(),
                commitScn,
                e.rsId() == null ? null : e.rsId().trim(),
                e.ssn(),
                commitTsMs);
    }

    /** {@code skipped.operations} (default 't', as Debezium). */
    public TransactionEmitter skippedOperations(SkippedOperations ops) {
        this.skipped = ops;
        return this;
    }

    private static Operation operation(RedoRow e) {
        if (e.isTruncate()) {
            return Operation.TRUNCATE;
        }
        return switch (e.operationCode()) {
            case RedoRow.INSERT -> Operation.CREATE;
            case RedoRow.DELETE -> Operation.DELETE;
            case RedoRow.UPDATE -> Operation.UPDATE;
            default -> Operation.READ; // never skipped
        };
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
