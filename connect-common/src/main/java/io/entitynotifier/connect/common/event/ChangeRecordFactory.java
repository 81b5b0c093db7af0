package io.entitynotifier.connect.common.event;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.common.txn.PendingRecord;

/**
 * Turns one row change into the records Debezium users expect: the envelope record, a tombstone after each delete
 * (when {@code tombstones.on.delete}), and for an update that changes the primary key a delete of the old key (plus
 * its tombstone) followed by a create of the new one, so compacted topics stay right.
 */
public final class ChangeRecordFactory {

    private final Map<String, ?> partition;
    private final boolean tombstones;

    public ChangeRecordFactory(Map<String, ?> partition, boolean tombstonesOnDelete) {
        this.partition = partition;
        this.tombstones = tombstonesOnDelete;
    }

    public Map<String, ?> partition() {
        return partition;
    }

    /**
     * Appends the records for one row change to {@code out}.
     *
     * @param before   the old row (null for inserts and reads; key columns only where the source gives no more)
     * @param after    the new row (null for deletes)
     * @param source   the filled {@code source} block
     * @param offset   the resume position after this change
     * @param tsMs     the change's commit time at the source
     * @param txn      the envelope's {@code transaction} block, or null
     * @param endsTxn  this change is the last of its source transaction
     */
    public void emit(TableSchema table, Operation op, Object[] before, Object[] after, Struct source,
                     Map<String, ?> offset, long tsMs, Struct txn, boolean endsTxn, List<PendingRecord> out) {
        if (op == Operation.UPDATE && table.keyChanged(before, after)) {
            emitOne(table, Operation.DELETE, before, null, source, offset, tsMs, txn, false, false, out);
            emitOne(table, Operation.CREATE, null, after, source, offset, tsMs, txn, endsTxn, true, out);
            return;
        }
        emitOne(table, op, before, after, source, offset, tsMs, txn, endsTxn, true, out);
    }

    private void emitOne(TableSchema table, Operation op, Object[] before, Object[] after, Struct source,
                         Map<String, ?> offset, long tsMs, Struct txn, boolean endsTxn, boolean resumable,
                         List<PendingRecord> out) {
        Struct key = table.key(op == Operation.DELETE ? before : (after != null ? after : before));
        Struct value = Envelope.value(table.envelopeSchema(), op, table.row(before), table.row(after), source, tsMs, txn);
        boolean tombstone = op == Operation.DELETE && tombstones;
        SourceRecord record = new SourceRecord(partition, offset, table.topic(), null,
                table.keySchema(), key, table.envelopeSchema(), value, tsMs);
        out.add(new PendingRecord(record, endsTxn && !tombstone, resumable && !tombstone));
        if (tombstone) {
            SourceRecord t = new SourceRecord(partition, offset, table.topic(), null,
                    table.keySchema(), key, null, null, tsMs);
            out.add(new PendingRecord(t, endsTxn, resumable));
        }
    }

    /**
     * A truncate event ({@code op=t}): no rows, and a null key without a key schema (the table's key schema is
     * required, so converters would refuse a null key under it), as Debezium writes truncates.
     */
    public void truncate(TableSchema table, Struct source, Map<String, ?> offset, long tsMs, Struct txn,
                         boolean endsTxn, List<PendingRecord> out) {
        Struct value = Envelope.value(table.envelopeSchema(), Operation.TRUNCATE, null, null, source, tsMs, txn);
        out.add(new PendingRecord(new SourceRecord(partition, offset, table.topic(), null,
                null, null, table.envelopeSchema(), value, tsMs), endsTxn, true));
    }
}
