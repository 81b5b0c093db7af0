package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;

import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;

/** Schemas and values of the date-time and interval types, against what Debezium 3.6.1's source gives. */
class OracleTemporalTest {

    private static CapturedColumn column(String type, Integer scale, TemporalMode t, IntervalMode i, boolean nullable) {
        OracleColumn c = new OracleColumn("C", type, null, null, scale, nullable, false);
        return new CapturedColumn(
                c, ColumnKind.of(c), DecimalHandlingMode.PRECISE, BinaryHandlingMode.BYTES, t, i, "x");
    }

    private static CapturedColumn column(String type, Integer scale) {
        return column(type, scale, TemporalMode.ADAPTIVE, IntervalMode.NUMERIC, true);
    }

    private static void schema(CapturedColumn c, Schema.Type type, String name) {
        assertEquals(type, c.schema().type(), c.typeText());
        assertEquals(name, c.schema().name(), c.typeText());
    }

    @Test
    void adaptiveSchemasFollowTheFractionalPrecision() {
        schema(column("DATE", null), Schema.Type.INT64, "io.debezium.time.Timestamp");
        schema(column("TIMESTAMP(0)", 0), Schema.Type.INT64, "io.debezium.time.Timestamp");
        schema(column("TIMESTAMP(3)", 3), Schema.Type.INT64, "io.debezium.time.Timestamp");
        schema(column("TIMESTAMP(4)", 4), Schema.Type.INT64, "io.debezium.time.MicroTimestamp");
        schema(column("TIMESTAMP(6)", 6), Schema.Type.INT64, "io.debezium.time.MicroTimestamp");
        schema(column("TIMESTAMP(7)", 7), Schema.Type.INT64, "io.debezium.time.NanoTimestamp");
        schema(column("TIMESTAMP(9)", 9), Schema.Type.INT64, "io.debezium.time.NanoTimestamp");
        schema(column("TIMESTAMP(6) WITH TIME ZONE", 6), Schema.Type.STRING, "io.debezium.time.ZonedTimestamp");
        schema(column("TIMESTAMP(6) WITH LOCAL TIME ZONE", 6), Schema.Type.STRING, "io.debezium.time.ZonedTimestamp");
        schema(column("INTERVAL YEAR(2) TO MONTH", 0), Schema.Type.INT64, "io.debezium.time.MicroDuration");
        schema(column("INTERVAL DAY(2) TO SECOND(6)", 6), Schema.Type.INT64, "io.debezium.time.MicroDuration");
        assertEquals(1, column("DATE", null).schema().version());
        assertTrue(column("DATE", null).schema().isOptional());
        assertFalse(column("DATE", null, TemporalMode.ADAPTIVE, IntervalMode.NUMERIC, false)
                .schema()
                .isOptional());
    }

    @Test
    void connectModeUsesConnectsTimestampButKeepsZonedAndIntervals() {
        for (String type : new String[] {"DATE", "TIMESTAMP(3)", "TIMESTAMP(6)", "TIMESTAMP(9)"}) {
            CapturedColumn c = column(type, null, TemporalMode.CONNECT, IntervalMode.NUMERIC, true);
            schema(c, Schema.Type.INT64, "org.apache.kafka.connect.data.Timestamp");
        }
        CapturedColumn ts = column("TIMESTAMP(9)", 9, TemporalMode.CONNECT, IntervalMode.NUMERIC, true);
        assertEquals(
                new Date(-30_610_224_000_000L + 123), // 1000-01-01T00:00:00.123Z, proleptic Gregorian
                ts.fromLocalDateTime(LocalDateTime.of(1000, 1, 1, 0, 0, 0, 123_456_789)));
        schema(
                column("TIMESTAMP(6) WITH TIME ZONE", 6, TemporalMode.CONNECT, IntervalMode.NUMERIC, true),
                Schema.Type.STRING,
                "io.debezium.time.ZonedTimestamp");
        schema(
                column("INTERVAL DAY(2) TO SECOND(6)", 6, TemporalMode.CONNECT, IntervalMode.NUMERIC, true),
                Schema.Type.INT64,
                "io.debezium.time.MicroDuration");
    }

