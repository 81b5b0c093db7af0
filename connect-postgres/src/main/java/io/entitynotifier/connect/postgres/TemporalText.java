package io.entitynotifier.connect.postgres;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses PostgreSQL's date/time text under the connector's session settings (DateStyle ISO, TimeZone UTC,
 * IntervalStyle iso_8601) into the values Debezium emits: the proleptic Gregorian calendar of {@code java.time}
 * throughout (PostgreSQL's own calendar, so dates before 1582-10-15 and BC dates keep their day), Debezium's
 * stand-ins for {@code infinity}/{@code -infinity}, and its text formats for the zoned types.
 */
final class TemporalText {

    /** pgjdbc's PGStatement.DATE_POSITIVE_INFINITY, which Debezium reads as microseconds for timestamp infinity. */
    static final long POSITIVE_INFINITY_MICROS = 9223372036825200000L;
    /** pgjdbc's PGStatement.DATE_NEGATIVE_INFINITY, likewise. */
    static final long NEGATIVE_INFINITY_MICROS = -9223372036832400000L;
    /** Debezium's POSITIVE/NEGATIVE_INFINITY_LOCAL_DATE, as the io.debezium.time.Date it emits (int overflow). */
    static final int POSITIVE_INFINITY_EPOCH_DAY =
            (int) LocalDate.parse("-5877611-06-21").toEpochDay();

    static final int NEGATIVE_INFINITY_EPOCH_DAY =
            (int) LocalDate.parse("-5877611-06-22").toEpochDay();

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    /** Debezium's MicroDuration month: 365.25 / 12 days. */
    private static final double DAYS_PER_MONTH_AVG = 365.25 / 12.0d;

    private static final Pattern ISO_INTERVAL = Pattern.compile(
            "P(?:(-?\\d+)Y)?(?:(-?\\d+)M)?(?:(-?\\d+)D)?(?:T(?:(-?\\d+)H)?(?:(-?\\d+)M)?(?:(-?)(\\d+)(?:\\.(\\d+))?S)?)?");

    private TemporalText() {}

    /** A date as days since 1970-01-01; infinity as Debezium's stand-ins. */
    static int epochDay(String text) {
        if (text.equals("infinity")) {
            return POSITIVE_INFINITY_EPOCH_DAY;
        }
        if (text.equals("-infinity")) {
            return NEGATIVE_INFINITY_EPOCH_DAY;
        }
        return (int) date(text).toEpochDay();
    }

    static LocalDate date(String text) {
        rejectInfinity(text);
        boolean bc = text.endsWith(" BC");
        String s = bc ? text.substring(0, text.length() - 3) : text;
        LocalDate d = LocalDate.parse(s);
        return bc ? d.withYear(1 - d.getYear()) : d;
    }

    /** A time of day as microseconds since midnight; "24:00:00" is a full day (86,400,000,000), as Debezium. */
    static long timeMicros(String text) {
        if (text.startsWith("24:00:00")) {
            return MICROS_PER_DAY;
        }
        return LocalTime.parse(text).toNanoOfDay() / 1_000L;
    }

    /** A timestamp as microseconds since the epoch (UTC); infinity as Debezium's stand-ins. */
    static long timestampMicros(String text) {
        if (text.equals("infinity")) {
            return POSITIVE_INFINITY_MICROS;
        }
        if (text.equals("-infinity")) {
            return NEGATIVE_INFINITY_MICROS;
        }
        LocalDateTime t = timestamp(text);
        long seconds = t.toEpochSecond(ZoneOffset.UTC);
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), t.getNano() / 1_000L);
    }

    /** A timestamp as nanoseconds since the epoch; infinity as Long.MAX_VALUE / MIN_VALUE, as Debezium. */
    static long timestampNanos(String text) {
        if (text.equals("infinity")) {
            return Long.MAX_VALUE;
        }
        if (text.equals("-infinity")) {
            return Long.MIN_VALUE;
        }
        return Math.multiplyExact(timestampMicros(text), 1_000L);
    }

    static LocalDateTime timestamp(String text) {
        rejectInfinity(text);
        boolean bc = text.endsWith(" BC");
        String s = bc ? text.substring(0, text.length() - 3) : text;
        LocalDateTime t = LocalDateTime.parse(s.replace(' ', 'T'));
        return bc ? t.withYear(1 - t.getYear()) : t;
    }

    /**
     * A timestamptz text ({@code 2024-01-31 12:34:56.5+00}) as Debezium's ZonedTimestamp: the instant in UTC with
     * exactly {@code fractionDigits} fraction digits (the column's precision; 0 prints as few as needed), "Z" for the
     * offset; {@code infinity} and {@code -infinity} as they are.
     */
    static String zonedTimestamp(String text, int fractionDigits) {
        if (text.equals("infinity") || text.equals("-infinity")) {
            return text;
        }
        boolean bc = text.endsWith(" BC");
        String s = bc ? text.substring(0, text.length() - 3) : text;
        int split = Math.max(s.lastIndexOf('+'), s.lastIndexOf('-'));
        if (split < 11) {
            throw new IllegalArgumentException("no time zone offset in a timestamptz value");
        }
        LocalDateTime local = LocalDateTime.parse(s.substring(0, split).replace(' ', 'T'));
        if (bc) {
            local = local.withYear(1 - local.getYear());
        }
        OffsetDateTime odt = OffsetDateTime.of(local, offset(s.substring(split)));
        return formatter(fractionDigits).format(odt.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static final DateTimeFormatter[] ZONED = new DateTimeFormatter[10];

    private static DateTimeFormatter formatter(int digits) {
        if (digits <= 0 || digits > 9) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        }
        synchronized (ZONED) {
            if (ZONED[digits] == null) {
                ZONED[digits] = new DateTimeFormatterBuilder()
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
            return ZONED[digits];
        }
    }

    /** A timetz text ({@code 12:34:56+02}) as Debezium's ZonedTime: ISO-8601 time in UTC ({@code 10:34:56Z}). */
    static String zonedTime(String text) {
        int split = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        ZoneOffset off = offset(text.substring(split));
        String local = text.substring(0, split);
        OffsetTime t = local.startsWith("24:00:00")
                ? OffsetTime.of(LocalTime.MIDNIGHT, off)
                : OffsetTime.of(LocalTime.parse(local), off);
        return DateTimeFormatter.ISO_OFFSET_TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static ZoneOffset offset(String s) {
        int sign = s.charAt(0) == '-' ? -1 : 1;
        String[] parts = s.substring(1).split(":");
        int h = Integer.parseInt(parts[0]);
        int m = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        int sec = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        return ZoneOffset.ofHoursMinutesSeconds(sign * h, sign * m, sign * sec);
    }

    /** The fields of an iso_8601 interval text, seconds as pgjdbc's PGInterval gives them (a double). */
    record IntervalParts(int years, int months, int days, int hours, int minutes, double seconds) {}

    static IntervalParts interval(String text) {
        Matcher m = ISO_INTERVAL.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an ISO-8601 interval");
        }
        double seconds = 0;
        if (m.group(7) != null) {
            long whole = Long.parseLong(m.group(7));
            String frac = m.group(8) == null ? "" : m.group(8);
            long micros = frac.isEmpty() ? 0 : Long.parseLong((frac + "000000").substring(0, 6));
            seconds = whole + micros / 1_000_000.0;
            if (m.group(6).equals("-")) {
                seconds = -seconds;
            }
        }
        return new IntervalParts(
                num(m.group(1)), num(m.group(2)), num(m.group(3)), num(m.group(4)), num(m.group(5)), seconds);
    }

    /**
     * An interval as Debezium's MicroDuration: microseconds, a month counted as 30.4375 days, computed in double
     * arithmetic and truncated exactly as Debezium does (so a value beyond the long range is Long.MIN/MAX_VALUE).
     */
    static long intervalMicros(String text) {
        IntervalParts p = interval(text);
        double days = ((p.years() * 12) + p.months()) * DAYS_PER_MONTH_AVG + p.days();
        double secs = (((days * 24 + p.hours()) * 60) + p.minutes()) * 60 + p.seconds();
        return (long) (secs * 1e6);
    }

    /** An interval as Debezium's io.debezium.time.Interval text: {@code P1Y2M3DT4H5M6.789S}, every field present. */
    static String intervalIso(String text) {
        IntervalParts p = interval(text);
        BigDecimal seconds = BigDecimal.valueOf(p.seconds());
        return "P" + p.years() + "Y" + p.months() + "M" + p.days() + "D" + "T" + p.hours() + "H" + p.minutes() + "M"
                + seconds.stripTrailingZeros().toPlainString() + "S";
    }

    private static int num(String s) {
        return s == null ? 0 : Integer.parseInt(s);
    }

    private static void rejectInfinity(String text) {
        if (text.endsWith("infinity")) {
            throw new IllegalArgumentException("an infinite value cannot be represented here");
        }
    }
}
