package io.entitynotifier.connect.common.event;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.common.schema.TableId;

/**
 * Numbers the events of one source transaction for the envelope's {@code transaction} block: {@code total_order}
 * over the whole transaction and {@code data_collection_order} per table, both starting at 1. A reader calls
 * {@link #begin} at each source transaction and {@link #next} for each event in it. When a transaction resumes after a
 * restart in its middle, {@link #resume} restores {@code total_order} from the offset; per-table counters then
 * restart from the events replayed after it (a connector that needs them exact replays the delivered events).
 */
public final class TransactionBlock {

    private String id;
    private long totalOrder;
    private final Map<TableId, long[]> perTable = new HashMap<>();

    public void begin(String transactionId) {
        id = transactionId;
        totalOrder = 0;
        perTable.clear();
    }

    /** Restores {@code total_order} after {@code eventsDone} events of the transaction were already delivered. */
    public void resume(String transactionId, long eventsDone) {
        begin(transactionId);
        totalOrder = eventsDone;
    }

    public String id() {
        return id;
    }

    /** Events of the current transaction handed out so far. */
    public long count() {
        return totalOrder;
    }

    public Struct next(TableId table) {
        if (id == null) {
            return null;
        }
        totalOrder++;
        long[] n = perTable.computeIfAbsent(table, t -> new long[1]);
        n[0]++;
        Struct s = new Struct(Envelope.TRANSACTION_SCHEMA);
        s.put("id", id);
        s.put("total_order", totalOrder);
        s.put("data_collection_order", n[0]);
        return s;
    }
}