    @Test
    void timestampValuesCountFromTheEpochInTheirUnit() {
        LocalDateTime t = LocalDateTime.of(2020, 2, 29, 13, 14, 15, 123_456_789);
        assertEquals(1_582_982_055_000L, column("DATE", null).fromLocalDateTime(t.withNano(0)));
        assertEquals(1_582_982_055_123L, column("TIMESTAMP(3)", 3).fromLocalDateTime(t));
        assertEquals(1_582_982_055_123_456L, column("TIMESTAMP(6)", 6).fromLocalDateTime(t));
        assertEquals(1_582_982_055_123_456_789L, column("TIMESTAMP(9)", 9).fromLocalDateTime(t));
        // before the epoch, and before the Gregorian reform: java.time's proleptic calendar, no 10-day shift
        LocalDateTime old = LocalDateTime.of(1000, 1, 1, 0, 0, 0, 500_000);
        assertEquals(-30_610_224_000_000L, column("DATE", null).fromLocalDateTime(old.withNano(0)));
        assertEquals(-30_610_224_000_000_000L + 500, column("TIMESTAMP(6)", 6).fromLocalDateTime(old));
        assertEquals(
                -1_000_000L + 1,
                column("TIMESTAMP(6)", 6).fromLocalDateTime(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1000)));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> column("TIMESTAMP(9)", 9).fromLocalDateTime(old));
        assertTrue(e.getMessage().contains("outside the range of column C"), e.getMessage());
    }

    @Test
    void zonedTextHasTheColumnsFractionDigits() {
        ZonedDateTime z = ZonedDateTime.of(2020, 6, 1, 10, 0, 0, 250_000_000, ZoneOffset.ofHours(2));
        assertEquals(
                "2020-06-01T10:00:00.250000+02:00",
                column("TIMESTAMP(6) WITH TIME ZONE", 6).fromZoned(z));
        assertEquals(
                "2020-06-01T10:00:00.250+02:00",
                column("TIMESTAMP(3) WITH TIME ZONE", 3).fromZoned(z));
        assertEquals(
                "2020-06-01T10:00:00.250000000+02:00",
                column("TIMESTAMP(9) WITH TIME ZONE", 9).fromZoned(z));
        // no fraction digits: ISO_OFFSET_DATE_TIME's shortest form, as Debezium for a width of 0
        assertEquals(
                "2020-06-01T10:00:00+02:00",
                column("TIMESTAMP(0) WITH TIME ZONE", 0).fromZoned(z.withNano(0)));
        assertEquals(
                "2020-06-01T08:00:00.000000Z",
                column("TIMESTAMP(6) WITH TIME ZONE", 6).fromZoned(z.withNano(0).withZoneSameInstant(ZoneOffset.UTC)));
        ZonedDateTime berlin = ZonedDateTime.of(2020, 1, 15, 8, 0, 0, 0, ZoneId.of("Europe/Berlin"));
        assertEquals(
                "2020-01-15T08:00:00.000000+01:00",
                column("TIMESTAMP(6) WITH TIME ZONE", 6).fromZoned(berlin));
    }

    @Test
    void localTimeZoneValuesAreUtc() {
        CapturedColumn ltz = column("TIMESTAMP(6) WITH LOCAL TIME ZONE", 6);
        assertEquals(
                "2020-06-01T10:00:00.500000Z",
                ltz.fromLocalDateTime(LocalDateTime.of(2020, 6, 1, 10, 0, 0, 500_000_000)));
        ZonedDateTime z = ZonedDateTime.of(2020, 6, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2));
        assertEquals("2020-06-01T10:00:00.000000Z", ltz.fromZoned(z));
    }

    @Test
    void intervalsAsDebeziumsMicroDuration() {
        CapturedColumn ym = column("INTERVAL YEAR(2) TO MONTH", 0);
        CapturedColumn ds = column("INTERVAL DAY(2) TO SECOND(6)", 6);
        // a month is 365.25 / 12 days
        assertEquals(36_817_200_000_000L, ym.fromString("+01-02"));
        assertEquals(36_817_200_000_000L, ym.fromString("1-2"));
        assertEquals(-110_451_600_000_000L, ym.fromString("-03-06"));
        assertEquals(36_817_200_000_000L, ym.fromString("INTERVAL '1-2' YEAR TO MONTH")); // H2's text
        assertEquals(93_784_500_000L, ds.fromString("+01 02:03:04.500000"));
        assertEquals(-93_784_560_000L, ds.fromString("-001 02:03:04.56"));
        assertEquals(93_784_000_000L, ds.fromString("1 2:3:4"));
        assertEquals(93_784_123_456L, ds.fromString("+01 02:03:04.123456789")); // digits past micros dropped
        assertEquals(93_784_500_000L, ds.fromString("INTERVAL '1 02:03:04.5' DAY TO SECOND"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ds.fromString("+01-02"));
        assertTrue(e.getMessage().contains("not an INTERVAL DAY TO SECOND value, for column C"), e.getMessage());
        assertFalse(e.getMessage().contains("+01-02"), "no data values in errors");
    }

    @Test
    void intervalsAsIsoTextInStringMode() {
        CapturedColumn ym = column("INTERVAL YEAR(2) TO MONTH", 0, TemporalMode.ADAPTIVE, IntervalMode.STRING, true);
        CapturedColumn ds = column("INTERVAL DAY(2) TO SECOND(6)", 6, TemporalMode.ADAPTIVE, IntervalMode.STRING, true);
        schema(ym, Schema.Type.STRING, "io.debezium.time.Interval");
        assertEquals("P1Y2M0DT0H0M0S", ym.fromString("+01-02"));
        assertEquals("P-3Y-6M0DT0H0M0S", ym.fromString("-03-06"));
        assertEquals("P0Y0M1DT2H3M4.5S", ds.fromString("+01 02:03:04.500000"));
        assertEquals("P0Y0M-1DT-2H-3M-4.56S", ds.fromString("-001 02:03:04.56"));
    }

    @Test
    void rowIdAndXmlAreStrings() {
        schema(column("ROWID", null), Schema.Type.STRING, null);
        schema(column("XMLTYPE", null), Schema.Type.STRING, "io.debezium.data.Xml");
        assertEquals("AAAR3sAAEAAAACXAAA", column("ROWID", null).fromString("AAAR3sAAEAAAACXAAA"));
    }
}
