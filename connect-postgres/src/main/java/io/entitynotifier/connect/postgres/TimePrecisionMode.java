package io.entitynotifier.connect.postgres;

import java.util.Locale;

/**
 * {@code time.precision.mode} of the PostgreSQL connector, with Debezium's meanings. {@code precision} is the column's
 * fraction digits (0-6; a column declared without one has 6).
 */
public enum TimePrecisionMode {
    /** Debezium's default: Date; Time/Timestamp (milliseconds) up to precision 3, MicroTime/MicroTimestamp above. */
    ADAPTIVE,
    /** As adaptive, but time columns always MicroTime. */
    ADAPTIVE_TIME_MICROSECONDS,
    /** Date, MicroTime, MicroTimestamp. */
    MICROSECONDS,
    /** Date, NanoTime, NanoTimestamp. */
    NANOSECONDS,
    /** Connect's Date, Time and Timestamp logical types (milliseconds). */
    CONNECT;

    public static final String DEFAULT = "adaptive";

    /** The accepted configuration values. */
    public static String[] names() {
        return new String[] {"adaptive", "adaptive_time_microseconds", "microseconds", "nanoseconds", "connect"};
    }

    public static TimePrecisionMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** The unit of a time column's value: 'm' milliseconds (INT32), 'u' microseconds, 'n' nanoseconds (INT64). */
    char timeUnit(int precision) {
        return switch (this) {
            case ADAPTIVE -> precision <= 3 ? 'm' : 'u';
            case ADAPTIVE_TIME_MICROSECONDS, MICROSECONDS -> 'u';
            case NANOSECONDS -> 'n';
            case CONNECT -> 'm';
        };
    }

    /** The unit of a timestamp column's value (all INT64): 'm', 'u' or 'n'. */
    char timestampUnit(int precision) {
        return switch (this) {
            case ADAPTIVE, ADAPTIVE_TIME_MICROSECONDS -> precision <= 3 ? 'm' : 'u';
            case MICROSECONDS -> 'u';
            case NANOSECONDS -> 'n';
            case CONNECT -> 'm';
        };
    }
}
