package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.postgres.PgOutputMessage.RelationColumn;
import io.entitynotifier.connect.postgres.PgOutputMessage.Tuple;
import io.entitynotifier.connect.postgres.PostgresTypeMapper.ValueParser;

/** Unchanged TOAST values: taken from a full old row, else a placeholder where the type can hold one, else null. */
class CapturedRelationTest {

    static final String PH = "__unavailable";

    final CapturedRelation rel;

    CapturedRelationTest() {
        List<Column> cols = List.of(
                new Column("id", "int4", Schema.INT32_SCHEMA, true),
                new Column("txt", "text", Schema.OPTIONAL_STRING_SCHEMA, false),
                new Column("bin", "bytea", Schema.OPTIONAL_BYTES_SCHEMA, false),
                new Column(
                        "tags",
                        "_text",
                        SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA)
                                .optional()
                                .build(),
                        false),
                new Column(
                        "nums",
                        "_int4",
                        SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA)
                                .optional()
                                .build(),
                        false));
        Schema source = SchemaBuilder.struct().name("src").optional().build();
        TableSchema schema = TableSchema.of("p", new TableId("db", "s", "t"), cols, source);
        List<RelationColumn> rc = new ArrayList<>();
        for (Column c : cols) {
            rc.add(new RelationColumn(c.name(), 0, -1, c.primaryKey()));
        }
        ValueParser text = t -> t;
        ValueParser[] parsers = {
            Integer::valueOf,
            text,
            t -> t.getBytes(StandardCharsets.UTF_8),
            t -> PgArrayLiteral.elements(t),
            t -> PgArrayLiteral.elements(t).stream().map(Integer::valueOf).toList()
        };
        rel = new CapturedRelation(1, schema, rc, new int[] {0, 1, 2, 3, 4}, parsers);
    }

    static Tuple tuple(String... values) {
        BitSet unchanged = new BitSet();
        String[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            if ("<u>".equals(v[i])) {
                unchanged.set(i);
                v[i] = null;
            }
        }
        return new Tuple(v, unchanged);
    }

    @Test
    void placeholdersWhereTheTypeCanHoldOneAndTheColumnsNamed() {
        List<String> unavailable = new ArrayList<>();
        Object[] row = rel.row(tuple("1", "<u>", "<u>", "<u>", "<u>"), null, unavailable, PH);
        assertEquals(1, row[0]);
        assertEquals(PH, row[1]);
        assertArrayEquals(PH.getBytes(StandardCharsets.UTF_8), (byte[]) row[2]);
        assertEquals(List.of(PH), row[3]);
        assertNull(row[4], "an int array cannot hold the placeholder");
        assertEquals(List.of("txt", "bin", "tags", "nums"), unavailable);
    }

    @Test
    void valuesFromTheFullOldRowWinOverPlaceholders() {
        List<String> unavailable = new ArrayList<>();
        Object[] old = rel.row(tuple("1", "long text", null, "{a}", "{1,2}"), null, unavailable, PH);
        Object[] row = rel.row(tuple("1", "<u>", "<u>", "<u>", "<u>"), old, unavailable, PH);
        assertEquals("long text", row[1]);
        assertEquals(List.of("a"), row[3]);
        assertEquals(List.of(1, 2), row[4]);
        assertEquals(List.of("bin"), unavailable, "the old row had no value for bin either");
    }

    @Test
    void keyOnlyImageAndConversionErrorsNameTheColumn() {
        Object[] row = rel.row(tuple("7", "x", null, null, null), null, new ArrayList<>(), PH);
        assertArrayEquals(new Object[] {7, null, null, null, null}, rel.keyOnly(row));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> rel.row(tuple("7", "x", null, null, "{1,oops}"), null, new ArrayList<>(), PH));
        assertTrue(e.getMessage().contains("nums") && e.getMessage().contains("s.t"), e.getMessage());
    }
}
