package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.event.TransactionMetadata;
import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.mysql.MySqlSourceInfo;
import io.entitynotifier.connect.mysql.schema.MySqlColumn;
import io.entitynotifier.connect.mysql.schema.MySqlType;
import io.entitynotifier.connect.mysql.schema.TemporalMode;
import io.entitynotifier.connect.mysql.schema.TypeMapper;
import io.entitynotifier.connect.oracle.CapturedColumn;
import io.entitynotifier.connect.oracle.ColumnKind;
import io.entitynotifier.connect.oracle.OracleColumn;
import io.entitynotifier.connect.oracle.OracleSourceInfo;

/**
 * MySQL and Oracle change records built with each connector's own type mapping (every column kind it has, in each
 * decimal mode), source block and the shared envelope and record factory, run through Apicurio's AvroConverter and
 * back: the decoded key and value equal what went in. (SQLite and PostgreSQL records come from real connector runs in
 * {@link AvroConverterRoundTripIT}.)
 */
class ConnectorRecordsAvroTest {

    static FakeApicurioRegistry registry;
    static AvroRoundTrip avro;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = new FakeApicurioRegistry();
        avro = new AvroRoundTrip(registry);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    // ---- MySQL -------------------------------------------------------------------------------------------------

    record MySqlCase(MySqlColumn column, Serializable binlogValue) {}

    static MySqlColumn my(
            String name,
            MySqlType type,
            boolean unsigned,
            int length,
            int precision,
            int scale,
            int fsp,
            List<String> values,
            boolean primaryKey) {
        return new MySqlColumn(
                name,
                type,
                unsigned,
                length,
                precision,
                scale,
                fsp,
                StandardCharsets.UTF_8,
                values,
                !primaryKey,
                primaryKey);
    }

    static List<MySqlCase> mySqlCases() {
        LocalDateTime at = LocalDateTime.of(2024, 2, 29, 13, 14, 15, 678_900_000);
        byte[] point = new byte[4 + 21]; // SRID 0, then the WKB of POINT(0 0)
        point[4] = 1;
        point[5] = 1;
        BitSet bits = BitSet.valueOf(new byte[] {0x05, 0x01});
        // MySQL binary JSON of the string "abc": type 0x0c, length 3, the UTF-8 bytes.
        byte[] jsonString = {0x0c, 3, 'a', 'b', 'c'};
        return List.of(
                new MySqlCase(my("id", MySqlType.INT, false, 0, 0, 0, 0, List.of(), true), 42),
                new MySqlCase(my("tiny", MySqlType.TINYINT, false, 0, 0, 0, 0, List.of(), false), -5),
                new MySqlCase(my("tiny_u", MySqlType.TINYINT, true, 0, 0, 0, 0, List.of(), false), -1),
                new MySqlCase(my("small", MySqlType.SMALLINT, false, 0, 0, 0, 0, List.of(), false), -300),
                new MySqlCase(my("small_u", MySqlType.SMALLINT, true, 0, 0, 0, 0, List.of(), false), 65535),
                new MySqlCase(my("medium", MySqlType.MEDIUMINT, false, 0, 0, 0, 0, List.of(), false), 70000),
                new MySqlCase(my("int_u", MySqlType.INT, true, 0, 0, 0, 0, List.of(), false), -1),
                new MySqlCase(my("big", MySqlType.BIGINT, false, 0, 0, 0, 0, List.of(), false), Long.MIN_VALUE),
                new MySqlCase(my("big_u", MySqlType.BIGINT, true, 0, 0, 0, 0, List.of(), false), -1L),
                new MySqlCase(
                        my("price", MySqlType.DECIMAL, false, 0, 10, 2, 0, List.of(), false),
                        new BigDecimal("12345678.90")),
                new MySqlCase(my("f", MySqlType.FLOAT, false, 0, 0, 0, 0, List.of(), false), 1.5f),
                new MySqlCase(my("d", MySqlType.DOUBLE, false, 0, 0, 0, 0, List.of(), false), 1e300),
                new MySqlCase(
                        my("flag", MySqlType.BIT, false, 1, 0, 0, 0, List.of(), false), BitSet.valueOf(new byte[] {1})),
                new MySqlCase(my("bits", MySqlType.BIT, false, 12, 0, 0, 0, List.of(), false), bits),
                new MySqlCase(my("day", MySqlType.DATE, false, 0, 0, 0, 0, List.of(), false), at.toLocalDate()),
                new MySqlCase(my("at", MySqlType.DATETIME, false, 0, 0, 0, 3, List.of(), false), at),
                new MySqlCase(my("at6", MySqlType.DATETIME, false, 0, 0, 0, 6, List.of(), false), at),
                new MySqlCase(
                        my("ts", MySqlType.TIMESTAMP, false, 0, 0, 0, 6, List.of(), false),
                        at.toInstant(ZoneOffset.UTC)),
                new MySqlCase(my("tm", MySqlType.TIME, false, 0, 0, 0, 0, List.of(), false), 3_600_000_000L),
                new MySqlCase(my("yr", MySqlType.YEAR, false, 0, 0, 0, 0, List.of(), false), 2024),
                new MySqlCase(
                        my("txt", MySqlType.STRING, false, 0, 0, 0, 0, List.of(), false),
                        "héllo 😀 世界".getBytes(StandardCharsets.UTF_8)),
                new MySqlCase(my("bin", MySqlType.BINARY, false, 4, 0, 0, 0, List.of(), false), new byte[] {1, 2}),
                new MySqlCase(my("blob", MySqlType.VARBINARY, false, 0, 0, 0, 0, List.of(), false), new byte[] {0, -1}),
                new MySqlCase(my("size", MySqlType.ENUM, false, 0, 0, 0, 0, List.of("S", "M", "L"), false), 2),
                new MySqlCase(my("tags", MySqlType.SET, false, 0, 0, 0, 0, List.of("a", "b", "c"), false), 5L),
                new MySqlCase(my("doc", MySqlType.JSON, false, 0, 0, 0, 0, List.of(), false), jsonString),
                new MySqlCase(
                        my("geo", MySqlType.GEOMETRY, false, 0, 0, 0, 0, List.of(), false),
                        new byte[] {0, 0, 0, 0, 1, 7, 0, 0, 0, 0, 0, 0, 0}),
                new MySqlCase(my("pt", MySqlType.POINT, false, 0, 0, 0, 0, List.of(), false), point));
    }

