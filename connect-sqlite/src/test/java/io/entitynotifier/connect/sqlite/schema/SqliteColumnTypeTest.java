package io.entitynotifier.connect.sqlite.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.sqlite.schema.SqliteColumnType.Kind;

class SqliteColumnTypeTest {

    static Kind kind(String declared) {
        return SqliteColumnType.of(declared, true, DecimalHandlingMode.PRECISE).kind();
    }

    @Test
    void followsSqliteAffinityRules() {
        assertEquals(Kind.INT64, kind("INTEGER"));
        assertEquals(Kind.INT64, kind("BIGINT"));
        assertEquals(Kind.INT64, kind("POINT")); // contains INT: SQLite's rule, not ours
        assertEquals(Kind.STRING, kind("VARCHAR(20)"));
        assertEquals(Kind.STRING, kind("CLOB"));
        assertEquals(Kind.STRING, kind(""));
        assertEquals(Kind.BYTES, kind("BLOB"));
        assertEquals(Kind.FLOAT64, kind("DOUBLE PRECISION"));
        assertEquals(Kind.BOOLEAN, kind("BOOLEAN"));
        assertEquals(Kind.DATE, kind("DATE"));
        assertEquals(Kind.TIMESTAMP, kind("DATETIME"));
        assertEquals(Kind.TIME, kind("TIME"));
        assertEquals(Kind.DECIMAL, kind("DECIMAL(10,2)"));
        assertEquals(Kind.NUMERIC_TEXT, kind("NUMERIC"));
    }

    @Test
    void decimalsKeepTheirScaleAndRejectWhatWouldNeedRounding() {
        SqliteColumnType t = SqliteColumnType.of("DECIMAL(10,2)", true, DecimalHandlingMode.PRECISE);
        assertEquals(new BigDecimal("0.10"), t.convert(0.1));
        assertEquals(new BigDecimal("12.00"), t.convert(12L));
        assertEquals(new BigDecimal("3.50"), t.convert("3.5"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.convert(1.234));
        assertTrue(e.getMessage().contains("more than 2 fractional digits"), e.getMessage());
    }

    @Test
    void aValueThatDoesNotFitItsDeclaredTypeIsAnError() {
        SqliteColumnType t = SqliteColumnType.of("INTEGER", true, DecimalHandlingMode.PRECISE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.convert("abc"));
        assertTrue(e.getMessage().contains("'abc' (text) does not fit declared type 'INTEGER'"), e.getMessage());
    }

    @Test
    void datesAndTimes() {
        assertEquals(
                86_400_000L,
                ((java.util.Date) SqliteColumnType.of("DATE", true, DecimalHandlingMode.PRECISE)
                                .convert("1970-01-02"))
                        .getTime());
        SqliteColumnType ts = SqliteColumnType.of("DATETIME", true, DecimalHandlingMode.PRECISE);
        assertEquals(1_500L, ((java.util.Date) ts.convert("1970-01-01 00:00:01.5")).getTime());
        assertEquals(1_000L, ((java.util.Date) ts.convert("1970-01-01T01:00:01+01:00")).getTime());
        assertEquals(2_000L, ((java.util.Date) ts.convert(2L)).getTime());
        assertEquals(
                3_723_004L,
                ((java.util.Date) SqliteColumnType.of("TIME", true, DecimalHandlingMode.PRECISE)
                                .convert("01:02:03.004"))
                        .getTime());
    }
}
