package io.entitynotifier.connect.postgres;

import java.util.List;

import io.entitynotifier.connect.common.txn.PendingRecord;

/** Where the readers put records, in order; blocks while Connect is behind. */
@FunctionalInterface
public interface RecordSink {
    void accept(List<PendingRecord> records) throws InterruptedException;
}
