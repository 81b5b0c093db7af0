package io.entitynotifier.connect.oracle;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Date;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Schemas and values of Oracle's date-time and interval columns, as Debezium's Oracle connector gives them. All
 * arithmetic is on {@code java.time} (proleptic Gregorian), so dates before 1582-10-15 keep their day.
 */
final class OracleTemporal {

    static final String TIMESTAMP_NAME = "io.debezium.time.Timestamp";
    static final String MICRO_TIMESTAMP_NAME = "io.debezium.time.MicroTimestamp";
    static final String NANO_TIMESTAMP_NAME = "io.debezium.time.NanoTimestamp";
    static final String ZONED_TIMESTAMP_NAME = "io.debezium.time.ZonedTimestamp";
    static final String MICRO_DURATION_NAME = "io.debezium.time.MicroDuration";
    static final String INTERVAL_NAME = "io.debezium.time.Interval";

    /** Debezium's MicroDuration.DAYS_PER_MONTH_AVG. */
    static final double DAYS_PER_MONTH = 365.25 / 12.0d;

    private static final Pattern YEAR_MONTH = Pattern.compile("([+-])?(\\d+)-(\\d+)");
    private static final Pattern DAY_SECOND = Pattern.compile("([+-])?(\\d+) (\\d+):(\\d+):(\\d+)(?:\\.(\\d*))?");

    private OracleTemporal() {}

    /** The schema builder of a TIMESTAMP-kind column with {@code digits} fractional digits. */
    static SchemaBuilder timestampSchema(int digits, TemporalMode mode) {
        if (mode == TemporalMode.CONNECT) {
            return Timestamp.builder();
        }
        String name = digits <= 3 ? TIMESTAMP_NAME : digits <= 6 ? MICRO_TIMESTAMP_NAME : NANO_TIMESTAMP_NAME;
        return SchemaBuilder.int64().name(name).version(1);
    }

    static SchemaBuilder zonedSchema() {
        return SchemaBuilder.string().name(ZONED_TIMESTAMP_NAME).version(1);
    }

    static SchemaBuilder intervalSchema(IntervalMode mode) {
        return mode == IntervalMode.STRING
                ? SchemaBuilder.string().name(INTERVAL_NAME).version(1)
                : SchemaBuilder.int64().name(MICRO_DURATION_NAME).version(1);
    }

    /** A local date-time as the column's value: epoch millis, micros or nanos of it read as UTC, or a Date. */
    static Object timestamp(LocalDateTime v, int digits, TemporalMode mode) {
        long seconds = v.toEpochSecond(ZoneOffset.UTC);
        int nanos = v.getNano();
        if (mode == TemporalMode.CONNECT) {
            return new Date(Math.addExact(Math.multiplyExact(seconds, 1000L), nanos / 1_000_000));
        }
        if (digits <= 3) {
            return Math.addExact(Math.multiplyExact(seconds, 1000L), nanos / 1_000_000);
        }
        if (digits <= 6) {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1_000);
        }
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
    }

    /**
     * Debezium's ZonedTimestamp text: ISO offset date-time with exactly {@code digits} fraction digits (1-9), or
     * ISO_OFFSET_DATE_TIME's shortest form when the column has none (0); a zero offset is written {@code Z}.
     */
    static String zoned(ZonedDateTime v, int digits) {
        return v.format(formatter(digits));
    }

    private static DateTimeFormatter formatter(int digits) {
        if (digits <= 0 || digits > 9) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        }
        return new DateTimeFormatterBuilder()
                .append(DateTimeFormatter.ISO_LOCAL_DATE)
                .appendLiteral('T')
                .appendValue(ChronoField.HOUR_OF_DAY, 2)
                .appendLiteral(':')
                .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
                .appendLiteral(':')
                .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
                .appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, true)
                .appendOffsetId()
                .toFormatter(Locale.ENGLISH);
    }

    /**
     * An INTERVAL YEAR TO MONTH text ({@code +01-02}, {@code -3-6}; H2's {@code INTERVAL '1-2' YEAR TO MONTH}), or
     * null when it is not one.
     */
    static Object yearMonth(String text, IntervalMode mode) {
        Matcher m = YEAR_MONTH.matcher(literal(text));
        if (!m.matches()) {
            return null;
        }
        int sign = "-".equals(m.group(1)) ? -1 : 1;
        int years = sign * Integer.parseInt(m.group(2));
        int months = sign * Integer.parseInt(m.group(3));
        if (mode == IntervalMode.STRING) {
            return iso(years, months, 0, 0, 0, BigDecimal.ZERO);
        }
        return micros(years, months, 0, 0, 0, 0, 0);
    }

    /**
     * An INTERVAL DAY TO SECOND text ({@code +01 02:03:04.500000}; H2's {@code INTERVAL '1 02:03:04.5' DAY TO
     * SECOND}), or null when it is not one. Fraction digits beyond microseconds are dropped.
     */
    static Object daySecond(String text, IntervalMode mode) {
        Matcher m = DAY_SECOND.matcher(literal(text));
        if (!m.matches()) {
            return null;
        }
        int sign = "-".equals(m.group(1)) ? -1 : 1;
        int days = sign * Integer.parseInt(m.group(2));
        int hours = sign * Integer.parseInt(m.group(3));
        int minutes = sign * Integer.parseInt(m.group(4));
        int seconds = sign * Integer.parseInt(m.group(5));
        String fraction = m.group(6) == null ? "" : m.group(6);
        String six = (fraction + "000000").substring(0, 6);
        int micros = sign * Integer.parseInt(six);
        if (mode == IntervalMode.STRING) {
            BigDecimal s = BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(micros, 6));
            return iso(0, 0, days, hours, minutes, s);
        }
        return micros(0, 0, days, hours, minutes, seconds, micros);
    }

    /** The text inside H2's {@code INTERVAL '...' ...} literal, else the text itself. */
    private static String literal(String text) {
        String t = text.trim();
        if (t.regionMatches(true, 0, "INTERVAL '", 0, 10)) {
            int end = t.indexOf('\'', 10);
            if (end > 10) {
                return t.substring(10, end).trim();
            }
        }
        return t;
    }

    /** Debezium's MicroDuration.durationMicros, with the same double arithmetic so the results agree exactly. */
    static long micros(int years, int months, int days, int hours, int minutes, double seconds, int micros) {
        double numberOfDays = ((years * 12) + months) * DAYS_PER_MONTH + days;
        double numberOfSeconds = (((numberOfDays * 24 + hours) * 60) + minutes) * 60 + seconds;
        return (long) (numberOfSeconds * 1e6 + micros);
    }

    /** Debezium's Interval.toIsoString: PnYnMnDTnHnMnS, seconds without trailing zeros. */
    static String iso(int years, int months, int days, int hours, int minutes, BigDecimal seconds) {
        return "P" + years + "Y" + months + "M" + days + "DT" + hours + "H" + minutes + "M"
                + seconds.stripTrailingZeros().toPlainString() + "S";
    }
}
