package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** The text parsers against the values Debezium 3.6.1 emitted for the same PostgreSQL text (PostgresDebeziumDiffIT). */
class TextValueParsingTest {

    @Test
    void arrayLiterals() {
        assertEquals(Arrays.asList("1", null, "3"), PgArrayLiteral.elements("{1,NULL,3}"));
        assertEquals(
                Arrays.asList("x y", "NULL", "q\"t", "a,b", "back\\slash"),
                PgArrayLiteral.elements("{\"x y\",\"NULL\",\"q\\\"t\",\"a,b\",\"back\\\\slash\"}"));
        assertEquals(List.of(), PgArrayLiteral.elements("{}"));
        assertEquals(List.of("7", "8"), PgArrayLiteral.elements("[0:1]={7,8}"));
        // A multi-dimensional array: one element per sub-array (Debezium emits null for each).
        List<String> nested = PgArrayLiteral.elements("{{1,2},{\"}\",4}}");
        assertEquals(2, nested.size());
        assertSame(PgArrayLiteral.NESTED, nested.get(0));
        assertSame(PgArrayLiteral.NESTED, nested.get(1));
    }

    @Test
    void datesInTheProlepticGregorianCalendar() {
        assertEquals(19782, TemporalText.epochDay("2024-02-29"));
        assertEquals(-735160, TemporalText.epochDay("0044-03-15 BC")); // Debezium's streamed value
        assertEquals(LocalDate.of(1000, 1, 1).toEpochDay(), TemporalText.epochDay("1000-01-01"));
        assertEquals(-43, TemporalText.date("0044-03-15 BC").getYear());
        assertEquals(TemporalText.POSITIVE_INFINITY_EPOCH_DAY, TemporalText.epochDay("infinity"));
        assertEquals(TemporalText.NEGATIVE_INFINITY_EPOCH_DAY, TemporalText.epochDay("-infinity"));
    }

    @Test
    void timesAndTimestamps() {
        assertEquals(47_655_123_456L, TemporalText.timeMicros("13:14:15.123456"));
        assertEquals(86_400_000_000L, TemporalText.timeMicros("24:00:00"));
        assertEquals(1_709_212_455_123_456L, TemporalText.timestampMicros("2024-02-29 13:14:15.123456"));
        assertEquals(-12_220_156_800_001_000L, TemporalText.timestampMicros("1582-10-04 23:59:59.999"));
        assertEquals(
                LocalDateTime.of(-43, 3, 15, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L,
                TemporalText.timestampMicros("0044-03-15 00:00:00 BC"));
        // Debezium's infinity: pgjdbc's DATE_POSITIVE/NEGATIVE_INFINITY read as microseconds; Long.MAX/MIN as nanos.
        assertEquals(9223372036825200000L, TemporalText.timestampMicros("infinity"));
        assertEquals(-9223372036832400000L, TemporalText.timestampMicros("-infinity"));
        assertEquals(Long.MAX_VALUE, TemporalText.timestampNanos("infinity"));
    }

    @Test
    void zonedTypesInDebeziumsTextFormat() {
        assertEquals("2024-02-29T12:14:15.123456Z", TemporalText.zonedTimestamp("2024-02-29 13:14:15.123456+01", 6));
        assertEquals("2024-02-29T12:14:15.120Z", TemporalText.zonedTimestamp("2024-02-29 13:14:15.12+01", 3));
        assertEquals("2024-01-01T00:00:00.000000Z", TemporalText.zonedTimestamp("2024-01-01 00:00:00+00", 6));
        assertEquals("0000-01-01T00:00:00.000000Z", TemporalText.zonedTimestamp("0001-01-01 00:00:00+00 BC", 6));
        assertEquals("2024-01-01T00:00:00Z", TemporalText.zonedTimestamp("2024-01-01 00:00:00+00", 0));
        assertEquals("2024-02-29T07:44:15.123456Z", TemporalText.zonedTimestamp("2024-02-29 13:14:15.123456+05:30", 6));
        assertEquals("infinity", TemporalText.zonedTimestamp("infinity", 3));
        assertEquals("10:44:15.5Z", TemporalText.zonedTime("13:14:15.5+02:30"));
        assertEquals("14:59:00Z", TemporalText.zonedTime("00:00:00-14:59"));
        assertThrows(IllegalArgumentException.class, () -> TemporalText.timestamp("infinity"));
    }

    @Test
    void intervalsAsDebeziumComputesThem() {
        assertEquals(37_091_106_789_000L, TemporalText.intervalMicros("P1Y2M3DT4H5M6.789S"));
        assertEquals(0, TemporalText.intervalMicros("PT0S"));
        assertEquals(-3_601_500_000L, TemporalText.intervalMicros("PT-1H-1.5S"));
        // Beyond the long range: Debezium's double arithmetic saturates.
        assertEquals(Long.MIN_VALUE, TemporalText.intervalMicros("P-178000000Y-1M-2DT-1S"));
        assertEquals("P1Y2M3DT4H5M6.789S", TemporalText.intervalIso("P1Y2M3DT4H5M6.789S"));
        assertEquals("P0Y0M1DT0H0M0S", TemporalText.intervalIso("P1D"));
        assertThrows(IllegalArgumentException.class, () -> TemporalText.intervalMicros("1 day"));
    }

    @Test
    void numericMoneyBitsPointHstore() {
        Schema vsd = PgValues.variableScaleBuilder().build();
        Struct v = PgValues.variableScale("12.3400", vsd);
        assertEquals(2, v.getInt32("scale"));
        assertEquals(BigInteger.valueOf(1234), new BigInteger(v.getBytes("value")));
        assertEquals(0, PgValues.variableScale("1200", vsd).getInt32("scale"));
        assertNull(PgValues.variableScale("NaN", vsd)); // Debezium: a warning and null
        assertEquals("NAN", PgValues.numericString("NaN")); // decimal.handling.mode=string, as Debezium
        assertEquals("NEGATIVE_INFINITY", PgValues.numericString("-Infinity"));
        assertEquals("12.3400", PgValues.numericString("12.3400"));

        assertEquals(new BigDecimal("1234.56"), PgValues.money("$1,234.56", 2));
        assertEquals(new BigDecimal("-92233720368547758.08"), PgValues.money("-$92,233,720,368,547,758.08", 2));
        assertEquals(new BigDecimal("-1.00"), PgValues.money("($1.00)", 2));

        assertEquals("pQ==", Base64.getEncoder().encodeToString(PgValues.bits("10100101")));
        assertEquals("BQ==", Base64.getEncoder().encodeToString(PgValues.bits("101")));
        assertArrayEquals(new byte[0], PgValues.bits("00000000"));
        assertArrayEquals(HexFormat.of().parseHex("0001"), PgValues.bits("100000000"));

        Struct p = PgValues.point("(1.5,-2.25)", PgValues.pointBuilder().build());
        assertEquals(1.5, p.getFloat64("x"));
        assertEquals("AQEAAAAAAAAAAAD4PwAAAAAAAALA", Base64.getEncoder().encodeToString(p.getBytes("wkb")));
        assertNull(p.get("srid"));

        Map<String, String> h = PgValues.hstore("\"k1\"=>\"v1\", \"k 2\"=>NULL");
        assertEquals("{\"k1\":\"v1\",\"k 2\":null}", PgValues.hstoreJson(h));
        assertEquals("{}", PgValues.hstoreJson(PgValues.hstore("")));
        assertEquals("{\"q\\\"\":\"a\\\\b\"}", PgValues.hstoreJson(PgValues.hstore("\"q\\\"\"=>\"a\\\\b\"")));
    }
}
