package io.entitynotifier.connect.mysql.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** MySQL's binary row formats of the temporal types, encoded here as the server's my_time.cc encodes them. */
class BinlogCellsTest {

    private static ByteArrayInputStream in(long value, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = bytes - 1; i >= 0; i--) {
            b[i] = (byte) value;
            value >>= 8;
        }
        return new ByteArrayInputStream(b);
    }

    /** TIME2 as MySQL packs it: int part (hours<<12 | minutes<<6 | seconds) and fraction, signed, offset-binary. */
    private static ByteArrayInputStream time2(boolean negative, int h, int m, int s, long micros, int fsp) {
        int fracBytes = (fsp + 1) / 2;
        long intPart = ((long) h << 12) | ((long) m << 6) | s;
        long frac = switch (fracBytes) {
            case 1 -> micros / 10_000;
            case 2 -> micros / 100;
            case 3 -> micros;
            default -> 0;
        };
        long packed = (intPart << (fracBytes * 8)) | frac;
        if (negative) {
            packed = -packed;
        }
        int bytes = 3 + fracBytes;
        return in(packed + (1L << (bytes * 8 - 1)), bytes);
    }

    @Test
    void timeV2CoversTheWholeRangeIncludingNegatives() throws Exception {
        long max = ((838L * 60 + 59) * 60 + 59) * 1_000_000L;
        assertEquals(max, BinlogCells.timeV2(0, time2(false, 838, 59, 59, 0, 0)));
        assertEquals(-max, BinlogCells.timeV2(0, time2(true, 838, 59, 59, 0, 0)));
        assertEquals(-max, BinlogCells.timeV2(6, time2(true, 838, 59, 59, 0, 6)));
        assertEquals(-500_000L, BinlogCells.timeV2(1, time2(true, 0, 0, 0, 500_000, 1)));
        assertEquals(-(3_723_000_000L + 450_000L), BinlogCells.timeV2(4, time2(true, 1, 2, 3, 450_000, 4)));
        assertEquals(47_655_123_456L, BinlogCells.timeV2(6, time2(false, 13, 14, 15, 123_456, 6)));
        assertEquals(0L, BinlogCells.timeV2(0, time2(false, 0, 0, 0, 0, 0)));
    }

    @Test
    void datesAreProlepticGregorianAndZeroDatesNull() throws Exception {
        // DATE: year*16*32 + month*32 + day, 3 bytes little-endian
        int v = (1000 * 16 + 1) * 32 + 1;
        assertEquals(LocalDate.of(1000, 1, 1), BinlogCells.date(new ByteArrayInputStream(new byte[] {
            (byte) v, (byte) (v >> 8), (byte) (v >> 16)
        })));
        assertNull(BinlogCells.date(new ByteArrayInputStream(new byte[] {0, 0, 0})));
        // DATETIME2: sign bit, year*13+month (17 bits), day (5), hour (5), minute (6), second (6)
        long ym = 1000L * 13 + 1;
        long packed = (1L << 39) | (ym << 22) | (1L << 17) | (2L << 12) | (3L << 6) | 4;
        assertEquals(LocalDateTime.of(1000, 1, 1, 2, 3, 4), BinlogCells.datetimeV2(0, in(packed, 5)));
        long zero = 1L << 39;
        assertNull(BinlogCells.datetimeV2(0, in(zero, 5)));
        byte[] withFraction = new byte[8];
        System.arraycopy(in(packed, 5).read(5), 0, withFraction, 0, 5);
        withFraction[5] = 0x01; // 123456 = 0x01E240
        withFraction[6] = (byte) 0xE2;
        withFraction[7] = 0x40;
        assertEquals(
                LocalDateTime.of(1000, 1, 1, 2, 3, 4, 123_456_000),
                BinlogCells.datetimeV2(6, new ByteArrayInputStream(withFraction)));
    }

    @Test
    void timestampsAndYears() throws Exception {
        assertEquals(
                Instant.ofEpochSecond(1709212455, 120_000_000),
                BinlogCells.timestampV2(
                        3, new ByteArrayInputStream(new byte[] {0x65, (byte) 0xe0, (byte) 0x83, 0x27, 0x04, (byte) 0xb0
                        })));
        assertNull(BinlogCells.timestampV2(0, new ByteArrayInputStream(new byte[4])));
        assertEquals(2024, BinlogCells.year(new ByteArrayInputStream(new byte[] {124})));
        assertEquals(1900, BinlogCells.year(new ByteArrayInputStream(new byte[] {0})));
    }

    /** A v4 event header (19 bytes, little-endian) followed by {@code body}. */
    private static byte[] event(int type, long nextPosition, byte[] body) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(19 + body.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(1_700_000_000)
                .put((byte) type)
                .putInt(7)
                .putInt(19 + body.length)
                .putInt((int) nextPosition);
        b.putShort((short) 0).put(body);
        return b.array();
    }

    @Test
    void compressedTransactionsAreDecodedAndTakeThePayloadsPosition() throws Exception {
        byte[] xid = event(
                16,
                0,
                java.nio.ByteBuffer.allocate(8)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .putLong(4242L)
                        .array());
        byte[] compressed = com.github.luben.zstd.Zstd.compress(xid);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        // fields (type, length, value) as packed integers below 251: size, compression type ZSTD (0), uncompressed size
        body.write(new byte[] {1, 1, (byte) compressed.length, 2, 1, 0, 3, 1, (byte) xid.length, 0});
        body.write(compressed);
        byte[] outer = event(40, 5000, body.toByteArray());
        com.github.shyiko.mysql.binlog.event.Event e =
                BinlogCells.eventDeserializer().nextEvent(new ByteArrayInputStream(outer));
        com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData p = e.getData();
        assertEquals(1, p.getUncompressedEvents().size());
        com.github.shyiko.mysql.binlog.event.Event inner = BinlogCells.inPayload(
                p.getUncompressedEvents().get(0), (com.github.shyiko.mysql.binlog.event.EventHeaderV4) e.getHeader());
        assertEquals(
                com.github.shyiko.mysql.binlog.event.EventType.XID,
                inner.getHeader().getEventType());
        assertEquals(4242L, ((com.github.shyiko.mysql.binlog.event.XidEventData) inner.getData()).getXid());
        com.github.shyiko.mysql.binlog.event.EventHeaderV4 h = inner.getHeader();
        assertEquals(5000, h.getNextPosition());
        assertEquals(5000 - outer.length, h.getPosition());
    }
}
