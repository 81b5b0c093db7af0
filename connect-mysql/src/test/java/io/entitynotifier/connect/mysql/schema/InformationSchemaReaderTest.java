package io.entitynotifier.connect.mysql.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class InformationSchemaReaderTest {

    @Test
    void enumValuesWithQuotesCommasAndCase() {
        assertEquals(
                List.of("Small", "it's", "a,b", ""),
                InformationSchemaReader.enumValues("enum('Small','it''s','a,b','')"));
        assertEquals(List.of("x"), InformationSchemaReader.enumValues("set('x')"));
    }

    @Test
    void charLengthFromTableMapMetadata() {
        assertEquals(4, TableMapSchemaReader.stringLength(0xFE04));
        assertEquals(12, TableMapSchemaReader.stringLength(0xFE0C));
        // CHAR(255) utf8mb4 = 1020 bytes: the high bits of the length live in the type byte
        assertEquals(1020, TableMapSchemaReader.stringLength(0xCEFC));
    }
}
