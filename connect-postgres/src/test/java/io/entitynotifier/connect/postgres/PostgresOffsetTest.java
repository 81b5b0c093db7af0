package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PostgresOffsetTest {

    @Test
    void roundTripsEachKindOfPosition() {
        PostgresOffset between = PostgresOffset.betweenTransactions(1000, 7L);
        PostgresOffset inside = PostgresOffset.insideTransaction(900, 8, 42);
        PostgresOffset snapshot = PostgresOffset.snapshot(800, "public.t", Arrays.asList("1", null, "a:b", ""));
        for (PostgresOffset o : List.of(between, inside, snapshot)) {
            assertEquals(o, PostgresOffset.fromMap(o.toMap()));
        }
        assertTrue(inside.insideTransaction());
        assertFalse(between.insideTransaction());
        assertTrue(snapshot.snapshotRunning());
        assertNull(PostgresOffset.fromMap(null));
    }

    @Test
    void onlyPositionsBetweenTransactionsAreConfirmable() {
        assertEquals(1000, PostgresOffset.confirmableLsn(PostgresOffset.betweenTransactions(1000, 7L).toMap()));
        assertEquals(-1, PostgresOffset.confirmableLsn(PostgresOffset.insideTransaction(900, 8, 1).toMap()));
        assertEquals(-1, PostgresOffset.confirmableLsn(PostgresOffset.snapshot(800, "s.t", List.of("1")).toMap()));
    }

    @Test
    void snapshotKeyEncodingKeepsDelimitersAndNulls() {
        List<String> key = Arrays.asList("12:3", null, "-", "", "x");
        assertEquals(key, PostgresOffset.decodeKey(PostgresOffset.encodeKey(key)));
        assertEquals(List.of(), PostgresOffset.decodeKey(PostgresOffset.encodeKey(List.of())));
        Map<String, Object> m = PostgresOffset.snapshot(1, "s.t", List.of()).toMap();
        assertEquals(List.of(), PostgresOffset.fromMap(m).snapshotKey(), "a complete keyless table");
    }
}
