package io.entitynotifier.connect.mysql.schema;

import java.util.Locale;

/**
 * {@code time.precision.mode} of the MySQL connector, with Debezium's MySQL values. Debezium's MySQL connector
 * refuses {@code adaptive} (it can overflow TIME); so does this one. {@code isostring} is not implemented and refused.
 */
public enum TemporalMode {
    /** Debezium's MySQL default: DATE as Date, TIME as MicroTime, DATETIME as Timestamp or MicroTimestamp by precision. */
    ADAPTIVE_TIME_MICROSECONDS("adaptive_time_microseconds"),
    /** Connect's Date, Time and Timestamp logical types (milliseconds; TIME within 00:00:00-24:00:00). */
    CONNECT("connect"),
    /** Date, MicroTime, MicroTimestamp. */
    MICROSECONDS("microseconds"),
    /** Date, NanoTime, NanoTimestamp. */
    NANOSECONDS("nanoseconds");

    public static final String DEFAULT = "adaptive_time_microseconds";

    private final String value;

    TemporalMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The accepted configuration values. */
    public static String[] names() {
        return new String[] {"adaptive_time_microseconds", "connect", "microseconds", "nanoseconds"};
    }

    /** The message for a value Debezium's MySQL connector (or this one) refuses; null when {@code value} is accepted. */
    public static String refusal(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (TemporalMode m : values()) {
            if (m.value.equals(v)) {
                return null;
            }
        }
        if (v.equals("adaptive")) {
            return "The 'adaptive' time.precision.mode is no longer supported (as in Debezium's MySQL connector); use "
                    + "'adaptive_time_microseconds'";
        }
        if (v.equals("isostring")) {
            return "time.precision.mode 'isostring' is not supported by this connector; use "
                    + "'adaptive_time_microseconds', 'connect', 'microseconds' or 'nanoseconds'";
        }
        return "time.precision.mode must be one of adaptive_time_microseconds, connect, microseconds, nanoseconds";
    }

    public static TemporalMode parse(String value) {
        String refusal = refusal(value);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (TemporalMode m : values()) {
            if (m.value.equals(v)) {
                return m;
            }
        }
        throw new IllegalStateException();
    }
}
