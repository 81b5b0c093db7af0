package io.entitynotifier.connect.mysql.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

/**
 * Column DEFAULTs as schema default values, and the other conversions the differential test against Debezium 3.6.1
 * (MySqlDebeziumDiffIT) found: FLOAT(M,D), snapshot FLOAT and YEAR, the two-digit-year time adjuster.
 */
class ColumnDefaultsTest {

    private final TypeMapper debezium = new TypeMapper();

    private static MySqlColumn col(MySqlType type, boolean nullable, String defaultValue) {
        return new MySqlColumn(
                "c", type, false, 0, 0, 0, 0, StandardCharsets.UTF_8, List.of("x", "y"), nullable, false, defaultValue);
    }

    private static MySqlColumn col(MySqlType type, int length, int precision, int scale, int fsp, String dflt) {
        return new MySqlColumn("c", type, false, length, precision, scale, fsp, null, List.of(), true, false, dflt);
    }

    private Object dflt(MySqlColumn c) {
        return debezium.schema(c).defaultValue();
    }

    @Test
    void informationSchemaDefaultsAsDebeziumsDdlParserReadsThem() {
        // MySQL 8: literals as they are; CURRENT_TIMESTAMP as Debezium's now(); expressions and NULL as none
        assertEquals("42", ColumnDefaults.expression("42", "", false));
        assertEquals("ab", ColumnDefaults.expression("ab", "", false));
        assertEquals("1970-01-01 00:00:00", ColumnDefaults.expression("CURRENT_TIMESTAMP", "DEFAULT_GENERATED", false));
        assertEquals(
                "1970-01-01 00:00:00",
                ColumnDefaults.expression(
                        "CURRENT_TIMESTAMP(3)", "DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)", false));
        assertNull(ColumnDefaults.expression("rand()", "DEFAULT_GENERATED", false));
        assertNull(ColumnDefaults.expression(null, "", false));
        assertEquals("101", ColumnDefaults.expression("b'101'", "", false));
        // MariaDB: quoted strings, NULL as text, current_timestamp() as a function, other functions as none
        assertEquals("it's", ColumnDefaults.expression("'it''s'", "", true));
        assertEquals("1.50", ColumnDefaults.expression("1.50", "", true));
        assertNull(ColumnDefaults.expression("NULL", "", true));
        assertEquals("1970-01-01 00:00:00", ColumnDefaults.expression("current_timestamp()", "", true));
        assertNull(ColumnDefaults.expression("uuid()", "", true));
    }

    @Test
    void defaultsConvertedLikeTheColumnsValues() {
        assertEquals(42, dflt(col(MySqlType.INT, false, "42")));
        assertEquals((short) 1, dflt(col(MySqlType.TINYINT, true, "TRUE")));
        assertEquals("y", dflt(col(MySqlType.ENUM, false, "y")));
        assertEquals("ab", dflt(col(MySqlType.STRING, false, "ab")));
        Schema num = debezium.schema(col(MySqlType.DECIMAL, 0, 5, 2, 0, "1.5"));
        assertEquals(Decimal.LOGICAL_NAME, num.name());
        assertEquals(new BigDecimal("1.50"), num.defaultValue());
        assertEquals(2.5, dflt(col(MySqlType.DOUBLE, true, "2.5")));
        assertEquals(2.5f, dflt(col(MySqlType.FLOAT, true, "2.5")));
        assertArrayEquals(new byte[] {5, 0}, (byte[]) dflt(col(MySqlType.BIT, 10, 0, 0, 0, "101")));
        assertEquals(true, dflt(col(MySqlType.BIT, 1, 0, 0, 0, "1")));
        assertEquals((int) LocalDate.of(2020, 1, 2).toEpochDay(), dflt(col(MySqlType.DATE, true, "2020-01-02")));
        assertEquals(1577934245678901L, dflt(col(MySqlType.DATETIME, 0, 0, 0, 6, "2020-01-02 03:04:05.678901")));
        assertEquals(3723456000L, dflt(col(MySqlType.TIME, 0, 0, 0, 6, "01:02:03.456")));
        assertEquals(1999, dflt(col(MySqlType.YEAR, true, "1999")));
        // zero dates: none for a nullable column, the epoch for a NOT NULL one; now() likewise for TIMESTAMP
        assertNull(dflt(col(MySqlType.DATE, true, "0000-00-00")));
        assertEquals(0, dflt(col(MySqlType.DATE, false, "0000-00-00")));
        assertNull(dflt(col(MySqlType.TIMESTAMP, true, "1970-01-01 00:00:00")));
        assertEquals("1970-01-01T00:00:00Z", dflt(col(MySqlType.TIMESTAMP, false, "1970-01-01 00:00:00")));
        MySqlColumn ts3 = new MySqlColumn(
                "c", MySqlType.TIMESTAMP, false, 0, 0, 0, 3, null, List.of(), false, false, "2020-01-02 03:04:05.5");
        assertEquals("2020-01-02T03:04:05.500Z", dflt(ts3));
        // DATETIME DEFAULT CURRENT_TIMESTAMP is the epoch even when nullable, as in Debezium
        assertEquals(0L, dflt(col(MySqlType.DATETIME, true, "1970-01-01 00:00:00")));
        // a literal that does not convert is dropped, as Debezium drops it
        assertNull(dflt(col(MySqlType.INT, true, "not a number")));
        assertNull(dflt(col(MySqlType.INT, true, null)));
    }

    @Test
    void scaledFloatIsFloat64AndSnapshotFloatIsItsText() {
        MySqlColumn plain = col(MySqlType.FLOAT, 0, 0, 0, 0, null);
        MySqlColumn scaled = col(MySqlType.FLOAT, 0, 7, 3, 0, null);
        assertEquals(Schema.Type.FLOAT32, debezium.schema(plain).type());
        assertEquals(Schema.Type.FLOAT64, debezium.schema(scaled).type());
        assertEquals(1234.5670166015625, debezium.fromBinlog(scaled, debezium.schema(scaled), 1234.567f));
        assertEquals(3.1415927f, debezium.fromBinlog(plain, debezium.schema(plain), 3.1415927f));
        // the catalog brings FLOAT(M,D) to a table-map column
        assertEquals(
                Schema.Type.FLOAT64,
                debezium.schema(plain.withCatalog(new ColumnDefaults.Catalog(null, 7, 3)))
                        .type());
    }

    @Test
    void twoDigitYearsAreAdjustedAsDebeziumsTimeAdjuster() {
        MySqlColumn date = col(MySqlType.DATE, 0, 0, 0, 0, null);
        assertEquals((int) LocalDate.of(2001, 1, 1).toEpochDay(), debezium.temporal(date, "0001-01-01"));
        assertEquals((int) LocalDate.of(1999, 3, 1).toEpochDay(), debezium.temporal(date, "0099-03-01"));
        assertEquals((int) LocalDate.of(100, 3, 1).toEpochDay(), debezium.temporal(date, "0100-03-01"));
        MySqlColumn dt = col(MySqlType.DATETIME, 0, 0, 0, 0, null);
        assertEquals(
                LocalDateTime.of(2069, 5, 5, 1, 2, 3).toEpochSecond(java.time.ZoneOffset.UTC) * 1000L,
                debezium.fromBinlog(dt, debezium.schema(dt), LocalDateTime.of(69, 5, 5, 1, 2, 3)));
        MySqlColumn y = col(MySqlType.YEAR, 0, 0, 0, 0, null);
        assertEquals(2000, debezium.temporal(y, "0000")); // the snapshot's YEAR 0000; the binlog gives 1900
        assertEquals(2155, debezium.temporal(y, "2155"));
    }
}
