package io.entitynotifier.connect.mysql.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class MariaDbUuidsTest {

    @Test
    void sixteenBytesInTextOrder() {
        byte[] b = HexFormat.of().parseHex("6ccd780cbaba102695645b8c656024db");
        assertEquals("6ccd780c-baba-1026-9564-5b8c656024db", MariaDbUuids.fromBinlog(b));
    }

    @Test
    void trailingZeroBytesTheBinlogLeftOutArePadded() {
        byte[] b = HexFormat.of().parseHex("123e4567e89b12d3a4564266554400");
        assertEquals("123e4567-e89b-12d3-a456-426655440000", MariaDbUuids.fromBinlog(b));
        assertEquals("00000000-0000-0000-0000-000000000000", MariaDbUuids.fromBinlog(new byte[0]));
    }

    @Test
    void moreThanSixteenBytesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MariaDbUuids.fromBinlog(new byte[17]));
    }
}