    @Test
    void mySqlRecordsOfEveryColumnTypeRoundTripThroughAvro() {
        for (DecimalHandlingMode mode : DecimalHandlingMode.values()) {
            for (boolean unsignedPrecise : new boolean[] {true, false}) {
                TypeMapper mapper = new TypeMapper(
                        mode, unsignedPrecise, TemporalMode.ADAPTIVE_TIME_MICROSECONDS, BinaryHandlingMode.BYTES);
                List<MySqlCase> cases = mySqlCases().stream()
                        .filter(c -> unsignedPrecise || !c.column().name().equals("big_u"))
                        .toList();
                List<Column> columns = new ArrayList<>();
                Object[] row = new Object[cases.size()];
                Object[] nulls = new Object[cases.size()];
                for (int i = 0; i < cases.size(); i++) {
                    MySqlColumn c = cases.get(i).column();
                    columns.add(new Column(c.name(), c.typeName(), mapper.schema(c), c.primaryKey()));
                    row[i] = mapper.fromBinlog(c, mapper.schema(c), cases.get(i).binlogValue());
                    nulls[i] = c.primaryKey() ? row[i] : null;
                }
                MySqlSourceInfo info = new MySqlSourceInfo("shop");
                TableSchema table =
                        TableSchema.of("shop", new TableId("inventory", null, "everything"), columns, info.schema());
                Struct source = info.struct(
                        1_700_000_000_000L,
                        SourceInfo.Snapshot.FALSE,
                        "inventory",
                        "everything",
                        223344L,
                        "3E11FA47-71CA-11E1-9E33-C80AA9429562:23",
                        "mysql-bin.000003",
                        154L,
                        0);
                roundTripEveryOperation(
                        table, row, nulls, source, "mysql " + mode + " unsignedPrecise=" + unsignedPrecise);
            }
        }
    }

    // ---- Oracle ------------------------------------------------------------------------------------------------

