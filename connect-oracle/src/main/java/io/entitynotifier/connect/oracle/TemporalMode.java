package io.entitynotifier.connect.oracle;

import java.util.Locale;

/**
 * {@code time.precision.mode} of the Oracle connector, the two values Debezium's Oracle connector documents. Zoned
 * timestamps and intervals are the same in both.
 */
public enum TemporalMode {
    /** Debezium's default: DATE and TIMESTAMP(0-3) io.debezium.time.Timestamp, (4-6) MicroTimestamp, (7-9) Nano. */
    ADAPTIVE,
    /** Connect's Timestamp logical type (milliseconds; finer digits are dropped, as in Debezium). */
    CONNECT;

    public static final String DEFAULT = "adaptive";

    public static TemporalMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
