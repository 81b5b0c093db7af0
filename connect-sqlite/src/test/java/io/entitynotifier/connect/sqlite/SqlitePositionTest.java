package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.offset.SnapshotKeyText;

/** Snapshot keys in offsets: written with the common encoder, and offsets of earlier versions still read. */
class SqlitePositionTest {

    @Test
    void keysAreWrittenWithTheCommonEncoderAndReadBack() {
        List<Object> key = Arrays.asList(7L, -1.5, "k:1\"x", new byte[] {0x0a, (byte) 0xff}, null, "");
        Map<String, Object> offset = new SqlitePosition(12, "t", key).toOffset();
        String text = (String) offset.get(SqlitePosition.SNAPSHOT_AFTER);
        assertEquals(List.of("i7", "f-1.5", "sk:1\"x", "b0aff", "n", "s"), SnapshotKeyText.decode(text));
        SqlitePosition back = SqlitePosition.fromOffset(offset);
        assertEquals(12, back.seq());
        assertEquals("t", back.snapshotTable());
        assertEquals(7L, back.snapshotAfter().get(0));
        assertEquals(-1.5, back.snapshotAfter().get(1));
        assertEquals("k:1\"x", back.snapshotAfter().get(2));
        assertArrayEquals(
                new byte[] {0x0a, (byte) 0xff}, (byte[]) back.snapshotAfter().get(3));
        assertNull(back.snapshotAfter().get(4));
        assertEquals("", back.snapshotAfter().get(5));
    }

    @Test
    void legacyJsonOffsetIsStillRead() {
        // What KeyText of earlier versions stored for the key (42, 'k00001', x'0aff', 1.5, NULL).
        Map<String, Object> offset = new HashMap<>();
        offset.put("seq", 99L);
        offset.put("snapshot", true);
        offset.put("snapshot_table", "b");
        offset.put("snapshot_after", "{\"0\":42,\"1\":\"k00001\",\"2\":{\"b\":\"0aff\"},\"3\":1.5,\"4\":null}");
        SqlitePosition p = SqlitePosition.fromOffset(offset);
        assertEquals(99, p.seq());
        assertEquals("b", p.snapshotTable());
        assertEquals(42L, p.snapshotAfter().get(0));
        assertEquals("k00001", p.snapshotAfter().get(1));
        assertArrayEquals(
                new byte[] {0x0a, (byte) 0xff}, (byte[]) p.snapshotAfter().get(2));
        assertEquals(1.5, p.snapshotAfter().get(3));
        assertNull(p.snapshotAfter().get(4));
        assertEquals(5, p.snapshotAfter().size());
        // Written again, the position uses the common encoder.
        assertEquals(
                "i42",
                SnapshotKeyText.decode((String) p.toOffset().get("snapshot_after"))
                        .get(0));
    }
}
