package io.entitynotifier.connect.oracle.logminer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.oracle.CapturedColumn;
import io.entitynotifier.connect.oracle.ColumnKind;
import io.entitynotifier.connect.oracle.IntervalMode;
import io.entitynotifier.connect.oracle.OracleColumn;
import io.entitynotifier.connect.oracle.TemporalMode;

/** Column DEFAULTs as schema defaults, by the rules of Debezium 3.6.1's OracleDefaultValueConverter. */
class ColumnDefaultsTest {

    private static CapturedColumn col(String type, Integer length, Integer p, Integer s, boolean nullable) {
        OracleColumn c = new OracleColumn("C", type, length, p, s, nullable, false);
        return new CapturedColumn(
                c,
                ColumnKind.of(c),
                DecimalHandlingMode.PRECISE,
                BinaryHandlingMode.BYTES,
                TemporalMode.ADAPTIVE,
                IntervalMode.NUMERIC,
                "x");
    }

    private static Object def(CapturedColumn c, String text) {
        Object v = ColumnDefaults.of(c, text);
        if (v != null) {
            assertEquals(v, c.defaultValue(v).schema().defaultValue(), "the schema accepts it");
        }
        return v;
    }

    @Test
    void numbersAndStrings() {
        assertEquals((byte) 1, def(col("NUMBER", 22, 1, 0, true), "1 "));
        assertEquals(42L, def(col("NUMBER", 22, 12, 0, true), "(42)"));
        assertEquals(new BigDecimal("1.50"), def(col("NUMBER", 22, 10, 2, true), "1.5"));
        assertNull(def(col("NUMBER", 22, null, null, true), "1.5"), "a VariableScaleDecimal Struct: no default");
        assertEquals(2.5f, def(col("BINARY_FLOAT", 4, null, null, true), "2.5"));
        assertEquals("abc", def(col("VARCHAR2", 20, null, null, true), "'abc'"));
        assertEquals("ab   ", def(col("CHAR", 5, null, null, true), "'ab'"), "CHAR is padded to its length");
        assertEquals("", def(col("CLOB", 4000, null, null, true), "EMPTY_CLOB()"));
        assertArrayEquals(new byte[0], (byte[]) def(col("BLOB", 4000, null, null, true), "EMPTY_BLOB()"));
        assertNull(def(col("NUMBER", 22, 5, 0, true), "NULL"));
        assertNull(def(col("NUMBER", 22, 5, 0, true), "1 + 1"), "expressions are not evaluated");
        assertNull(def(col("NUMBER", 22, 5, 0, true), null));
        assertNull(def(col("RAW", 16, null, null, true), "HEXTORAW('CAFE')"), "no RAW defaults in Debezium");
    }

    @Test
    void temporalDefaults() {
        assertEquals(1_609_545_600_000L, def(col("DATE", 7, null, null, true), "TO_DATE('2021-01-02', 'YYYY-MM-DD')"));
        assertEquals(
                1_609_545_600_500_000L,
                def(
                        col("TIMESTAMP(6)", 11, null, 6, true),
                        "TO_TIMESTAMP('2021-01-02 00:00:00.5', 'YYYY-MM-DD HH24:MI:SS.FF')"));
        assertNull(def(col("DATE", 7, null, null, true), "SYSDATE"), "nullable: SYSDATE gives no default");
        assertEquals(0L, def(col("DATE", 7, null, null, false), "SYSDATE"));
        assertEquals("1970-01-01T00:00:00Z", def(col("TIMESTAMP(6) WITH TIME ZONE", 13, null, 6, false), "SYSDATE"));
        assertNull(def(col("TIMESTAMP(6)", 11, null, 6, false), "SYSTIMESTAMP"));
        assertEquals(36_817_200_000_000L, def(col("INTERVAL YEAR(2) TO MONTH", 5, 2, 0, true), "'+01-02'"));
        assertEquals(93_784_500_000L, def(col("INTERVAL DAY(2) TO SECOND(6)", 11, 2, 6, true), "'+01 02:03:04.5'"));
        assertNull(def(col("INTERVAL YEAR(2) TO MONTH", 5, 2, 0, true), "INTERVAL '1-2' YEAR TO MONTH"));
    }
}
