package io.entitynotifier.connect.oracle;

import java.util.Locale;

/** {@code interval.handling.mode}, as in Debezium's Oracle connector. */
public enum IntervalMode {
    /** Debezium's default: io.debezium.time.MicroDuration, INT64 microseconds (a month is 365.25/12 days). */
    NUMERIC,
    /** io.debezium.time.Interval: the ISO-8601 text PnYnMnDTnHnMnS. */
    STRING;

    public static final String DEFAULT = "numeric";

    public static IntervalMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
