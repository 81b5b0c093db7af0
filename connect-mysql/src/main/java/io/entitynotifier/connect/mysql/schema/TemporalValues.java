package io.entitynotifier.connect.mysql.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Date;
import java.util.Locale;

import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Schemas and values of DATE, DATETIME, TIMESTAMP, TIME and YEAR under one {@link TemporalMode}, as Debezium's MySQL
 * connector gives them. Inputs are {@code java.time} values (proleptic Gregorian) and TIME as signed microseconds, from
 * either {@link BinlogCells} or the snapshot's text values ({@link #parseDate} etc.).
 */
public final class TemporalValues {

    static final long MICROS_PER_DAY = 86_400_000_000L;
    /** 838:59:59.000000, the longest TIME MySQL stores. */
    static final long MAX_TIME_MICROS = ((838L * 60 + 59) * 60 + 59) * 1_000_000L;

    /** The value Debezium gives a NOT NULL TIMESTAMP holding the zero value. */
    static final String EPOCH_ZONED = "1970-01-01T00:00:00Z";

    private static final DateTimeFormatter[] ZONED_BY_FSP = new DateTimeFormatter[7];

    static {
        ZONED_BY_FSP[0] = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        for (int fsp = 1; fsp <= 6; fsp++) {
            ZONED_BY_FSP[fsp] = new DateTimeFormatterBuilder()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .appendLiteral('T')
                    .appendValue(ChronoField.HOUR_OF_DAY, 2)
                    .appendLiteral(':')
                    .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
                    .appendLiteral(':')
                    .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
                    .appendFraction(ChronoField.NANO_OF_SECOND, fsp, fsp, true)
                    .appendOffsetId()
                    .toFormatter(Locale.ENGLISH);
        }
    }

    private final TemporalMode mode;

    public TemporalValues(TemporalMode mode) {
        this.mode = mode;
    }

    public TemporalMode mode() {
        return mode;
    }

    SchemaBuilder dateSchema() {
        return mode == TemporalMode.CONNECT
                ? org.apache.kafka.connect.data.Date.builder()
                : SchemaBuilder.int32().name("io.debezium.time.Date").version(1);
    }

    SchemaBuilder timeSchema() {
        return switch (mode) {
            case CONNECT -> Time.builder();
            case NANOSECONDS ->
                SchemaBuilder.int64().name("io.debezium.time.NanoTime").version(1);
            default -> SchemaBuilder.int64().name("io.debezium.time.MicroTime").version(1);
        };
    }

