package io.entitynotifier.connect.mysql.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.mysql.BinlogPosition;
import io.entitynotifier.connect.mysql.MySqlSourceInfo;
import io.entitynotifier.connect.mysql.schema.CapturedTable;
import io.entitynotifier.connect.mysql.schema.MySqlColumn;
import io.entitynotifier.connect.mysql.schema.MySqlType;
import io.entitynotifier.connect.mysql.schema.TypeMapper;
import io.entitynotifier.connect.mysql.snapshot.SnapshotCatchUp.Verdict;

class ResumedRangesTest {

    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final BinlogPosition P2 = BinlogPosition.at(UUID + ":1-20", "mysql-bin.000002", 500);
    private static final BinlogPosition P3 = BinlogPosition.at(UUID + ":1-30", "mysql-bin.000010", 100);

    @Test
    void offsetsWithoutTheFieldHaveNoRangeAndTheFieldRoundTrips() {
        assertSame(ResumedRanges.NONE, ResumedRanges.fromOffset(Map.of("file", "f", "pos", 4L)));
        ResumedRanges r = ResumedRanges.NONE
                .resumedAfter("db.a", "2:17", P2)
                .resumedAfter("db.b", null, BinlogPosition.at(null, "mysql-bin.000010", 100));
        Map<String, Object> offset = r.addTo(new HashMap<>(Map.of("file", "f")));
        ResumedRanges back = ResumedRanges.fromOffset(offset);
        assertEquals(r.ranges(), back.ranges());
        assertEquals(2, back.ranges().size());
        assertEquals(null, back.ranges().get(1).key());
        assertEquals(null, back.ranges().get(1).point().gtids());
        assertFalse(ResumedRanges.NONE.addTo(new HashMap<>()).containsKey(ResumedRanges.OFFSET_KEY));
        assertThrows(
                IllegalArgumentException.class,
                () -> ResumedRanges.fromOffset(Map.of(ResumedRanges.OFFSET_KEY, "3:abc")));
    }

    @Test
    void aResumeAtTheLastBoundaryReplacesItsRange() {
        ResumedRanges r = ResumedRanges.NONE.resumedAfter("db.a", "2:17", P2).resumedAfter("db.a", "2:17", P3);
        assertEquals(1, r.ranges().size());
        assertEquals(P3, r.ranges().get(0).point());
        assertEquals(2, r.resumedAfter("db.a", "2:90", P3).ranges().size());
    }

    @Test
    void transactionsBeforeAPointByGtidOrByPosition() {
        assertTrue(ResumedRanges.before(UUID + ":20", "x", 0, P2, false));
        assertFalse(ResumedRanges.before(UUID + ":21", "x", 0, P2, false));
        assertTrue(ResumedRanges.before(null, "mysql-bin.000002", 499, P2, false));
        assertFalse(ResumedRanges.before(null, "mysql-bin.000002", 500, P2, false));
        assertTrue(ResumedRanges.before(null, "mysql-bin.000001", 9_999, P2, false));
        assertFalse(ResumedRanges.before(null, "mysql-bin.000010", 4, P2, false)); // 10 > 2, not by text
        BinlogPosition maria = BinlogPosition.at("0-1-20", "mysql-bin.000002", 500);
        assertTrue(ResumedRanges.before("0-1-20", "x", 0, maria, true));
        assertFalse(ResumedRanges.before("0-1-21", "x", 0, maria, true));
    }

    @Test
    void passedOnlyWhenEveryPointIsBehind() {
        ResumedRanges r = ResumedRanges.NONE.resumedAfter("db.a", "1:5", P2).resumedAfter("db.a", "2:50", P3);
        assertFalse(r.passedBy(BinlogPosition.at(UUID + ":1-25", "mysql-bin.000005", 4), false));
        assertTrue(r.passedBy(BinlogPosition.at(UUID + ":1-30", "mysql-bin.000010", 100), false));
        assertTrue(r.passedBy(BinlogPosition.inside(UUID + ":1-31", "mysql-bin.000011", 4, UUID + ":32", 0, 0), false));
        assertFalse(r.passedBy(BinlogPosition.at(null, "mysql-bin.000010", 99), false));
        assertTrue(r.passedBy(BinlogPosition.at(null, "mysql-bin.000010", 100), false));
    }

    private static CapturedTable keyless(String table) {
        List<MySqlColumn> cols =
                List.of(new MySqlColumn("x", MySqlType.INT, false, 0, 0, 0, 0, null, List.of(), true, false));
        return CapturedTable.of(
                "p",
                new TableId("db", null, table),
                cols,
                new boolean[] {true},
                new TypeMapper(),
                new MySqlSourceInfo("p").schema());
    }

    @Test
    void tablesAfterABoundaryDropTheChangesTheirPointHolds() {
        // first snapshot stopped after table db.b was complete; resumed at P2, stopped after db.c, resumed at P3
        ResumedRanges r = ResumedRanges.NONE.resumedAfter("db.b", null, P2).resumedAfter("db.c", null, P3);
        SnapshotCatchUp catchUp = new SnapshotCatchUp(r, false, () -> {
            throw new AssertionError("no key comparison for key-less tables");
        });
        Serializable[] row = {1};
        String inP2 = UUID + ":15";
        String inP3 = UUID + ":25";
        String after = UUID + ":31";
        // db.a, db.b: read at P1, everything delivered
        assertEquals(Verdict.KEEP, catchUp.verdict(inP2, "f", 1, keyless("a"), null, row));
        assertEquals(Verdict.KEEP, catchUp.verdict(inP2, "f", 2, keyless("b"), row, null));
        // db.c: read at P2
        assertEquals(Verdict.DROP, catchUp.verdict(inP2, "f", 3, keyless("c"), row, row));
        assertEquals(Verdict.KEEP, catchUp.verdict(inP3, "f", 4, keyless("c"), row, row));
        // db.d: read at P3
        assertEquals(Verdict.DROP, catchUp.verdict(inP2, "f", 5, keyless("d"), null, row));
        assertEquals(Verdict.DROP, catchUp.verdict(inP3, "f", 6, keyless("d"), row, null));
        assertEquals(Verdict.KEEP, catchUp.verdict(after, "f", 7, keyless("d"), row, row));
        catchUp.close();
    }
}
