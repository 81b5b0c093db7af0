package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.DecimalHandlingMode;

class ColumnKindTest {

    static ColumnKind kind(String type, Integer p, Integer s) {
        return ColumnKind.of(new OracleColumn("C", type, null, p, s, true, false));
    }

    @Test
    void numbersFollowDebeziumWidths() {
        assertEquals(ColumnKind.INT8, kind("NUMBER", 1, 0));
        assertEquals(ColumnKind.INT8, kind("NUMBER", 2, 0));
        assertEquals(ColumnKind.INT16, kind("NUMBER", 3, 0));
        assertEquals(ColumnKind.INT16, kind("NUMBER", 4, 0));
        assertEquals(ColumnKind.INT32, kind("NUMBER", 5, 0));
        assertEquals(ColumnKind.INT32, kind("NUMBER", 9, 0));
        assertEquals(ColumnKind.INT64, kind("NUMBER", 10, 0));
        assertEquals(ColumnKind.INT64, kind("NUMBER", 18, 0));
        assertEquals(ColumnKind.DECIMAL, kind("NUMBER", 19, 0));
        assertEquals(ColumnKind.DECIMAL, kind("NUMBER", 38, 0));
        assertEquals(ColumnKind.INT16, kind("NUMBER", 2, -2)); // NUMBER(2,-2) holds up to 9900
        assertEquals(ColumnKind.DECIMAL, kind("NUMBER", 10, 2));
        assertEquals(ColumnKind.DECIMAL, kind("NUMBER", null, 0)); // NUMBER(*,0), INTEGER
        assertEquals(ColumnKind.VARIABLE_DECIMAL, kind("NUMBER", null, null));
        assertEquals(ColumnKind.VARIABLE_DECIMAL, kind("FLOAT", 126, null));
    }

    @Test
    void fractionDigitsFromTheTypeNameOrDataScale() {
        assertEquals(0, ColumnKind.fractionDigits(new OracleColumn("C", "DATE", 7, null, null, true, false)));
        assertEquals(3, ColumnKind.fractionDigits(new OracleColumn("C", "TIMESTAMP(3)", 11, null, 3, true, false)));
        assertEquals(9, ColumnKind.fractionDigits(new OracleColumn("C", "TIMESTAMP(9)", 11, null, null, true, false)));
        assertEquals(
                0,
                ColumnKind.fractionDigits(
                        new OracleColumn("C", "TIMESTAMP(0) WITH TIME ZONE", 13, null, 0, true, false)));
        assertEquals(
                6,
                ColumnKind.fractionDigits(
                        new OracleColumn("C", "TIMESTAMP WITH TIME ZONE", 13, null, null, true, false)));
        assertEquals(
                4,
                ColumnKind.fractionDigits(
                        new OracleColumn("C", "INTERVAL DAY(2) TO SECOND(4)", 11, 2, 4, true, false)));
    }

    @Test
    void otherTypes() {
        assertEquals(ColumnKind.TIMESTAMP, kind("DATE", null, null));
        assertEquals(ColumnKind.TIMESTAMP, kind("TIMESTAMP(6)", null, 6));
        assertEquals(ColumnKind.ZONED_TIMESTAMP, kind("TIMESTAMP(9) WITH TIME ZONE", null, 9));
        assertEquals(ColumnKind.STRING, kind("NVARCHAR2", null, null));
        assertEquals(ColumnKind.BYTES, kind("RAW", null, null));
        assertEquals(ColumnKind.CLOB, kind("NCLOB", null, null));
        assertEquals(ColumnKind.LOCAL_ZONED_TIMESTAMP, kind("TIMESTAMP(6) WITH LOCAL TIME ZONE", null, 6));
        assertEquals(ColumnKind.INTERVAL_DAY_SECOND, kind("INTERVAL DAY(2) TO SECOND(6)", 2, 6));
        assertEquals(ColumnKind.INTERVAL_YEAR_MONTH, kind("INTERVAL YEAR(2) TO MONTH", 2, 0));
        assertEquals(ColumnKind.STRING, kind("ROWID", null, null));
        assertEquals(ColumnKind.XML, kind("XMLTYPE", null, null));
        // not supported by Debezium's Oracle connector either
        for (String unsupported : new String[] {"LONG", "LONG RAW", "BFILE", "SDO_GEOMETRY", "UROWID", "VECTOR"}) {
            assertNull(kind(unsupported, null, null), unsupported);
        }
    }

    @Test
    void negativeScaleWideNumbersKeepTheirScaleAsDebezium() {
        OracleColumn wide = new OracleColumn("W", "NUMBER", null, 20, -2, true, false);
        assertEquals(ColumnKind.DECIMAL, ColumnKind.of(wide)); // 20 - (-2) = 22 digits
        CapturedColumn c = new CapturedColumn(wide, ColumnKind.DECIMAL, DecimalHandlingMode.PRECISE, "x");
        assertEquals("-2", c.schema().parameters().get("scale"));
        assertEquals("20", c.schema().parameters().get("connect.decimal.precision"));
        assertEquals(new java.math.BigDecimal(java.math.BigInteger.valueOf(1230), -2), c.fromString("123000"));
        assertEquals(-2, ((java.math.BigDecimal) c.fromString("123000")).scale());
    }

    @Test
    void xmlIsANamedStringAndALob() {
        OracleColumn x = new OracleColumn("X", "XMLTYPE", null, null, null, true, false);
        CapturedColumn c = new CapturedColumn(x, ColumnKind.XML, DecimalHandlingMode.PRECISE, "x");
        assertEquals(Schema.Type.STRING, c.schema().type());
        assertEquals("io.debezium.data.Xml", c.schema().name());
        assertEquals("<a/>", c.fromString("<a/>"));
        assertEquals(true, c.isLob());
    }

    @Test
    void schemasFollowDecimalHandlingMode() {
        OracleColumn price = new OracleColumn("P", "NUMBER", null, 10, 2, true, false);
        assertEquals(
                "org.apache.kafka.connect.data.Decimal",
                new CapturedColumn(price, ColumnKind.DECIMAL, DecimalHandlingMode.PRECISE, "x")
                        .schema()
                        .name());
        assertEquals(
                Schema.Type.FLOAT64,
                new CapturedColumn(price, ColumnKind.DECIMAL, DecimalHandlingMode.DOUBLE, "x")
                        .schema()
                        .type());
        OracleColumn any = new OracleColumn("N", "NUMBER", null, null, null, false, true);
        Schema vsd = new CapturedColumn(any, ColumnKind.VARIABLE_DECIMAL, DecimalHandlingMode.PRECISE, "x").schema();
        assertEquals(CapturedColumn.VARIABLE_SCALE_DECIMAL_NAME, vsd.name());
        assertEquals(false, vsd.isOptional());
        assertEquals(
                Schema.Type.STRING,
                new CapturedColumn(any, ColumnKind.VARIABLE_DECIMAL, DecimalHandlingMode.STRING, "x")
                        .schema()
                        .type());
    }
}
