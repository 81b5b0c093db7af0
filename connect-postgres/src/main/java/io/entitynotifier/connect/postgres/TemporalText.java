package io.entitynotifier.connect.postgres;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses PostgreSQL's date/time text under the connector's session settings (DateStyle ISO, TimeZone UTC,
 * IntervalStyle iso_8601). Infinite dates and timestamps cannot be represented and are rejected with the value named.
 */
final class TemporalText {

    /** Debezium's average month for MicroDuration: 365.25 / 12 days. */
    private static final BigDecimal MICROS_PER_MONTH =
            new BigDecimal("30.4375").multiply(BigDecimal.valueOf(86_400_000_000L));

    private static final Pattern ISO_INTERVAL = Pattern.compile(
            "P(?:(-?\\d+)Y)?(?:(-?\\d+)M)?(?:(-?\\d+)D)?(?:T(?:(-?\\d+)H)?(?:(-?\\d+)M)?(?:(-?[\\d.]+)S)?)?");

    private TemporalText() {}

    static LocalDate date(String text) {
        rejectInfinity(text);
        boolean bc = text.endsWith(" BC");
        String s = bc ? text.substring(0, text.length() - 3) : text;
        LocalDate d = LocalDate.parse(s);
        return bc ? d.withYear(1 - d.getYear()) : d;
    }

    static LocalTime time(String text) {
        if (text.startsWith("24:00:00")) {
            return LocalTime.MAX;
        }
        return LocalTime.parse(text);
    }

    /** Milliseconds since midnight for Connect's Time type; "24:00:00" is a full day. */
    static long timeMillis(String text) {
        if (text.startsWith("24:00:00")) {
            return 86_400_000L;
        }
        return LocalTime.parse(text).toNanoOfDay() / 1_000_000L;
    }

    static LocalDateTime timestamp(String text) {
        rejectInfinity(text);
        boolean bc = text.endsWith(" BC");
        String s = bc ? text.substring(0, text.length() - 3) : text;
        LocalDateTime t = LocalDateTime.parse(s.replace(' ', 'T'));
        return bc ? t.withYear(1 - t.getYear()) : t;
    }

    /** A timestamptz text ({@code 2024-01-31 12:34:56.5+00}) as an ISO-8601 instant in UTC. */
    static String zonedTimestamp(String text) {
        rejectInfinity(text);
        boolean bc = text.endsWith(" BC");
        String s = bc ? text.substring(0, text.length() - 3) : text;
        int split = Math.max(s.lastIndexOf('+'), s.lastIndexOf('-'));
        if (split < 11) {
            throw new IllegalArgumentException("no time zone offset in timestamptz '" + text + "'");
        }
        LocalDateTime local = LocalDateTime.parse(s.substring(0, split).replace(' ', 'T'));
        if (bc) {
            local = local.withYear(1 - local.getYear());
        }
        OffsetDateTime odt = OffsetDateTime.of(local, offset(s.substring(split)));
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(odt.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** A timetz text ({@code 12:34:56+02}) as ISO-8601 time with offset, in UTC like Debezium's ZonedTime. */
    static String zonedTime(String text) {
        int split = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        LocalTime t = LocalTime.parse(text.substring(0, split));
        ZoneOffset off = offset(text.substring(split));
        return DateTimeFormatter.ISO_OFFSET_TIME.format(t.atOffset(off).withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static ZoneOffset offset(String s) {
        int sign = s.charAt(0) == '-' ? -1 : 1;
        String[] parts = s.substring(1).split(":");
        int h = Integer.parseInt(parts[0]);
        int m = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        int sec = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        return ZoneOffset.ofHoursMinutesSeconds(sign * h, sign * m, sign * sec);
    }

    /** An iso_8601 interval text as microseconds, a month counted as 30.4375 days (Debezium's MicroDuration). */
    static long intervalMicros(String text) {
        Matcher m = ISO_INTERVAL.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an ISO-8601 interval: '" + text + "'");
        }
        long months = 12 * num(m.group(1)) + num(m.group(2));
        BigDecimal micros = MICROS_PER_MONTH
                .multiply(BigDecimal.valueOf(months))
                .add(BigDecimal.valueOf(num(m.group(3))).multiply(BigDecimal.valueOf(86_400_000_000L)))
                .add(BigDecimal.valueOf(num(m.group(4))).multiply(BigDecimal.valueOf(3_600_000_000L)))
                .add(BigDecimal.valueOf(num(m.group(5))).multiply(BigDecimal.valueOf(60_000_000L)));
        if (m.group(6) != null) {
            micros = micros.add(new BigDecimal(m.group(6)).movePointRight(6));
        }
        return micros.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static long num(String s) {
        return s == null ? 0 : Long.parseLong(s);
    }

    private static void rejectInfinity(String text) {
        if (text.endsWith("infinity")) {
            throw new IllegalArgumentException("'" + text + "' cannot be represented (no infinite dates in Connect)");
        }
    }
}
