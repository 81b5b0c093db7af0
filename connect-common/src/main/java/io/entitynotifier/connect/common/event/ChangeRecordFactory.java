package io.entitynotifier.connect.common.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.config.EventConfig;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.common.txn.PendingRecord;

/**
 * Turns one row change into the records Debezium users expect: the envelope record, a tombstone after each delete
 * (when {@code tombstones.on.delete}), and for an update that changes the primary key a delete of the old key (plus
 * its tombstone) followed by a create of the new one, so compacted topics stay right. With
 * {@code provide.transaction.metadata} it also fills each event's {@code transaction} block and writes the BEGIN
 * before the first event of a source transaction and the END after its last, in the same Kafka transaction.
 */
public final class ChangeRecordFactory {

    private final Map<String, ?> partition;
    private final boolean tombstones;
    private final TransactionMetadata transactions;
    private final Supplier<Instant> clock;

    public ChangeRecordFactory(Map<String, ?> partition, boolean tombstonesOnDelete) {
        this(partition, tombstonesOnDelete, null, Instant::now);
    }

    /** Reads {@code tombstones.on.delete} and the transaction-metadata keys from {@code config}. */
    public ChangeRecordFactory(CommonSourceConfig config, Map<String, ?> partition) {
        this(
                partition,
                config.tombstonesOnDelete(),
                EventConfig.provideTransactionMetadata(config)
                        ? new TransactionMetadata(EventConfig.transactionTopic(config))
                        : null,
                Instant::now);
    }

