package io.entitynotifier.connect.sqlite.changelog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonRowParserTest {

    @Test
    void parsesEveryValueShapeTheTriggersWrite() {
        Map<String, Object> row = JsonRowParser.parse(
                "{\"i\":-42,\"r\":0.30000000000000004,\"e\":1.0e-07,\"s\":\"a \\\"q\\\" \\\\ \\n \\u00e9 😀\","
                        + "\"b\":{\"b\":\"00FF\"},\"n\":null,\"big\":9223372036854775807}");
        assertEquals(-42L, row.get("i"));
        assertEquals(0.30000000000000004, row.get("r"));
        assertEquals(1.0e-7, row.get("e"));
        assertEquals("a \"q\" \\ \n é 😀", row.get("s"));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) row.get("b"));
        assertTrue(row.containsKey("n"));
        assertNull(row.get("n"));
        assertEquals(Long.MAX_VALUE, row.get("big"));
    }

    @Test
    void malformedInputNamesThePosition() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> JsonRowParser.parse("{\"a\":1,"));
        assertTrue(e.getMessage().contains("malformed change-log row at character"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JsonRowParser.parse("{\"a\":{\"x\":1}}"));
        assertThrows(IllegalArgumentException.class, () -> JsonRowParser.parse("{\"a\":1} x"));
    }
}
