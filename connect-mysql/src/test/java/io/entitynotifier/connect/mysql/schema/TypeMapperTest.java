package io.entitynotifier.connect.mysql.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.Date;
import java.util.List;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;

/** Values as Debezium 3.6's MySQL connector gives them (BinlogValueConverters, JdbcValueConverters). */
class TypeMapperTest {

    private final TypeMapper debezium = new TypeMapper();
    private final TypeMapper precise = new TypeMapper(
            DecimalHandlingMode.PRECISE, true, TemporalMode.ADAPTIVE_TIME_MICROSECONDS, BinaryHandlingMode.BYTES);
    private final TypeMapper connect =
            new TypeMapper(DecimalHandlingMode.PRECISE, false, TemporalMode.CONNECT, BinaryHandlingMode.BYTES);

    private static MySqlColumn col(MySqlType type, boolean unsigned) {
        return new MySqlColumn("c", type, unsigned, 0, 0, 0, 0, null, List.of(), true, false);
    }

    private static MySqlColumn col(MySqlType type, int length, List<String> values) {
        return new MySqlColumn("c", type, false, length, 0, 0, 0, StandardCharsets.UTF_8, values, true, false);
    }

    private static MySqlColumn temporal(MySqlType type, int fsp, boolean nullable) {
        return new MySqlColumn("c", type, false, 0, 0, 0, fsp, null, List.of(), nullable, false);
    }

    private Object binlog(TypeMapper m, MySqlColumn c, java.io.Serializable v) {
        return m.fromBinlog(c, m.schema(c), v);
    }

    @Test
    void unsignedIntegersFromTheirSignedBinlogForm() {
        assertEquals((short) 255, binlog(debezium, col(MySqlType.TINYINT, true), -1));
        assertEquals((short) -1, binlog(debezium, col(MySqlType.TINYINT, false), -1));
        assertEquals(65535, binlog(debezium, col(MySqlType.SMALLINT, true), -1));
        assertEquals(16777215, binlog(debezium, col(MySqlType.MEDIUMINT, true), -1));
        assertEquals(4294967295L, binlog(debezium, col(MySqlType.INT, true), -1));
        assertEquals(new BigDecimal("18446744073709551615"), binlog(precise, col(MySqlType.BIGINT, true), -1L));
        assertEquals(5L, binlog(debezium, col(MySqlType.BIGINT, true), 5L));
        // bigint.unsigned.handling.mode=long (Debezium's default) wraps, as Debezium does
        assertEquals(-1L, binlog(debezium, col(MySqlType.BIGINT, true), -1L));
        assertEquals(
                Schema.Type.INT64, debezium.schema(col(MySqlType.BIGINT, true)).type());
        assertEquals(
                "20", precise.schema(col(MySqlType.BIGINT, true)).parameters().get("connect.decimal.precision"));
    }

    @Test
    void bitsAreLittleEndianAndPadded() {
        BitSet b = new BitSet();
        b.set(0);
        b.set(9);
        assertArrayEquals(new byte[] {1, 2}, (byte[]) binlog(debezium, col(MySqlType.BIT, 10, List.of()), b));
        assertArrayEquals(
                new byte[] {0, 0}, (byte[]) binlog(debezium, col(MySqlType.BIT, 16, List.of()), new BitSet()));
        assertEquals(true, binlog(debezium, col(MySqlType.BIT, 1, List.of()), b));
    }

    @Test
    void binaryIsPaddedEnumAndSetAreNamed() {
        assertArrayEquals(
                new byte[] {1, 0, 0}, (byte[]) binlog(debezium, col(MySqlType.BINARY, 3, List.of()), new byte[] {1}));
        assertEquals("b", binlog(debezium, col(MySqlType.ENUM, 0, List.of("a", "b")), 2));
        assertEquals("", binlog(debezium, col(MySqlType.ENUM, 0, List.of("a", "b")), 0));
        assertEquals("a,c", binlog(debezium, col(MySqlType.SET, 0, List.of("a", "b", "c")), 5L));
    }