    SchemaBuilder datetimeSchema(int fsp) {
        return switch (mode) {
            case CONNECT -> Timestamp.builder();
            case MICROSECONDS ->
                SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1);
            case NANOSECONDS ->
                SchemaBuilder.int64().name("io.debezium.time.NanoTimestamp").version(1);
            case ADAPTIVE_TIME_MICROSECONDS ->
                fsp <= 3
                        ? SchemaBuilder.int64()
                                .name("io.debezium.time.Timestamp")
                                .version(1)
                        : SchemaBuilder.int64()
                                .name("io.debezium.time.MicroTimestamp")
                                .version(1);
        };
    }

    static SchemaBuilder timestampSchema() {
        return SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1);
    }

    static SchemaBuilder yearSchema() {
        return SchemaBuilder.int32().name("io.debezium.time.Year").version(1);
    }

    /**
     * Debezium's time adjuster (on by default, and not configurable in this connector): a year 0-69 is read as
     * 2000-2069 and 70-99 as 1970-1999, on DATE, DATETIME, TIMESTAMP and YEAR values from snapshots and the binlog.
     */
    static int year(int year) {
        if (0 <= year && year <= 69) {
            return year + 2000;
        }
        if (70 <= year && year <= 99) {
            return year + 1900;
        }
        return year;
    }

    static LocalDate adjust(LocalDate d) {
        return d.getYear() >= 0 && d.getYear() <= 99 ? d.withYear(year(d.getYear())) : d;
    }

    static LocalDateTime adjust(LocalDateTime t) {
        return t.getYear() >= 0 && t.getYear() <= 99 ? t.withYear(year(t.getYear())) : t;
    }

    Object date(LocalDate d) {
        if (d == null) {
            return null;
        }
        long day = adjust(d).toEpochDay();
        return mode == TemporalMode.CONNECT ? (Object) new Date(day * 86_400_000L) : (Object) (int) day;
    }

    Object datetime(LocalDateTime t, int fsp) {
        if (t == null) {
            return null;
        }
        Instant i = adjust(t).toInstant(ZoneOffset.UTC);
        return switch (mode) {
            case CONNECT -> new Date(i.toEpochMilli());
            case MICROSECONDS -> micros(i);
            case NANOSECONDS -> Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
            case ADAPTIVE_TIME_MICROSECONDS -> fsp <= 3 ? i.toEpochMilli() : micros(i);
        };
    }

    /** TIME given as signed microseconds. */
    Object time(long micros) {
        if (micros > MAX_TIME_MICROS + 999_999L || micros < -(MAX_TIME_MICROS + 999_999L)) {
            throw new IllegalArgumentException("TIME value outside MySQL's range -838:59:59..838:59:59");
        }
        return switch (mode) {
            case CONNECT -> {
                if (micros < 0 || micros > MICROS_PER_DAY) {
                    throw new IllegalArgumentException(
                            "TIME value outside 00:00:00-24:00:00, which Connect's Time type "
                                    + "(time.precision.mode=connect) cannot hold; use time.precision.mode="
                                    + "adaptive_time_microseconds");
                }
                yield new Date(micros / 1000L);
            }
            case NANOSECONDS -> micros * 1000L;
            default -> micros;
        };
    }

    /** TIMESTAMP from a binlog row: fixed {@code fsp} fraction digits when the column has any, as Debezium. */
    static String zonedFromBinlog(Instant i, int fsp) {
        return i == null ? null : ZONED_BY_FSP[Math.max(0, Math.min(6, fsp))].format(i.atOffset(ZoneOffset.UTC));
    }

    /** TIMESTAMP from a snapshot row: ISO-8601 with as many fraction digits as needed, as Debezium's snapshot. */
    static String zonedFromSnapshot(Instant i) {
        return i == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(i.atOffset(ZoneOffset.UTC));
    }

    /** What Debezium delivers for a NOT NULL temporal column whose value is a zero date (null here). */
    Object zeroValue(MySqlType type, int fsp) {
        return switch (type) {
            case DATE -> date(LocalDate.EPOCH);
            case DATETIME -> datetime(LocalDate.EPOCH.atStartOfDay(), fsp);
            case TIMESTAMP -> EPOCH_ZONED;
            case TIME -> time(0);
            default -> null;
        };
    }

    private static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }

    // ---- the snapshot's text values (session time zone UTC) ----

    /** {@code YYYY-MM-DD}; null for a zero month or day (Debezium keeps year 0 with a valid month and day). */
    static LocalDate parseDate(String text) {
        int y = Integer.parseInt(text.substring(0, text.indexOf('-')));
        int m = Integer.parseInt(text.substring(text.indexOf('-') + 1, text.lastIndexOf('-')));
        int d = Integer.parseInt(
                text.substring(text.lastIndexOf('-') + 1, Math.min(text.length(), text.lastIndexOf('-') + 3)));
        if (m == 0 || d == 0) {
            return null;
        }
        return LocalDate.of(y, m, d);
    }

    /** {@code YYYY-MM-DD hh:mm:ss[.ffffff]}; null for a zero month or day. */
    static LocalDateTime parseDatetime(String text) {
        int space = text.indexOf(' ');
        LocalDate d = parseDate(space < 0 ? text : text.substring(0, space));
        if (d == null) {
            return null;
        }
        if (space < 0) {
            return d.atStartOfDay();
        }
        long micros = parseTimeMicros(text.substring(space + 1));
        return d.atStartOfDay().plusNanos(micros * 1000L);
    }

    /** TIMESTAMP text in UTC; null for the zero value. */
    static Instant parseTimestamp(String text) {
        LocalDateTime t = parseDatetime(text);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    /** {@code [-]h+:mm:ss[.ffffff]} as signed microseconds. */
    static long parseTimeMicros(String text) {
        boolean negative = text.startsWith("-");
        String t = negative ? text.substring(1) : text;
        String[] parts = t.split(":");
        long h = Long.parseLong(parts[0]);
        long m = Long.parseLong(parts[1]);
        long s = 0;
        long frac = 0;
        if (parts.length > 2) {
            String sec = parts[2];
            int dot = sec.indexOf('.');
            if (dot >= 0) {
                s = Long.parseLong(sec.substring(0, dot));
                frac = Long.parseLong((sec.substring(dot + 1) + "000000").substring(0, 6));
            } else {
                s = Long.parseLong(sec);
            }
        }
        long micros = ((h * 60 + m) * 60 + s) * 1_000_000L + frac;
        return negative ? -micros : micros;
    }
}
