package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class BinlogPositionTest {

    @Test
    void offsetsRoundTrip() {
        BinlogPosition inside = BinlogPosition.inside("uuid:1-5", "bin.000002", 400, "uuid:6", 3, 17);
        BinlogPosition back = BinlogPosition.fromOffset(inside.toOffset());
        assertEquals(inside, back);
        assertTrue(back.insideTransaction());
        BinlogPosition between = BinlogPosition.at(null, "bin.000001", 4);
        Map<String, Object> m = between.toOffset();
        assertFalse(m.containsKey("gtids"));
        assertFalse(m.containsKey("event"));
        assertEquals(between, BinlogPosition.fromOffset(m));
        BinlogPosition snap = between.snapshotAt("db.t", "1:5");
        assertEquals(snap, BinlogPosition.fromOffset(snap.toOffset()));
        assertNull(BinlogPosition.fromOffset(null));
    }

    /**
     * Debezium 3.6's offset after the second row of the row event that follows BEGIN and a table map: its event count
     * is kept for the binlog reader (DebeziumTakeoverTest), not read as our row-event index.
     */
    @Test
    void debeziumsOffsetInsideATransactionKeepsItsEventAndRowCounts() {
        Map<String, Object> debezium = Map.of(
                "ts_sec", 1_700_000_000L,
                "server_id", 1L,
                "gtids", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-41",
                "file", "binlog.000003",
                "pos", 1_234L,
                "event", 2L,
                "row", 2);
        BinlogPosition p = BinlogPosition.fromOffset(debezium);
        assertFalse(p.insideTransaction(), "Debezium's event count is not our row-event index");
        assertEquals(new BinlogPosition.DebeziumSkip(2, 2), p.debeziumSkip());
        assertFalse(p.toOffset().containsKey("event"), "never stored as ours");
        assertEquals("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-41", p.gtids());
        assertEquals("binlog.000003", p.file());
        assertEquals(1_234L, p.pos());
        assertFalse(p.snapshotting());
        // Between transactions Debezium's position is ours.
        assertEquals(
                BinlogPosition.at(null, "binlog.000004", 157),
                BinlogPosition.fromOffset(Map.of("ts_sec", 1L, "file", "binlog.000004", "pos", 157L)));
    }

    @Test
    void anInterruptedDebeziumSnapshotIsTakenAgain() {
        assertNull(BinlogPosition.fromOffset(
                Map.of("ts_sec", 1L, "file", "binlog.000001", "pos", 4L, "snapshot", "INITIAL")));
        assertNull(
                BinlogPosition.fromOffset(Map.of("ts_sec", 1L, "file", "binlog.000001", "pos", 4L, "snapshot", true)));
    }
}
