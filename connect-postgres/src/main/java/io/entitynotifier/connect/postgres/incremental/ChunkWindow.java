package io.entitynotifier.connect.postgres.incremental;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.offset.SnapshotKeyText;
import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.signal.IncrementalSnapshot;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.postgres.CapturedRelation;
import io.entitynotifier.connect.postgres.PostgresSourceInfo;

/**
 * A chunk read between its open and close watermarks, buffered by primary key: streamed changes of its table take
 * their keys out ({@link #changed}) until the close watermark arrives, then the rows left are emitted ({@link #emit}).
 */
final class ChunkWindow {

    private record Row(List<String> keyText, Object[] values) {}

    final String id;
    final String tableId;
    /** The state's {@code after} the chunk was read for. */
    final String after;

    private final CapturedRelation rel;
    private final List<Integer> keyIndexes;
    private final LinkedHashMap<Object, Row> rows = new LinkedHashMap<>();
    private List<String> lastRead;
    private boolean lastOfTable;
    private boolean closed;

    ChunkWindow(String id, String tableId, String after, CapturedRelation rel) {
        this.id = id;
        this.tableId = tableId;
        this.after = after;
        this.rel = rel;
        this.keyIndexes = keyIndexes(rel);
    }

    void add(List<String> keyText, Object[] values) {
        rows.put(key(values, keyIndexes), new Row(keyText, values));
        lastRead = keyText;
    }

    List<String> lastRead() {
        return lastRead;
    }

    void lastOfTable(boolean last) {
        lastOfTable = last;
    }

    boolean closed() {
        return closed;
    }

    void close() {
        closed = true;
    }

    /** A streamed change of this chunk's table (in {@code changedRel}'s schema) is about to be emitted. */
    void changed(CapturedRelation changedRel, Operation op, Object[] before, Object[] after) {
        if (op == Operation.TRUNCATE) {
            rows.clear();
            return;
        }
        List<Integer> idx = changedRel == rel ? keyIndexes : keyIndexes(changedRel);
        if (before != null) {
            rows.remove(key(before, idx));
        }
        if (after != null) {
            rows.remove(key(after, idx));
        }
    }

    /**
     * The rows left as {@code op=r} records, each with {@code offset} plus the state after it; advances the state
     * to the last key read (a row taken out still counts as read) and, for the table's last chunk, calls
     * {@code tableDone}.
     */
    List<PendingRecord> emit(
            IncrementalSnapshot state,
            Map<String, Object> offset,
            Long lsn,
            PostgresSourceInfo sourceInfo,
            ChangeRecordFactory factory,
            Runnable tableDone) {
        List<Row> left = new ArrayList<>(rows.values());
        List<PendingRecord> out = new ArrayList<>(left.size());
        long now = System.currentTimeMillis();
        TableId t = rel.schema().id();
        for (int i = 0; i < left.size(); i++) {
            Row r = left.get(i);
            boolean last = i == left.size() - 1;
            state.advance(SnapshotKeyText.encode(last ? lastRead : r.keyText()));
            if (last && lastOfTable) {
                tableDone.run();
            }
            Map<String, Object> o = new HashMap<>(offset);
            PostgresIncrementalSnapshot.put(o, state.encode());
            Struct source = sourceInfo.struct(
                    now * 1000L, SourceInfo.Snapshot.INCREMENTAL, t.catalog(), t.schema(), t.table(), null, lsn, null);
            int first = out.size();
            factory.emit(rel.schema(), Operation.READ, null, r.values(), source, o, now, null, last, out);
            if (!last) { // a chunk is one unit of the exactly-once path: a Kafka transaction ends after its last row
                for (int j = first; j < out.size(); j++) {
                    out.set(
                            j,
                            new PendingRecord(
                                    out.get(j).record(), false, out.get(j).resumable()));
                }
            }
        }
        if (left.isEmpty()) { // every row changed in the window: the state moves on with the next record
            if (lastRead != null) {
                state.advance(SnapshotKeyText.encode(lastRead));
            }
            if (lastOfTable) {
                tableDone.run();
            }
        }
        return out;
    }

    boolean lastOfTable() {
        return lastOfTable;
    }

    static List<Integer> keyIndexes(CapturedRelation rel) {
        List<Integer> out = new ArrayList<>();
        List<Column> cols = rel.schema().columns();
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).primaryKey()) {
                out.add(i);
            }
        }
        return out;
    }

    /** A row's primary key as a value with content equality (bytes compare by content). */
    private static Object key(Object[] row, List<Integer> keyIndexes) {
        List<Object> k = new ArrayList<>(keyIndexes.size());
        for (int i : keyIndexes) {
            Object v = row[i];
            k.add(v instanceof byte[] b ? ByteBuffer.wrap(b) : v);
        }
        return k;
    }
}
