package io.entitynotifier.connect.oracle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/** Reads a snapshot column from JDBC as the plain Java value ({@link #raw}) and as its Connect value. */
public final class JdbcValueReader {

    private JdbcValueReader() {}

    /** The driver's value for the column's kind: BigDecimal, Double, String, byte[], LocalDateTime, OffsetDateTime. */
    public static Object raw(ResultSet rs, int i, CapturedColumn c) throws SQLException {
        return switch (c.kind()) {
            case INT8, INT16, INT32, INT64, DECIMAL, VARIABLE_DECIMAL -> rs.getBigDecimal(i);
            case FLOAT32, FLOAT64 -> {
                double d = rs.getDouble(i);
                yield rs.wasNull() ? null : d;
            }
            case STRING, CLOB, XML, INTERVAL_YEAR_MONTH, INTERVAL_DAY_SECOND -> rs.getString(i);
            case BYTES, BLOB -> rs.getBytes(i);
            // WITH LOCAL TIME ZONE: read in the session's TIME_ZONE, which the connector sets to 00:00
            case TIMESTAMP, LOCAL_ZONED_TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case ZONED_TIMESTAMP -> rs.getObject(i, OffsetDateTime.class);
        };
    }

    public static Object connect(Object raw, CapturedColumn c) {
        if (raw == null) {
            return null;
        }
        return switch (c.kind()) {
            case INT8, INT16, INT32, INT64, DECIMAL, VARIABLE_DECIMAL -> c.fromDecimal((java.math.BigDecimal) raw);
            case FLOAT32, FLOAT64 -> c.fromDouble((Double) raw);
            case STRING, CLOB, XML, INTERVAL_YEAR_MONTH, INTERVAL_DAY_SECOND -> c.fromString((String) raw);
            case BYTES, BLOB -> c.fromBytes((byte[]) raw);
            case TIMESTAMP, LOCAL_ZONED_TIMESTAMP -> c.fromLocalDateTime((LocalDateTime) raw);
            case ZONED_TIMESTAMP -> c.fromZoned(((OffsetDateTime) raw).toZonedDateTime());
        };
    }
}
