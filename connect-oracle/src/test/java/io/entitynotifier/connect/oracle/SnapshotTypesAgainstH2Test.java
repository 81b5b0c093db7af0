package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.common.schema.TableFilter;

/**
 * The snapshot path (ALL_TAB_COLUMNS, then JDBC values) for every supported type, on the H2 stand-in: the schema
 * names and values Debezium 3.6.1's source gives with its defaults. H2 is not Oracle (see docs/oracle.md).
 */
class SnapshotTypesAgainstH2Test {

    private static final String SPEC = "ID NUMBER(5) PK, N2 NUMBER(2), N4 NUMBER(4), N9 NUMBER(9), N18 NUMBER(18), "
            + "N38 NUMBER(38), NP NUMBER(10,2), NV NUMBER, F FLOAT, BF BINARY_FLOAT, BD BINARY_DOUBLE, "
            + "C CHAR(3), VC VARCHAR2(20), NC NCHAR(2), NVC NVARCHAR2(20), R RAW(4), D DATE, T3 TIMESTAMP(3), "
            + "T6 TIMESTAMP(6), T9 TIMESTAMP(9), TZ TIMESTAMP(6) WITH TIME ZONE, "
            + "LTZ TIMESTAMP(6) WITH LOCAL TIME ZONE, YM INTERVAL YEAR TO MONTH, DS INTERVAL DAY TO SECOND(6), "
            + "RID ROWID, X XMLTYPE, CL CLOB, BL BLOB";

