package io.entitynotifier.connect.oracle.logminer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.oracle.OracleTable;
import io.entitynotifier.connect.oracle.TestTables;

class RedoRowDecoderTest {

    final SqlRedoParser parser = new SqlRedoParser();
    final RedoRowDecoder decoder = new RedoRowDecoder();

    @Test
    void excludedColumnsAreIgnoredEvenWhenLogMinerCannotShowThem() {
        OracleTable t = TestTables.table(
                "APP",
                "DOCS",
                "ID NUMBER(5) PK, DOC XMLTYPE, SECRET VARCHAR2(10)",
                DecimalHandlingMode.PRECISE,
                Set.of("DOC", "SECRET"));
        RowChange c = decoder.decode(
                parser.parse("insert into \"APP\".\"DOCS\"(\"ID\",\"DOC\",\"SECRET\") values "
                        + "('1',Unsupported Type,'pw');"),
                t);
        assertEquals(1, c.after().length);
        assertEquals(1, c.after()[0]);
    }

    @Test
    void decimalHandlingModesApplyToRedoValues() {
        String redo = "insert into \"APP\".\"P\"(\"ID\",\"PRICE\",\"ANY\") values ('1','12.5','-0.125');";
        OracleTable asDouble = TestTables.table(
                "APP", "P", "ID NUMBER(5) PK, PRICE NUMBER(10,2), ANY NUMBER", DecimalHandlingMode.DOUBLE, Set.of());
        RowChange d = decoder.decode(parser.parse(redo), asDouble);
        assertEquals(12.5, d.after()[1]);
        assertEquals(-0.125, d.after()[2]);
        OracleTable asString = TestTables.table(
                "APP", "P", "ID NUMBER(5) PK, PRICE NUMBER(10,2), ANY NUMBER", DecimalHandlingMode.STRING, Set.of());
        RowChange s = decoder.decode(parser.parse(redo), asString);
        assertEquals("12.5", s.after()[1]); // common DecimalHandlingMode: plain text, no padding to the scale
        assertEquals("-0.125", s.after()[2]);
    }

    @Test
    void aStatementOnAnotherColumnSetIsRefused() {
        OracleTable t = TestTables.table("APP", "T", "ID NUMBER(5) PK");
        assertThrows(
                RedoParseException.class,
                () -> decoder.decode(parser.parse("update \"APP\".\"T\" set \"GONE\" = '1' where \"ID\" = '1';"), t));
    }
}
