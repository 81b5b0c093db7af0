package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class TextValueParsingTest {

    @Test
    void arrayLiterals() {
        assertEquals(Arrays.asList("1", null, "3"), PgArrayLiteral.elements("{1,NULL,3}"));
        assertEquals(
                Arrays.asList("x y", "NULL", "q\"t", "a,b", "back\\slash"),
                PgArrayLiteral.elements("{\"x y\",\"NULL\",\"q\\\"t\",\"a,b\",\"back\\\\slash\"}"));
        assertEquals(List.of(), PgArrayLiteral.elements("{}"));
        assertEquals(List.of("7", "8"), PgArrayLiteral.elements("[0:1]={7,8}"));
        assertThrows(IllegalArgumentException.class, () -> PgArrayLiteral.elements("{{1,2},{3,4}}"));
    }

    @Test
    void datesAndTimestamps() {
        assertEquals(LocalDate.of(2024, 2, 29), TemporalText.date("2024-02-29"));
        assertEquals(-43, TemporalText.date("0044-03-15 BC").getYear());
        assertEquals(86_400_000L, TemporalText.timeMillis("24:00:00"));
        assertEquals("2024-02-29T07:44:15.123456Z", TemporalText.zonedTimestamp("2024-02-29 13:14:15.123456+05:30"));
        assertEquals("2024-02-29T13:14:15Z", TemporalText.zonedTimestamp("2024-02-29 13:14:15+00"));
        assertEquals("10:00:00Z", TemporalText.zonedTime("12:00:00+02"));
        assertThrows(IllegalArgumentException.class, () -> TemporalText.timestamp("infinity"));
        assertThrows(IllegalArgumentException.class, () -> TemporalText.date("-infinity"));
    }

    @Test
    void intervalsAsMicroseconds() {
        assertEquals(0, TemporalText.intervalMicros("PT0S"));
        assertEquals(-3_600_000_000L - 1_500_000L, TemporalText.intervalMicros("PT-1H-1.5S"));
        assertEquals(Math.round(30.4375 * 86_400_000_000L) + 86_400_000_000L, TemporalText.intervalMicros("P1M1D"));
        assertEquals(-Math.round(12 * 30.4375 * 86_400_000_000L), TemporalText.intervalMicros("P-1Y"));
        assertThrows(IllegalArgumentException.class, () -> TemporalText.intervalMicros("1 day"));
    }
}
