package io.entitynotifier.connect.common.txn;

import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record on its way to Connect, with what the boundary logic needs to know about it.
 *
 * @param endsSourceTransaction the last record of a source transaction (or a record outside any, like a heartbeat):
 *                              a Kafka transaction may end here
 * @param resumable             the record's offset is a point a restart can resume from without repeating or losing
 *                              anything; false for records that share their offset with the next one (the delete and
 *                              tombstone before the create of a key-changing update)
 * @param bytes                 the record's {@linkplain RecordSizeEstimator estimated} bytes, or {@link #UNKNOWN}
 */
public record PendingRecord(SourceRecord record, boolean endsSourceTransaction, boolean resumable, long bytes) {

    public static final long UNKNOWN = -1;

    public PendingRecord(SourceRecord record, boolean endsSourceTransaction, boolean resumable) {
        this(record, endsSourceTransaction, resumable, UNKNOWN);
    }

    /**
     * The estimated bytes: measured when the record was queued (on the reader thread, off the poll thread's critical
     * path), else now.
     */
    public long estimatedBytes() {
        return bytes >= 0 ? bytes : RecordSizeEstimator.estimate(record);
    }

    PendingRecord measured() {
        return bytes >= 0
                ? this
                : new PendingRecord(record, endsSourceTransaction, resumable, RecordSizeEstimator.estimate(record));
    }

    public static PendingRecord inside(SourceRecord record) {
        return new PendingRecord(record, false, true);
    }

    public static PendingRecord last(SourceRecord record) {
        return new PendingRecord(record, true, true);
    }
}
