package io.entitynotifier.connect.mysql.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.DecimalHandlingMode;

class TypeMapperTest {

    private final TypeMapper precise = new TypeMapper(DecimalHandlingMode.PRECISE, true);
    private final TypeMapper longMode = new TypeMapper(DecimalHandlingMode.PRECISE, false);

    private static MySqlColumn col(MySqlType type, boolean unsigned) {
        return new MySqlColumn("c", type, unsigned, 0, 0, 0, 0, null, List.of(), true, false);
    }

    private static MySqlColumn col(MySqlType type, int length, List<String> values) {
        return new MySqlColumn("c", type, false, length, 0, 0, 0, StandardCharsets.UTF_8, values, true, false);
    }

    @Test
    void unsignedIntegersFromTheirSignedBinlogForm() {
        assertEquals((short) 255, precise.fromBinlog(col(MySqlType.TINYINT, true), -1));
        assertEquals((short) -1, precise.fromBinlog(col(MySqlType.TINYINT, false), -1));
        assertEquals(65535, precise.fromBinlog(col(MySqlType.SMALLINT, true), -1));
        assertEquals(16777215, precise.fromBinlog(col(MySqlType.MEDIUMINT, true), -1));
        assertEquals(4294967295L, precise.fromBinlog(col(MySqlType.INT, true), -1));
        assertEquals(new BigDecimal("18446744073709551615"), precise.fromBinlog(col(MySqlType.BIGINT, true), -1L));
        assertEquals(5L, longMode.fromBinlog(col(MySqlType.BIGINT, true), 5L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> longMode.fromBinlog(col(MySqlType.BIGINT, true), -1L));
        assertTrue(e.getMessage().contains("bigint.unsigned.handling.mode=precise"));
    }

    @Test
    void bitsAreLittleEndianAndPadded() {
        BitSet b = new BitSet();
        b.set(0);
        b.set(9);
        assertArrayEquals(new byte[] {1, 2}, (byte[]) precise.fromBinlog(col(MySqlType.BIT, 10, List.of()), b));
        assertArrayEquals(new byte[] {0, 0}, (byte[]) precise.fromBinlog(col(MySqlType.BIT, 16, List.of()),
                new BitSet()));
        assertEquals(true, precise.fromBinlog(col(MySqlType.BIT, 1, List.of()), b));
    }

    @Test
    void binaryIsPaddedEnumAndSetAreNamed() {
        assertArrayEquals(new byte[] {1, 0, 0}, (byte[]) precise.fromBinlog(col(MySqlType.BINARY, 3, List.of()),
                new byte[] {1}));
        assertEquals("b", precise.fromBinlog(col(MySqlType.ENUM, 0, List.of("a", "b")), 2));
        assertEquals("", precise.fromBinlog(col(MySqlType.ENUM, 0, List.of("a", "b")), 0));
        assertEquals("a,c", precise.fromBinlog(col(MySqlType.SET, 0, List.of("a", "b", "c")), 5L));
    }

    @Test
    void temporalValues() {
        MySqlColumn date = col(MySqlType.DATE, false);
        assertEquals(new Date(19782L * 86_400_000L), precise.temporal(date, "2024-02-29"));
        assertNull(precise.temporal(date, "0000-00-00"));
        MySqlColumn ts = col(MySqlType.TIMESTAMP, false);
        assertEquals("2024-02-29T13:14:15.12Z", precise.temporal(ts, "2024-02-29 13:14:15.120"));
        assertEquals("2024-02-29T13:14:15.12Z", precise.fromBinlog(ts, 1709212455120000L));
        MySqlColumn time = col(MySqlType.TIME, false);
        assertEquals(new Date(47655500L), precise.temporal(time, "13:14:15.500"));
        assertThrows(IllegalArgumentException.class, () -> precise.temporal(time, "-01:00:00"));
        assertThrows(IllegalArgumentException.class, () -> precise.temporal(time, "25:00:00"));
        assertEquals(-3_723_456_000L, TypeMapper.parseTimeMicros("-01:02:03.456"));
        assertEquals(0, precise.fromBinlog(col(MySqlType.YEAR, false), 1900));
        assertEquals(2024, precise.temporal(col(MySqlType.YEAR, false), "2024"));
    }
}
