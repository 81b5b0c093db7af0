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
}
