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
}