    @Test
    void binaryHandlingModes() {
        MySqlColumn bin = col(MySqlType.BINARY, 3, List.of());
        byte[] v = {(byte) 0xfb, (byte) 0xff};
        for (BinaryHandlingMode m : BinaryHandlingMode.values()) {
            TypeMapper t =
                    new TypeMapper(DecimalHandlingMode.PRECISE, false, TemporalMode.ADAPTIVE_TIME_MICROSECONDS, m);
            Object out = binlog(t, bin, v);
            switch (m) {
                case BYTES -> assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff, 0}, (byte[]) out);
                case BASE64 -> assertEquals("+/8A", out);
                case BASE64_URL_SAFE -> assertEquals("-_8A", out);
                case HEX -> assertEquals("fbff00", out);
            }
            assertEquals(
                    m == BinaryHandlingMode.BYTES ? Schema.Type.BYTES : Schema.Type.STRING,
                    t.schema(bin).type());
        }
    }

    @Test
    void adaptiveTimeMicrosecondsIsTheDefault() {
        MySqlColumn date = temporal(MySqlType.DATE, 0, true);
        assertEquals("io.debezium.time.Date", debezium.schema(date).name());
        assertEquals(19782, debezium.temporal(date, "2024-02-29"));
        // proleptic Gregorian: 1000-01-01 is 354,285 days before the epoch (a Julian conversion is 5 days off)
        assertEquals((int) LocalDate.of(1000, 1, 1).toEpochDay(), debezium.temporal(date, "1000-01-01"));
        assertEquals(-354285, binlog(debezium, date, LocalDate.of(1000, 1, 1)));
        assertNull(debezium.temporal(date, "0000-00-00"));
        // a NOT NULL zero date is Debezium's fallback, the epoch, and no failure
        assertEquals(
                0,
                debezium.fromBinlog(
                        temporal(MySqlType.DATE, 0, false), debezium.schema(temporal(MySqlType.DATE, 0, false)), null));

        MySqlColumn dt3 = temporal(MySqlType.DATETIME, 3, true);
        MySqlColumn dt6 = temporal(MySqlType.DATETIME, 6, true);
        assertEquals("io.debezium.time.Timestamp", debezium.schema(dt3).name());
        assertEquals("io.debezium.time.MicroTimestamp", debezium.schema(dt6).name());
        assertEquals(1709212455123L, debezium.temporal(dt3, "2024-02-29 13:14:15.123"));
        assertEquals(1709212455123456L, binlog(debezium, dt6, LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123456000)));
        assertEquals(-30610224000000000L, debezium.temporal(dt6, "1000-01-01 00:00:00"));

        MySqlColumn tm = temporal(MySqlType.TIME, 0, true);
        assertEquals("io.debezium.time.MicroTime", debezium.schema(tm).name());
        long max = ((838L * 60 + 59) * 60 + 59) * 1_000_000L;
        assertEquals(max, debezium.temporal(tm, "838:59:59"));
        assertEquals(-max, debezium.temporal(tm, "-838:59:59"));
        assertEquals(-1_000_000L, debezium.temporal(tm, "-00:00:01"));
        assertEquals(max, binlog(debezium, tm, max));

        MySqlColumn y = temporal(MySqlType.YEAR, 0, true);
        assertEquals("io.debezium.time.Year", debezium.schema(y).name());
        assertEquals(2024, debezium.temporal(y, "2024"));
        assertEquals(1900, binlog(debezium, y, 1900)); // YEAR 0000 in the binlog, as Debezium
    }

    @Test
    void zonedTimestampTextLikeDebezium() {
        MySqlColumn ts = temporal(MySqlType.TIMESTAMP, 3, true);
        assertEquals("io.debezium.time.ZonedTimestamp", debezium.schema(ts).name());
        // the snapshot (JDBC) path: ISO-8601 with as few digits as needed
        assertEquals("2024-02-29T13:14:15.12Z", debezium.temporal(ts, "2024-02-29 13:14:15.120"));
        // the binlog path: fixed fsp fraction digits
        assertEquals("2024-02-29T13:14:15.120Z", binlog(debezium, ts, Instant.ofEpochSecond(1709212455, 120_000_000)));
        MySqlColumn ts6 = temporal(MySqlType.TIMESTAMP, 6, true);
        assertEquals("2024-02-29T13:14:15.000000Z", binlog(debezium, ts6, Instant.ofEpochSecond(1709212455)));
        MySqlColumn ts0 = temporal(MySqlType.TIMESTAMP, 0, false);
        assertEquals("2024-02-29T13:14:15Z", binlog(debezium, ts0, Instant.ofEpochSecond(1709212455)));
        assertEquals("1970-01-01T00:00:00Z", debezium.fromBinlog(ts0, debezium.schema(ts0), null));
    }

    @Test
    void connectMode() {
        MySqlColumn date = temporal(MySqlType.DATE, 0, true);
        assertEquals(new Date(19782L * 86_400_000L), connect.temporal(date, "2024-02-29"));
        MySqlColumn time = temporal(MySqlType.TIME, 3, true);
        assertEquals(new Date(47655500L), connect.temporal(time, "13:14:15.500"));
        assertEquals(new Date(86_400_000L), connect.temporal(time, "24:00:00"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> connect.temporal(time, "-01:00:00"));
        assertTrue(e.getMessage().contains("adaptive_time_microseconds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> connect.temporal(time, "25:00:00"));
        assertEquals(-3_723_456_000L, TemporalValues.parseTimeMicros("-01:02:03.456"));
    }

    @Test
    void jsonAndGeometry() {
        MySqlColumn j = new MySqlColumn("c", MySqlType.JSON, false, 0, 0, 0, 0, null, List.of(), false, false);
        assertEquals("{}", binlog(debezium, j, new byte[0])); // an empty NOT NULL JSON, as Debezium
        MySqlColumn p = col(MySqlType.POINT, 0, List.of());
        byte[] internal = new byte[4 + 21];
        internal[0] = 0x10; // SRID 4096 would be 0x1000; this is 16
        internal[4] = 1; // little-endian WKB
        internal[5] = 1; // type POINT
        java.nio.ByteBuffer.wrap(internal, 9, 16)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putDouble(1.5)
                .putDouble(-2.0);
        Struct s = (Struct) binlog(debezium, p, internal);
        assertEquals(1.5, s.getFloat64("x"));
        assertEquals(-2.0, s.getFloat64("y"));
        assertEquals(16, s.getInt32("srid"));
        assertEquals(21, s.getBytes("wkb").length);
        MySqlColumn g = new MySqlColumn("c", MySqlType.GEOMETRY, false, 0, 0, 0, 0, null, List.of(), false, false);
        assertTrue(debezium.schema(g).isOptional(), "Debezium's Geometry schema is always optional");
        internal[0] = 0;
        Struct gs = (Struct) binlog(debezium, g, internal);
        assertNull(gs.getInt32("srid"));
    }
}
