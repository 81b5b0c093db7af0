package io.entitynotifier.connect.mysql.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.mysql.BinlogPosition;

/**
 * The offset translation from Debezium's {@code event}/{@code row} (events counted from the transaction's BEGIN, then
 * rows of the next row event) to the handler's row-event skip, for every point Debezium could have stopped at in a
 * transaction of several row events, table maps and a query-log event.
 */
class DebeziumTakeoverTest {

    private static final String FILE = "binlog.000003";
    private static final String GTIDS = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-41";

    /** One transaction as MySQL 8 writes it: GTID, BEGIN, then per statement table map and row event, XID. */
    private static final List<Object[]> TXN = List.of(
            new Object[] {EventType.GTID, 0},
            new Object[] {EventType.QUERY, "BEGIN"},
            new Object[] {EventType.TABLE_MAP, 0},
            new Object[] {EventType.EXT_WRITE_ROWS, 3},
            new Object[] {EventType.ROWS_QUERY, 0},
            new Object[] {EventType.TABLE_MAP, 0},
            new Object[] {EventType.EXT_UPDATE_ROWS, 1},
            new Object[] {EventType.TABLE_MAP, 0},
            new Object[] {EventType.EXT_DELETE_ROWS, 4},
            new Object[] {EventType.XID, 0});

    private static final long GTID_POS = 1_000;
    private static final long BEGIN_POS = 1_079;

    @Test
    void everyDebeziumStopInsideATransactionContinuesWithTheNextRow() {
        List<int[]> rows = allRows(); // {row event index, row}, in binlog order
        List<Map<String, Object>> offsets = debeziumOffsets();
        assertEquals(rows.size(), offsets.size());
        for (int cut = 0; cut < rows.size(); cut++) {
            BinlogPosition p = BinlogPosition.fromOffset(offsets.get(cut));
            assertEquals(FILE, p.file());
            assertEquals(BEGIN_POS, p.pos());
            assertEquals(GTIDS, p.gtids());
            assertFalse(p.insideTransaction(), "not our own event index");
            List<int[]> delivered = replay(DebeziumTakeover.of(p), FILE);
            assertEquals(
                    rows.subList(cut + 1, rows.size()).stream()
                            .map(r -> r[0] + ":" + r[1])
                            .toList(),
                    delivered.stream().map(r -> r[0] + ":" + r[1]).toList(),
                    "after Debezium's offset " + offsets.get(cut));
        }
    }

    @Test
    void aTransactionAtAnotherPositionIsNotSkipped() {
        BinlogPosition p = BinlogPosition.fromOffset(debeziumOffsets().get(4));
        assertEquals(
                allRows().size(),
                replay(DebeziumTakeover.of(p), "binlog.000004").size());
        BinlogPosition elsewhere = BinlogPosition.fromOffset(
                Map.of("ts_sec", 1L, "server_id", 1L, "file", FILE, "pos", BEGIN_POS + 1, "event", 3L, "row", 1));
        assertEquals(
                allRows().size(), replay(DebeziumTakeover.of(elsewhere), FILE).size());
    }

    @Test
    void aBrokenConnectionWhileSkippingStartsOverAtDebeziumsPosition() {
        BinlogPosition p = BinlogPosition.fromOffset(debeziumOffsets().get(5)); // 2nd row of the last row event
        DebeziumTakeover t = DebeziumTakeover.of(p);
        assertFalse(t.restartNeeded(), "nothing read yet");
        t.event(event(EventType.GTID, null, GTID_POS), FILE);
        t.event(event(EventType.QUERY, "BEGIN", BEGIN_POS), FILE);
        t.event(event(EventType.TABLE_MAP, null, BEGIN_POS + 10), FILE);
        assertTrue(t.restartNeeded());
        assertEquals(BinlogPosition.at(GTIDS, FILE, BEGIN_POS), t.start());
        List<int[]> delivered = replay(t, FILE);
        assertEquals(
                List.of("2:2", "2:3"),
                delivered.stream().map(r -> r[0] + ":" + r[1]).toList());
    }

    @Test
    void offsetsWithoutAnEventCountAreBetweenTransactions() {
        assertNull(DebeziumTakeover.of(
                BinlogPosition.fromOffset(Map.of("ts_sec", 1L, "file", FILE, "pos", 2_000L, "gtids", GTIDS))));
        // Debezium writes a row without an event count only outside a transaction, with pos already after the event
        BinlogPosition p = BinlogPosition.fromOffset(Map.of("ts_sec", 1L, "file", FILE, "pos", 2_000L, "row", 2));
        assertNull(p.debeziumSkip());
        assertEquals(BinlogPosition.at(null, FILE, 2_000L), p);
    }

    /** Debezium's offset after each row it delivers (its BinlogOffsetContext: events completed since BEGIN, row+1). */
    private static List<Map<String, Object>> debeziumOffsets() {
        List<Map<String, Object>> out = new ArrayList<>();
        long completed = -1; // not in a transaction
        for (Object[] e : TXN) {
            EventType type = (EventType) e[0];
            if (type == EventType.QUERY) {
                completed = 0; // startNextTransaction
            } else if (e[1] instanceof Integer n && n > 0) {
                for (int j = 0; j < n; j++) {
                    out.add(Map.of(
                            "ts_sec", 1_700_000_000L,
                            "server_id", 1L,
                            "gtids", GTIDS,
                            "file", FILE,
                            "pos", BEGIN_POS,
                            "event", completed,
                            "row", j + 1));
                }
            }
            if (completed >= 0) {
                completed++; // completeEvent
            }
        }
        return out;
    }

    private static List<int[]> allRows() {
        return replay(null, FILE);
    }

    /** What the handler delivers when it reads the transaction again with {@code t}: {row event index, row}. */
    private static List<int[]> replay(DebeziumTakeover t, String file) {
        List<int[]> out = new ArrayList<>();
        long pos = GTID_POS;
        int rowEvent = -1;
        BinlogPosition activeSkip = null;
        for (Object[] e : TXN) {
            EventType type = (EventType) e[0];
            if (type == EventType.QUERY) {
                pos = BEGIN_POS;
            }
            Event ev = event(type, type == EventType.QUERY ? (String) e[1] : null, pos);
            if (t != null) {
                t.event(ev, file);
            }
            if (e[1] instanceof Integer n && n > 0) {
                rowEvent++;
                if (t != null) {
                    activeSkip = t.skipFor(rowEvent, activeSkip, GTIDS, file, GTID_POS, null);
                }
                for (int j = 0; j < n; j++) {
                    boolean skipped = activeSkip != null
                            && (rowEvent < activeSkip.event()
                                    || (rowEvent == activeSkip.event() && j < activeSkip.row()));
                    if (!skipped) {
                        out.add(new int[] {rowEvent, j});
                    }
                }
            }
            pos += 100;
        }
        return out;
    }

    private static Event event(EventType type, String sql, long pos) {
        EventHeaderV4 h = new EventHeaderV4();
        h.setEventType(type);
        h.setEventLength(50);
        h.setNextPosition(pos + 50);
        EventData data = null;
        if (sql != null) {
            QueryEventData q = new QueryEventData();
            q.setSql(sql);
            data = q;
        }
        return new Event(h, data);
    }
}