    /**
     * @param transactions null unless {@code provide.transaction.metadata}
     * @param clock        the processing time written to the envelope's ts_ms, ts_us and ts_ns
     */
    public ChangeRecordFactory(
            Map<String, ?> partition,
            boolean tombstonesOnDelete,
            TransactionMetadata transactions,
            Supplier<Instant> clock) {
        this.partition = partition;
        this.tombstones = tombstonesOnDelete;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Map<String, ?> partition() {
        return partition;
    }

    /** END records name tables {@code catalog.schema.table}, as Debezium's Oracle connector. */
    public ChangeRecordFactory catalogInDataCollectionNames() {
        if (transactions != null) {
            transactions.catalogInNames();
        }
        return this;
    }

    /** True when {@code provide.transaction.metadata} is on. */
    public boolean providesTransactionMetadata() {
        return transactions != null;
    }

    /**
     * After a restart inside source transaction {@code txnId}: its BEGIN and the events before the restart point were
     * delivered. Call once when resuming, then {@link #replayed} for each event skipped over.
     */
    public void resumeTransaction(String txnId) {
        if (transactions != null) {
            transactions.resume(txnId);
        }
    }

    /** Counts an already delivered event of the resumed transaction, keeping the numbering of the later ones. */
    public void replayed(String txnId, TableId table) {
        if (transactions != null) {
            if (!txnId.equals(transactions.current())) {
                transactions.resume(txnId);
            }
            transactions.replayed(table);
        }
    }

    /**
     * Appends the records for one row change to {@code out}.
     *
     * @param before  the old row (null for inserts and reads; key columns only where the source gives no more)
     * @param after   the new row (null for deletes)
     * @param source  the filled {@code source} block
     * @param offset  the resume position after this change
     * @param tsMs    the change's commit time at the source (the BEGIN/END ts_ms)
     * @param txnId   the source transaction's id for the transaction metadata, or null (snapshot rows)
     * @param endsTxn this change is the last of its source transaction
     */
    public void emit(
            TableSchema table,
            Operation op,
            Object[] before,
            Object[] after,
            Struct source,
            Map<String, ?> offset,
            long tsMs,
            String txnId,
            boolean endsTxn,
            List<PendingRecord> out) {
        int first = out.size();
        Instant now = clock.get();
        beginIfNeeded(txnId, offset, tsMs, out);
        if (op == Operation.UPDATE && table.keyChanged(before, after)) {
            emitOne(table, Operation.DELETE, before, null, source, offset, tsMs, txnId, now, false, out);
            emitOne(table, Operation.CREATE, null, after, source, offset, tsMs, txnId, now, true, out);
        } else {
            emitOne(table, op, before, after, source, offset, tsMs, txnId, now, true, out);
        }
        finish(txnId, endsTxn, offset, tsMs, first, out);
    }

    private void emitOne(
            TableSchema table,
            Operation op,
            Object[] before,
            Object[] after,
            Struct source,
            Map<String, ?> offset,
            long tsMs,
            String txnId,
            Instant now,
            boolean resumable,
            List<PendingRecord> out) {
        Struct key = table.key(op == Operation.DELETE ? before : (after != null ? after : before));
        Struct value = Envelope.value(
                table.envelopeSchema(), op, table.row(before), table.row(after), source, block(txnId, table.id()), now);
        boolean tombstone = op == Operation.DELETE && tombstones;
        // No record timestamp, as Debezium: the producer stamps the send time (a commit time would let time-based
        // retention delete a caught-up backlog at once).
        SourceRecord record = new SourceRecord(
                partition, offset, table.topic(), null, table.keySchema(), key, table.envelopeSchema(), value, null);
        out.add(new PendingRecord(record, false, resumable && !tombstone));
        if (tombstone) {
            SourceRecord t =
                    new SourceRecord(partition, offset, table.topic(), null, table.keySchema(), key, null, null, null);
            out.add(new PendingRecord(t, false, resumable));
        }
    }

    /**
     * A truncate event ({@code op=t}): no rows, and a null key without a key schema (the table's key schema is
     * required, so converters would refuse a null key under it), as Debezium writes truncates. Only emitted when
     * {@code skipped.operations} does not hold 't' (the reader checks).
     */
    public void truncate(
            TableSchema table,
            Struct source,
            Map<String, ?> offset,
            long tsMs,
            String txnId,
            boolean endsTxn,
            List<PendingRecord> out) {
        int first = out.size();
        beginIfNeeded(txnId, offset, tsMs, out);
        Struct value = Envelope.value(
                table.envelopeSchema(), Operation.TRUNCATE, null, null, source, block(txnId, table.id()), clock.get());
        out.add(new PendingRecord(
                new SourceRecord(
                        partition, offset, table.topic(), null, null, null, table.envelopeSchema(), value, null),
                false,
                true));
        finish(txnId, endsTxn, offset, tsMs, first, out);
    }

    private void beginIfNeeded(String txnId, Map<String, ?> offset, long tsMs, List<PendingRecord> out) {
        if (transactions == null || txnId == null || txnId.equals(transactions.current())) {
            return;
        }
        if (transactions.current() != null) {
            // the previous transaction's last event was not marked (a reader that cannot tell): close it here
            out.add(new PendingRecord(transactions.end(partition, offset, tsMs), false, false));
        }
        // Not resumable: resuming at the BEGIN's offset (the first event's) would skip that event.
        out.add(new PendingRecord(transactions.begin(txnId, partition, offset, tsMs), false, false));
    }

    private Struct block(String txnId, TableId table) {
        return transactions == null || txnId == null ? null : transactions.next(table);
    }

    /** Marks where the source transaction ends: on the END record when there is one, else on the last record. */
    private void finish(
            String txnId, boolean endsTxn, Map<String, ?> offset, long tsMs, int first, List<PendingRecord> out) {
        if (!endsTxn || out.size() == first) {
            return;
        }
        if (transactions != null && txnId != null) {
            int last = out.size() - 1;
            PendingRecord p = out.get(last);
            out.set(last, new PendingRecord(p.record(), false, false)); // a restart there would lose the END
            out.add(new PendingRecord(transactions.end(partition, offset, tsMs), true, true));
        } else {
            int last = out.size() - 1;
            PendingRecord p = out.get(last);
            out.set(last, new PendingRecord(p.record(), true, p.resumable()));
        }
    }
}
