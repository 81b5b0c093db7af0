package io.entitynotifier.connect.oracle;

import java.util.Locale;

/** How an Oracle column type is carried in Connect; decides both its schema and how its values are converted. */
public enum ColumnKind {
    INT8,
    INT16,
    INT32,
    INT64,
    /** NUMBER(p,s) with s > 0, or p > 18: per {@code decimal.handling.mode}. */
    DECIMAL,
    /** NUMBER and FLOAT without a fixed scale: Debezium's VariableScaleDecimal in precise mode. */
    VARIABLE_DECIMAL,
    FLOAT32,
    FLOAT64,
    STRING,
    /** XMLTYPE: the document text, named {@code io.debezium.data.Xml} as in Debezium. */
    XML,
    /** CLOB/NCLOB: a string; out-of-line contents are not mined, see {@code unavailable.value.placeholder}. */
    CLOB,
    BYTES,
    BLOB,
    /**
     * DATE and TIMESTAMP(n): by {@code time.precision.mode}, io.debezium.time.Timestamp/MicroTimestamp/NanoTimestamp
     * (adaptive, by the fractional precision) or Connect's Timestamp.
     */
    TIMESTAMP,
    /** TIMESTAMP(n) WITH TIME ZONE: {@code io.debezium.time.ZonedTimestamp} string. */
    ZONED_TIMESTAMP,
    /** TIMESTAMP(n) WITH LOCAL TIME ZONE: {@code io.debezium.time.ZonedTimestamp} string in UTC. */
    LOCAL_ZONED_TIMESTAMP,
    /** INTERVAL YEAR TO MONTH: io.debezium.time.MicroDuration, or Interval text per interval.handling.mode. */
    INTERVAL_YEAR_MONTH,
    /** INTERVAL DAY TO SECOND: io.debezium.time.MicroDuration, or Interval text per interval.handling.mode. */
    INTERVAL_DAY_SECOND;

    /**
     * The kind for a column, or null when the type is not supported (the caller names the column and type).
     * Integer NUMBERs follow Debezium: digits before the point (p - s) under 3, 5, 10, 19 give INT8..INT64.
     */
    public static ColumnKind of(OracleColumn c) {
        String type = c.dataType().toUpperCase(Locale.ROOT);
        if (type.startsWith("TIMESTAMP")) {
            if (type.endsWith("WITH LOCAL TIME ZONE")) {
                return LOCAL_ZONED_TIMESTAMP;
            }
            return type.endsWith("WITH TIME ZONE") ? ZONED_TIMESTAMP : TIMESTAMP;
        }
        if (type.startsWith("INTERVAL YEAR")) {
            return INTERVAL_YEAR_MONTH;
        }
        if (type.startsWith("INTERVAL DAY")) {
            return INTERVAL_DAY_SECOND;
        }
        return switch (type) {
            case "NUMBER" -> number(c.precision(), c.scale());
            case "INTEGER", "INT", "SMALLINT" -> DECIMAL;
            case "FLOAT" -> VARIABLE_DECIMAL;
            case "BINARY_FLOAT" -> FLOAT32;
            case "BINARY_DOUBLE" -> FLOAT64;
            // ROWID is a plain string in Debezium too; UROWID is unsupported there (and here)
            case "VARCHAR2", "NVARCHAR2", "CHAR", "NCHAR", "VARCHAR", "ROWID" -> STRING;
            case "XMLTYPE" -> XML;
            case "CLOB", "NCLOB" -> CLOB;
            case "RAW" -> BYTES;
            case "BLOB" -> BLOB;
            case "DATE" -> TIMESTAMP;
            default -> null;
        };
    }

    /**
     * Fractional-second digits of a DATE (0), TIMESTAMP(n) and its zoned forms (n, from the type name or
     * DATA_SCALE; 6 when neither says), or INTERVAL DAY TO SECOND(n) (DATA_SCALE).
     */
    public static int fractionDigits(OracleColumn c) {
        String type = c.dataType().toUpperCase(Locale.ROOT);
        if (type.equals("DATE")) {
            return 0;
        }
        int open = type.lastIndexOf('(');
        int close = type.indexOf(')', open + 1);
        if (type.startsWith("TIMESTAMP(") && open > 0 && close > open) {
            try {
                return Integer.parseInt(type.substring(open + 1, close).trim());
            } catch (NumberFormatException e) {
                // fall through to DATA_SCALE
            }
        }
        return c.scale() != null ? c.scale() : 6;
    }

    private static ColumnKind number(Integer precision, Integer scale) {
        if (precision == null) {
            // NUMBER(*,0) (and INTEGER) has scale 0 but no precision: up to 38 digits.
            return scale != null && scale == 0 ? DECIMAL : VARIABLE_DECIMAL;
        }
        int s = scale == null ? 0 : scale;
        if (s > 0) {
            return DECIMAL;
        }
        int digits = precision - s;
        if (digits < 3) {
            return INT8;
        }
        if (digits < 5) {
            return INT16;
        }
        if (digits < 10) {
            return INT32;
        }
        if (digits < 19) {
            return INT64;
        }
        return DECIMAL;
    }
}
