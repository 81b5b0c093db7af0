package io.entitynotifier.connect.common.offset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SnapshotKeyTextTest {

    @Test
    void roundTripsValuesThatLookLikeSeparators() {
        List<String> key = List.of("a:b", "12", "", "3:xyz", "ünïcode");
        assertEquals(key, SnapshotKeyText.decode(SnapshotKeyText.encode(key)));
        assertEquals("4:2399", SnapshotKeyText.encode(List.of("2399")));
        assertEquals(List.of(), SnapshotKeyText.decode(""));
    }

    @Test
    void malformedTextIsRefusedNamingIt() {
        for (String bad : List.of("5:abc", "x:abc", "abc", "-1:a")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> SnapshotKeyText.decode(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
