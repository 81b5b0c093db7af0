package io.entitynotifier.connect.mysql.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class SnapshotKeyTest {

    @Test
    void roundTripsValuesThatLookLikeSeparators() {
        List<String> key = List.of("a:b", "12", "", "3:xyz");
        assertEquals(key, SnapshotKey.decode(SnapshotKey.encode(key)));
        assertEquals("4:2399", SnapshotKey.encode(List.of("2399")));
    }
}
