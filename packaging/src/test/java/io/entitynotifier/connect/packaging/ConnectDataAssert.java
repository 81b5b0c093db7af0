package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Compares Connect data that went through a converter with what went in: same fields in the same order, same types,
 * logical-type names, optionality and values. Bytes compare by content, since Avro hands back a ByteBuffer where the
 * connector put a byte[] (both are valid Connect BYTES values).
 */
final class ConnectDataAssert {

    private ConnectDataAssert() {}

    static void assertSameData(
            String path, Schema expectedSchema, Object expected, Schema actualSchema, Object actual) {
        if (expectedSchema == null) {
            assertNull(actualSchema, path + ": schema");
            assertNull(actual, path);
            return;
        }
        assertNotNull(actualSchema, path + ": schema lost");
        assertEquals(expectedSchema.type(), actualSchema.type(), path + ": type");
        assertEquals(expectedSchema.name(), actualSchema.name(), path + ": schema name");
        assertEquals(expectedSchema.isOptional(), actualSchema.isOptional(), path + ": optional");
        if (expectedSchema.type() == Schema.Type.STRUCT) {
            List<String> expectedFields =
                    expectedSchema.fields().stream().map(Field::name).toList();
            assertEquals(
                    expectedFields,
                    actualSchema.fields().stream().map(Field::name).toList(),
                    path + ": fields");
        }
        if (expected == null) {
            assertNull(actual, path);
            return;
        }
        assertNotNull(actual, path + ": value lost");
        switch (expectedSchema.type()) {
            case STRUCT -> {
                Struct e = (Struct) expected;
                Struct a = (Struct) actual;
                for (Field f : expectedSchema.fields()) {
                    assertSameData(
                            path + "." + f.name(),
                            f.schema(),
                            e.get(f),
                            actualSchema.field(f.name()).schema(),
                            a.get(f.name()));
                }
            }
            case ARRAY -> {
                List<?> e = (List<?>) expected;
                List<?> a = (List<?>) actual;
                assertEquals(e.size(), a.size(), path + ": array length");
                for (int i = 0; i < e.size(); i++) {
                    assertSameData(
                            path + "[" + i + "]",
                            expectedSchema.valueSchema(),
                            e.get(i),
                            actualSchema.valueSchema(),
                            a.get(i));
                }
            }
            case BYTES -> {
                if (expected instanceof java.math.BigDecimal) {
                    assertEquals(expected, actual, path);
                } else {
                    assertArrayEquals(bytes(expected), bytes(actual), path);
                }
            }
            default -> assertEquals(expected, actual, path);
        }
    }

    static byte[] bytes(Object v) {
        if (v instanceof ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        }
        return (byte[]) v;
    }
}
