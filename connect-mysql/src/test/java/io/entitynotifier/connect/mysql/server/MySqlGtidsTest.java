package io.entitynotifier.connect.mysql.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** GTID sets with and without MySQL 8.3+ tags: parsed, and tagged ones refused with a clear message. */
class MySqlGtidsTest {

    private static final String U1 = "3E11FA47-71CA-11E1-9E33-C80AA9429562";
    private static final String U2 = "5a3b9c1e-0000-11ef-8000-0242ac120002";

    @Test
    void untaggedSetsParse() {
        List<MySqlGtids.Entry> e = MySqlGtids.parse(U1 + ":1-5:11:47-49,\n" + U2 + ":7");
        assertEquals(2, e.size());
        assertEquals(U1.toLowerCase(), e.get(0).uuid());
        assertEquals("", e.get(0).tag());
        assertEquals(3, e.get(0).intervals().size());
        assertArrayEquals(new long[] {1, 5}, e.get(0).intervals().get(0));
        assertArrayEquals(new long[] {11, 11}, e.get(0).intervals().get(1));
        assertArrayEquals(new long[] {7, 7}, e.get(1).intervals().get(0));
        assertFalse(MySqlGtids.hasTags(U1 + ":1-5"));
        assertTrue(MySqlGtids.parse("").isEmpty());
    }

    @Test
    void tagsSplitAServerUuidsTransactions() {
        // as gtid_executed shows it on 8.4: untagged intervals first, then each tag with its own intervals
        List<MySqlGtids.Entry> e = MySqlGtids.parse(U1 + ":1-5:Domain_1:1-3:11:domain_2:8-16");
        assertEquals(3, e.size());
        assertEquals("", e.get(0).tag());
        assertEquals("domain_1", e.get(1).tag(), "tags are case-insensitive; MySQL shows them in lower case");
        assertEquals(2, e.get(1).intervals().size());
        assertArrayEquals(new long[] {11, 11}, e.get(1).intervals().get(1));
        assertEquals("domain_2", e.get(2).tag());
        assertArrayEquals(new long[] {8, 16}, e.get(2).intervals().get(0));
        assertTrue(MySqlGtids.hasTags(U1 + ":tag_a:1"));
        assertEquals(List.of("domain_1", "domain_2"), MySqlGtids.tags(U1 + ":1-5:Domain_1:1-3:11:domain_2:8-16"));
        assertEquals(List.of("t"), MySqlGtids.tags(U1 + ":t:1," + U2 + ":1-2:t:4"));
    }

    @Test
    void malformedSetsNameTheBadPart() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MySqlGtids.parse("not-a-uuid:1"))
                .getMessage()
                .contains("server UUID"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MySqlGtids.parse(U1 + ":tag"))
                .getMessage()
                .contains("ends with the tag 'tag'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MySqlGtids.parse(U1 + ":5-3"))
                .getMessage()
                .contains("empty interval '5-3'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MySqlGtids.parse(U1 + ":1-x"))
                .getMessage()
                .contains("neither an interval nor a tag"));
        assertThrows(IllegalArgumentException.class, () -> MySqlGtids.parse(U1));
        assertThrows(IllegalArgumentException.class, () -> MySqlGtids.parse(U1 + ":1tag:1"));
        assertThrows(IllegalArgumentException.class, () -> MySqlGtids.parse(U1 + ":" + "t".repeat(33) + ":1"));
    }

    @Test
    void taggedSetsAreRefusedClearly() {
        assertDoesNotThrow(() -> MySqlGtids.refuseTagged("offset", U1 + ":1-9"));
        assertDoesNotThrow(() -> MySqlGtids.refuseTagged("offset", null));
        ConnectException e = assertThrows(
                ConnectException.class, () -> MySqlGtids.refuseTagged("the GTID set to resume from", U1 + ":1:t1:2"));
        assertTrue(e.getMessage().startsWith("the GTID set to resume from holds tagged GTIDs"), e.getMessage());
        assertTrue(e.getMessage().contains("[t1]"), e.getMessage());
        assertTrue(e.getMessage().contains("mysql-binlog-connector-java 0.30.1"), e.getMessage());
        ConnectException bad = assertThrows(ConnectException.class, () -> MySqlGtids.refuseTagged("offset", "0-1-5"));
        assertTrue(bad.getMessage().startsWith("offset is not a MySQL GTID set"), bad.getMessage());
    }

    @Test
    void theBinlogClientLibraryCannotParseTaggedSets() {
        // why the connector refuses: the library's own parser fails on a tag
        assertThrows(
                NumberFormatException.class, () -> new com.github.shyiko.mysql.binlog.GtidSet(U1 + ":1-5:tag_a:1-3"));
        assertEquals(U1.toLowerCase() + ":1-5", new com.github.shyiko.mysql.binlog.GtidSet(U1 + ":1-5").toString());
    }
}