    private static Map<String, Object> read(H2Oracle db, TemporalMode t, IntervalMode i) throws Exception {
        OracleSchemaReader reader = new OracleSchemaReader(
                        "p",
                        "DB",
                        new TableFilter(List.of(), List.of(), List.of()),
                        new SchemaFilter(List.of(), List.of()),
                        DecimalHandlingMode.PRECISE,
                        BinaryHandlingMode.BYTES,
                        "x",
                        TestTables.SOURCE)
                .temporal(t, i);
        OracleTable table = reader.read(db.connection(), reader.tableId("APP", "ALLTYPES"));
        Map<String, Object> out = new LinkedHashMap<>();
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM \"APP\".\"ALLTYPES\"")) {
            rs.next();
            for (int k = 0; k < table.columns().size(); k++) {
                CapturedColumn c = table.columns().get(k);
                String schema = c.schema().type()
                        + (c.schema().name() == null ? "" : " " + c.schema().name());
                out.put(
                        c.name(),
                        schema + " = " + render(JdbcValueReader.connect(JdbcValueReader.raw(rs, k + 1, c), c)));
            }
        }
        return out;
    }

    private static String render(Object v) {
        if (v instanceof Struct s) {
            return "vsd:" + CapturedColumn.variableScaleDecimal(s).toPlainString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] b) {
            return "0x" + java.util.HexFormat.of().formatHex(b);
        }
        if (v instanceof java.util.Date d) {
            return "date:" + d.getTime();
        }
        return String.valueOf(v);
    }

    @Test
    void everyTypeAsDebeziumWithItsDefaults() throws Exception {
        try (H2Oracle db = new H2Oracle("alltypes1")) {
            db.createTable("APP", "ALLTYPES", SPEC);
            db.execute("INSERT INTO \"APP\".\"ALLTYPES\" VALUES (1, -99, 9999, 999999999, 999999999999999999, "
                    + "12345678901234567890123456789012345678, 12345678.91, 3.14159, 2.5, 1.5, -2.25, 'ab', 'héllo', "
                    + "'x', '😀', X'cafe', TIMESTAMP '1000-01-01 12:00:00', TIMESTAMP '2020-02-29 13:14:15.123', "
                    + "TIMESTAMP '2020-02-29 13:14:15.123456', TIMESTAMP '2020-02-29 13:14:15.123456789', "
                    + "TIMESTAMP WITH TIME ZONE '2020-06-01 10:00:00.25+02:00', TIMESTAMP '2020-06-01 08:00:00.5', "
                    + "INTERVAL '-3-6' YEAR TO MONTH, INTERVAL '1 02:03:04.5' DAY TO SECOND, 'AAAR3sAAEAAAACXAAA', "
                    + "'<a>1</a>', 'long text', X'00ff')");
            Map<String, Object> row = read(db, TemporalMode.ADAPTIVE, IntervalMode.NUMERIC);
            assertEquals("INT8 = -99", row.get("N2"));
            assertEquals("INT16 = 9999", row.get("N4"));
            assertEquals("INT32 = 999999999", row.get("N9"));
            assertEquals("INT64 = 999999999999999999", row.get("N18"));
            assertEquals(
                    "BYTES org.apache.kafka.connect.data.Decimal = 12345678901234567890123456789012345678",
                    row.get("N38"));
            assertEquals("BYTES org.apache.kafka.connect.data.Decimal = 12345678.91", row.get("NP"));
            assertEquals("STRUCT io.debezium.data.VariableScaleDecimal = vsd:3.14159", row.get("NV"));
            assertEquals("STRUCT io.debezium.data.VariableScaleDecimal = vsd:2.5", row.get("F"));
            assertEquals("FLOAT32 = 1.5", row.get("BF"));
            assertEquals("FLOAT64 = -2.25", row.get("BD"));
            assertEquals("STRING = ab ", row.get("C")); // CHAR is blank-padded
            assertEquals("STRING = héllo", row.get("VC"));
            assertEquals("STRING = 😀", row.get("NVC"));
            assertEquals("BYTES = 0xcafe", row.get("R"));
            // 1000-01-01T12:00:00Z in the proleptic Gregorian calendar (a Julian conversion would be 5 days off)
            assertEquals("INT64 io.debezium.time.Timestamp = -30610180800000", row.get("D"));
            assertEquals("INT64 io.debezium.time.Timestamp = 1582982055123", row.get("T3"));
            assertEquals("INT64 io.debezium.time.MicroTimestamp = 1582982055123456", row.get("T6"));
            assertEquals("INT64 io.debezium.time.NanoTimestamp = 1582982055123456789", row.get("T9"));
            assertEquals("STRING io.debezium.time.ZonedTimestamp = 2020-06-01T10:00:00.250000+02:00", row.get("TZ"));
            assertEquals("STRING io.debezium.time.ZonedTimestamp = 2020-06-01T08:00:00.500000Z", row.get("LTZ"));
            assertEquals("INT64 io.debezium.time.MicroDuration = -110451600000000", row.get("YM"));
            assertEquals("INT64 io.debezium.time.MicroDuration = 93784500000", row.get("DS"));
            assertEquals("STRING = AAAR3sAAEAAAACXAAA", row.get("RID"));
            assertEquals("STRING io.debezium.data.Xml = <a>1</a>", row.get("X"));
            assertEquals("STRING = long text", row.get("CL"));
            assertEquals("BYTES = 0x00ff", row.get("BL"));

            Map<String, Object> connect = read(db, TemporalMode.CONNECT, IntervalMode.STRING);
            assertEquals("INT64 org.apache.kafka.connect.data.Timestamp = date:-30610180800000", connect.get("D"));
            assertEquals("INT64 org.apache.kafka.connect.data.Timestamp = date:1582982055123", connect.get("T9"));
            assertEquals("STRING io.debezium.time.Interval = P-3Y-6M0DT0H0M0S", connect.get("YM"));
            assertEquals("STRING io.debezium.time.Interval = P0Y0M1DT2H3M4.5S", connect.get("DS"));
        }
    }

    @Test
    void columnDefaultsBecomeSchemaDefaults() throws Exception {
        try (H2Oracle db = new H2Oracle("alltypes3")) {
            db.createTable("APP", "DEFS", "ID NUMBER(5) PK, N NUMBER(5) NOT NULL, V VARCHAR2(10), D DATE NOT NULL");
            db.columnDefault("APP", "DEFS", "N", "7 ");
            db.columnDefault("APP", "DEFS", "V", "'none'");
            db.columnDefault("APP", "DEFS", "D", "SYSDATE");
            OracleSchemaReader reader = new OracleSchemaReader(
                    "p",
                    "DB",
                    new TableFilter(List.of(), List.of(), List.of()),
                    new SchemaFilter(List.of(), List.of()),
                    DecimalHandlingMode.PRECISE,
                    "x",
                    TestTables.SOURCE);
            OracleTable t = reader.read(db.connection(), reader.tableId("APP", "DEFS"));
            org.apache.kafka.connect.data.Schema value = t.schema().rowSchema();
            assertEquals(7, value.field("N").schema().defaultValue()); // NUMBER(5) is INT32
            assertEquals("none", value.field("V").schema().defaultValue());
            assertEquals(0L, value.field("D").schema().defaultValue());
            assertEquals(null, value.field("ID").schema().defaultValue());
        }
    }

    @Test
    void nullsInEveryType() throws Exception {
        try (H2Oracle db = new H2Oracle("alltypes2")) {
            db.createTable("APP", "ALLTYPES", SPEC);
            db.execute("INSERT INTO \"APP\".\"ALLTYPES\" (ID) VALUES (2)");
            Map<String, Object> row = read(db, TemporalMode.ADAPTIVE, IntervalMode.NUMERIC);
            for (Map.Entry<String, Object> e : row.entrySet()) {
                if (!e.getKey().equals("ID")) {
                    assertEquals("null", e.getValue().toString().replaceFirst(".* = ", ""), e.getKey());
                }
            }
        }
    }
}
