package io.entitynotifier.connect.common.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** The column mappers, column lists and message.key.columns as TableSchema applies them (Debezium's meaning). */
class ColumnMappersTest {

    private static final TableId T = new TableId("db", "app", "people");
    private static final Schema SOURCE = SchemaBuilder.struct().name("src").build();

    private static final List<Column> COLUMNS = List.of(
            new Column("id", "int4", Schema.INT32_SCHEMA, true).withSource(SourceType.other(10, 0)),
            new Column("secret", "varchar", Schema.OPTIONAL_STRING_SCHEMA, false).withSource(SourceType.character(20)),
            new Column("note", "text", Schema.OPTIONAL_STRING_SCHEMA, false)
                    .withSource(SourceType.character(SourceType.UNSET)),
            new Column("code", "varchar", Schema.OPTIONAL_STRING_SCHEMA, false).withSource(SourceType.character(3)),
            new Column("blob", "bytea", Schema.OPTIONAL_BYTES_SCHEMA, false).withSource(SourceType.other(-1, null)),
            new Column("amount", "numeric", Schema.OPTIONAL_INT64_SCHEMA, false)
                    .withSource(new SourceType(false, 10, 2, "numeric")));

    private static TableSchema schema(Map<String, String> config) {
        return schema(config, COLUMNS);
    }

    private static TableSchema schema(Map<String, String> config, List<Column> columns) {
        TableFilter filter = new TableFilter(List.of(), List.of(), split(config.get("column.exclude.list")))
                .withColumnInclude(split(config.get("column.include.list")))
                .withColumns(ColumnMappers.of(config), KeyColumns.parse(config.get("message.key.columns")));
        return TableSchema.of("p", T, columns, SOURCE, filter);
    }

    private static List<String> split(String v) {
        return v == null ? List.of() : List.of(v.split(","));
    }

    private static Object[] row() {
        return new Object[] {7, "s3cr3t-value", "a long note", "abcdef", new byte[] {1, 2, 3, 4, 5, 6}, 42L};
    }

    @Test
    void maskReplacesEveryValueOfACharacterColumnIncludingNullButNeverTheKey() {
        TableSchema s = schema(Map.of("column.mask.with.8.chars", "app.people.secret,app.people.id,app.people.amount"));
        Struct v = s.row(row());
        assertEquals("********", v.get("secret"));
        assertEquals("true", s.rowSchema().field("secret").schema().parameters().get("masked"));
        // non-character columns pass unchanged (Debezium's MaskStrings), but their schema is still marked
        assertEquals(42L, v.get("amount"));
        assertEquals(7, v.get("id"));
        assertEquals("true", s.rowSchema().field("amount").schema().parameters().get("masked"));
        Object[] nulls = row();
        nulls[1] = null;
        assertEquals("********", s.row(nulls).get("secret"));
        // the key is built without mappers
        assertEquals(7, s.key(row()).get("id"));
        assertNull(s.keySchema().field("id").schema().parameters());
        assertTrue(s.rowSchema().field("secret").schema().isOptional());
    }

    @Test
    void truncateCutsStringsAndBytesLongerThanNAndMarksOnlyColumnsThatCanBeLonger() {
        TableSchema s = schema(Map.of("column.truncate.to.4.chars", "app\\.people\\.(note|code|blob)"));
        Struct v = s.row(row());
        assertEquals("a lo", v.get("note"));
        // code is varchar(3): Debezium leaves columns no longer than N alone
        assertEquals("abcdef", v.get("code"));
        assertNull(s.rowSchema().field("code").schema().parameters());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, (byte[]) v.get("blob"));
        assertEquals("4", s.rowSchema().field("note").schema().parameters().get("truncateLength"));
        Object[] buf = row();
        buf[4] = ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5});
        assertEquals(ByteBuffer.wrap(new byte[] {9, 8, 7, 6}), s.row(buf).get("blob"));

        TableSchema shortColumn = schema(
                Map.of("column.truncate.to.4.chars", "app.people.code"),
                List.of(
                        COLUMNS.get(0),
                        new Column("code", "varchar", Schema.OPTIONAL_STRING_SCHEMA, false)
                                .withSource(SourceType.character(3))));
        assertNull(shortColumn.rowSchema().field("code").schema().parameters());
        assertEquals("abcdef", shortColumn.row(new Object[] {1, "abcdef"}).get("code"));
    }

    @Test
    void hashV1DigestsTheJavaSerialisationAndV2TheTextCutToTheColumnLength() {
        TableSchema v1 = schema(Map.of("column.mask.hash.SHA-256.with.salt.pepper", "app.people.note"));
        Object[] r = row();
        r[2] = "secret";
        // sha256("pepper" + AC ED 00 05 74 00 06 "secret"), computed outside Java
        assertEquals(
                "af62dd5d234acfc6731ef060ef73c069cb2657923a84daa91a52f9f63c4ccc4d",
                v1.row(r).get("note"));
        assertEquals("true", v1.rowSchema().field("note").schema().parameters().get("masked"));

        TableSchema v2 = schema(Map.of("column.mask.hash.v2.SHA-256.with.salt.pepper", "app.people.note"));
        assertEquals(
                "744a9101f7182a6ae0d978121ff74e33cac8d2832579c0637c1c37e9bbb6c065",
                v2.row(r).get("note"));

        // varchar(20): the digest is cut to 20 characters; a null stays null
        TableSchema cut = schema(Map.of("column.mask.hash.v2.SHA-256.with.salt.pepper", "app.people.secret"));
        r[1] = "secret";
        assertEquals("744a9101f7182a6ae0d9", cut.row(r).get("secret"));
        r[1] = null;
        assertNull(cut.row(r).get("secret"));

        TableSchema md5 = schema(Map.of("column.mask.hash.v2.MD5.with.salt.pepper", "app.people.note"));
        assertEquals(
                "afcd70a1438b9b8ce9be72e89ca602a8",
                md5.row(new Object[] {1, null, "secret", null, null, null}).get("note"));
    }

    @Test
    void theFirstMatchingRuleWinsInDebeziumsOrder() {
        Map<String, String> both = new HashMap<>();
        both.put("column.mask.with.3.chars", "app.people.note");
        both.put("column.truncate.to.2.chars", "app.people.note");
        both.put("column.propagate.source.type", "app.people.note");
        TableSchema s = schema(both);
        assertEquals("a ", s.row(row()).get("note"));
        assertNull(s.rowSchema().field("note").schema().parameters().get("masked"));
    }

    @Test
    void propagationAddsDebeziumsParametersByColumnOrByDataType() {
        TableSchema s = schema(Map.of("column.propagate.source.type", "app.people.amount"));
        Map<String, String> p = s.rowSchema().field("amount").schema().parameters();
        assertEquals("NUMERIC", p.get("__debezium.source.column.type"));
        assertEquals("10", p.get("__debezium.source.column.length"));
        assertEquals("2", p.get("__debezium.source.column.scale"));
        assertEquals("amount", p.get("__debezium.source.column.name"));
        assertEquals(42L, s.row(row()).get("amount"));

        TableSchema byType = schema(Map.of("datatype.propagate.source.type", ".+\\.VARCHAR"));
        Map<String, String> q = byType.rowSchema().field("secret").schema().parameters();
        assertEquals("VARCHAR", q.get("__debezium.source.column.type"));
        assertEquals("20", q.get("__debezium.source.column.length"));
        assertFalse(q.containsKey("__debezium.source.column.scale"));
        assertNull(byType.rowSchema().field("note").schema().parameters());
    }

    @Test
    void columnListsShapeTheValueWhileKeyColumnsStayInTheKey() {
        TableSchema inc = schema(Map.of("column.include.list", "app.people.secret,app.people.note"));
        assertEquals(
                List.of("secret", "note"),
                inc.rowSchema().fields().stream().map(f -> f.name()).toList());
        assertEquals(7, inc.key(row()).get("id"));
        assertEquals("a long note", inc.row(row()).get("note"));

        TableSchema exc = schema(Map.of("column.exclude.list", "app.people.id,app.people.blob"));
        assertNull(exc.rowSchema().field("id"));
        assertNull(exc.rowSchema().field("blob"));
        assertEquals(42L, exc.row(row()).get("amount"));
    }

    @Test
    void messageKeyColumnsGiveAKeylessTableAKeyAndOverrideAPrimaryKey() {
        List<Column> keyless = List.of(
                new Column("a", "int4", Schema.OPTIONAL_INT32_SCHEMA, false),
                new Column("b", "text", Schema.OPTIONAL_STRING_SCHEMA, false));
        assertNull(schema(Map.of(), keyless).keySchema());
        TableSchema s = schema(Map.of("message.key.columns", "other.t:x;app.people:b,a"), keyless);
        assertEquals(List.of("b", "a"), s.keyColumnNames());
        Struct k = s.key(new Object[] {1, "x"});
        assertEquals("x", k.get("b"));
        assertEquals(1, k.get("a"));

        TableSchema override = schema(Map.of("message.key.columns", "(.*)\\.PEOPLE:Code"));
        assertEquals(List.of("code"), override.keyColumnNames());
        assertTrue(override.keyChanged(row(), new Object[] {7, "s", "n", "zzz", null, 1L}));

        TableSchema untouched = schema(Map.of("message.key.columns", "app.other:code"));
        assertEquals(List.of("id"), untouched.keyColumnNames());
    }

    @Test
    void problemsNameTheKeyWithDebeziumsMessages() {
        assertEquals("Must not be empty", KeyColumns.problems(""));
        assertTrue(KeyColumns.problems("app.people").contains("has an invalid format"));
        assertNull(KeyColumns.problems("app.people:a,b;app.x:c"));

        Map<String, String> bad = ColumnMappers.problems(Map.of(
                "column.mask.hash.NOPE-1.with.salt.x", "a.b.c",
                "column.mask.with.x.chars", "a.b.c",
                "column.truncate.to.4.chars", "a.b.[",
                "column.mask.with.4.chars", "a.b.c",
                "table.include.list", "x"));
        assertTrue(bad.get("column.mask.hash.NOPE-1.with.salt.x").contains("NOPE-1"));
        assertTrue(bad.containsKey("column.mask.with.x.chars"));
        assertTrue(bad.containsKey("column.truncate.to.4.chars"));
        assertFalse(bad.containsKey("column.mask.with.4.chars"));
        assertFalse(bad.containsKey("table.include.list"));
        assertTrue(ColumnMappers.isMapperKey("column.truncate.to.10.chars"));
        assertFalse(ColumnMappers.isMapperKey("column.exclude.list"));
    }

    @Test
    void schemaListsFilterTablesByTheirSchema() {
        TableFilter inc = new TableFilter(List.of(), List.of(), List.of()).withSchemaLists(List.of("APP"), List.of());
        assertTrue(inc.includes(T));
        assertFalse(inc.includes(new TableId("db", "audit", "log")));
        TableFilter exc = new TableFilter(List.of(), List.of(), List.of()).withSchemaLists(List.of(), List.of("au.*"));
        assertTrue(exc.includes(T));
        assertFalse(exc.includes(new TableId("db", "audit", "log")));
        assertTrue(exc.includes(new TableId("db", null, "t")));
        TableFilter tables = new TableFilter(List.of(), List.of("app\\.people"), List.of());
        assertFalse(tables.includes(T));
        assertTrue(tables.includes(new TableId("db", "app", "other")));
    }

    @Test
    void theSchemaIsBuiltOnceAndSharedByEveryRow() {
        TableSchema s = schema(Map.of("column.mask.with.8.chars", "app.people.secret"));
        assertSame(s.rowSchema(), s.row(row()).schema());
        assertSame(s.rowSchema(), s.row(row()).schema());
    }
}