    @Test
    void oracleRecordsOfEveryColumnKindRoundTripThroughAvro() {
        List<OracleColumn> oracleColumns = List.of(
                new OracleColumn("ID", "NUMBER", 22, 9, 0, false, true),
                new OracleColumn("N2", "NUMBER", 22, 2, 0, true, false),
                new OracleColumn("N4", "NUMBER", 22, 4, 0, true, false),
                new OracleColumn("N18", "NUMBER", 22, 18, 0, true, false),
                new OracleColumn("PRICE", "NUMBER", 22, 10, 2, true, false),
                new OracleColumn("ANY_NUMBER", "NUMBER", 22, null, null, true, false),
                new OracleColumn("FL", "FLOAT", 22, 126, null, true, false),
                new OracleColumn("BF", "BINARY_FLOAT", 4, null, null, true, false),
                new OracleColumn("BD", "BINARY_DOUBLE", 8, null, null, true, false),
                new OracleColumn("NAME", "VARCHAR2", 100, null, null, true, false),
                new OracleColumn("NOTES", "CLOB", 4000, null, null, true, false),
                new OracleColumn("RAWV", "RAW", 16, null, null, true, false),
                new OracleColumn("BLOBV", "BLOB", 4000, null, null, true, false),
                new OracleColumn("D", "DATE", 7, null, null, true, false),
                new OracleColumn("TS", "TIMESTAMP(6)", 11, null, 6, true, false),
                new OracleColumn("TSTZ", "TIMESTAMP(6) WITH TIME ZONE", 13, null, 6, true, false),
                new OracleColumn("TS9", "TIMESTAMP(9)", 11, null, 9, true, false),
                new OracleColumn("TSLTZ", "TIMESTAMP(6) WITH LOCAL TIME ZONE", 11, null, 6, true, false),
                new OracleColumn("YM", "INTERVAL YEAR(2) TO MONTH", 5, 2, 0, true, false),
                new OracleColumn("DS", "INTERVAL DAY(2) TO SECOND(6)", 11, 2, 6, true, false),
                new OracleColumn("DOC", "XMLTYPE", 2000, null, null, true, false));
        LocalDateTime ldt = LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000);
        for (DecimalHandlingMode mode : DecimalHandlingMode.values()) {
            List<Column> columns = new ArrayList<>();
            Object[] row = new Object[oracleColumns.size()];
            Object[] nulls = new Object[oracleColumns.size()];
            for (int i = 0; i < oracleColumns.size(); i++) {
                OracleColumn oc = oracleColumns.get(i);
                ColumnKind kind = ColumnKind.of(oc);
                CapturedColumn c = new CapturedColumn(oc, kind, mode, "__debezium_unavailable_value");
                columns.add(new Column(oc.name(), oc.dataType(), c.schema(), oc.primaryKey()));
                row[i] = switch (kind) {
                    case INT8 -> c.fromDecimal(new BigDecimal("-99"));
                    case INT16 -> c.fromDecimal(new BigDecimal("9999"));
                    case INT32 -> c.fromDecimal(new BigDecimal("123456789"));
                    case INT64 -> c.fromDecimal(new BigDecimal("999999999999999999"));
                    case DECIMAL -> c.fromDecimal(new BigDecimal("12345678.9"));
                    case VARIABLE_DECIMAL -> c.fromDecimal(new BigDecimal("-1234.5678E-20"));
                    case FLOAT32 -> c.fromDouble(1.5);
                    case FLOAT64 -> c.fromDouble(-2.25e-300);
                    case STRING -> c.fromString("héllo 😀 'quoted'");
                    case XML -> c.fromString("<a>1</a>");
                    case CLOB -> c.unavailableValue();
                    case BYTES -> c.fromBytes(new byte[] {0x0a, (byte) 0xff});
                    case BLOB -> c.fromBytes(new byte[0]);
                    case TIMESTAMP -> c.fromLocalDateTime(ldt);
                    case ZONED_TIMESTAMP, LOCAL_ZONED_TIMESTAMP ->
                        c.fromZoned(ZonedDateTime.of(ldt, ZoneOffset.ofHours(-7)));
                    case INTERVAL_YEAR_MONTH -> c.fromString("-03-06");
                    case INTERVAL_DAY_SECOND -> c.fromString("+01 02:03:04.500000");
                };
                nulls[i] = oc.primaryKey() ? row[i] : null;
            }
            OracleSourceInfo info = OracleSourceInfo.create("erp");
            TableSchema table =
                    TableSchema.of("erp", new TableId("ORCLPDB1", "INVENTORY", "EVERYTHING"), columns, info.schema());
            Struct source = info.struct(
                    1_700_000_000_000L,
                    SourceInfo.Snapshot.FALSE,
                    "ORCLPDB1",
                    "INVENTORY",
                    "EVERYTHING",
                    "0a001b00c3020000",
                    2145678L,
                    2145680L,
                    "0x000001.00000002.0010",
                    0L,
                    1_700_000_000_000L);
            roundTripEveryOperation(table, row, nulls, source, "oracle " + mode);
        }
    }

    // ---- shared --------------------------------------------------------------------------------------------------

    /**
     * Snapshot read, create, update, an update that changes the key (delete + tombstone + create), delete +
     * tombstone and truncate, inside a source transaction; each record's key and value must survive Avro.
     */
    static void roundTripEveryOperation(TableSchema table, Object[] row, Object[] nullRow, Struct source, String what) {
        ChangeRecordFactory factory = new ChangeRecordFactory(
                Map.of("server", "test"), true, new TransactionMetadata("test.transaction"), java.time.Instant::now);
        Object[] movedKey = row.clone();
        int keyIndex = table.columnIndex(table.keySchema().fields().get(0).name());
        movedKey[keyIndex] = row[keyIndex] instanceof Number n ? bump(n) : row[keyIndex];
        List<PendingRecord> out = new ArrayList<>();
        Map<String, Long> offset = Map.of("pos", 1L);
        factory.emit(table, Operation.READ, null, row, source, offset, 1L, null, false, out);
        factory.emit(table, Operation.CREATE, null, nullRow, source, offset, 1L, "tx-1", false, out);
        factory.emit(table, Operation.UPDATE, nullRow, row, source, offset, 1L, "tx-1", false, out);
        factory.emit(table, Operation.UPDATE, row, movedKey, source, offset, 1L, "tx-1", false, out);
        factory.emit(table, Operation.DELETE, movedKey, null, source, offset, 1L, "tx-1", false, out);
        factory.truncate(table, source, offset, 1L, "tx-1", true, out);
        assertEquals(11, out.size(), what + ": r, BEGIN, c, u, d + tombstone + c, d + tombstone, t, END");
        int tombstones = 0;
        for (PendingRecord p : out) {
            SourceRecord r = p.record();
            String topic = r.topic();
            RecordHeaders headers = new RecordHeaders();
            // connect-common's truncate() pairs a null key with the table's required key schema, which no converter
            // with schemas accepts (JsonConverter and AvroConverter both throw); connectors drop the key schema
            // there, as Debezium does, and so does this test.
            Schema keySchema = r.key() == null ? null : r.keySchema();
            byte[] key = avro.encode(topic, headers, true, keySchema, r.key());
            byte[] value = avro.encode(topic, headers, false, r.valueSchema(), r.value());
            if (r.key() != null) {
                SchemaAndValue k = avro.assertRoundTrip(topic, headers, true, key);
                ConnectDataAssert.assertSameData(what + " key", r.keySchema(), r.key(), k.schema(), k.value());
            } else {
                assertNull(key, what + ": a truncate has no key");
            }
            if (r.value() == null) {
                tombstones++;
                assertNull(value, what + ": tombstone");
                continue;
            }
            SchemaAndValue v = avro.assertRoundTrip(topic, headers, false, value);
            ConnectDataAssert.assertSameData(
                    what + " " + label((Struct) r.value()), r.valueSchema(), r.value(), v.schema(), v.value());
        }
        assertEquals(2, tombstones, what);
        assertTrue(registry.schemaCount() >= 2, "schemas were registered");
    }

    /** The change event's op, or the schema name of a BEGIN/END transaction record (which has no op). */
    static String label(Struct value) {
        return value.schema().field("op") != null
                ? value.getString("op")
                : value.schema().name();
    }

    static Object bump(Number n) {
        if (n instanceof Integer i) {
            return i + 1;
        }
        if (n instanceof Long l) {
            return l + 1;
        }
        if (n instanceof Short s) {
            return (short) (s + 1);
        }
        if (n instanceof Byte b) {
            return (byte) (b + 1);
        }
        if (n instanceof BigDecimal d) {
            return d.add(BigDecimal.ONE);
        }
        return n;
    }
}
