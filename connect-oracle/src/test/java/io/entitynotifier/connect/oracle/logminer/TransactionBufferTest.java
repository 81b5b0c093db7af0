package io.entitynotifier.connect.oracle.logminer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class TransactionBufferTest {

    static RedoRow dml(String xid, long scn, String rowId, boolean rollback) {
        return new RedoRow(
                scn,
                rollback ? RedoRow.DELETE : RedoRow.INSERT,
                xid,
                "APP",
                "T",
                "sql " + scn,
                rowId,
                rollback,
                0,
                "rs",
                0);
    }

    @Test
    void tracksTheOldestOpenTransactionAndCounts() {
        TransactionBuffer b = new TransactionBuffer(0, 100);
        assertEquals(Long.MAX_VALUE, b.oldestStartScn());
        b.begin("A", 10);
        b.add(dml("B", 12, "r1", false)); // no START seen: starts at its first change
        b.add(dml("A", 13, "r2", false));
        assertEquals(10, b.oldestStartScn());
        assertEquals(2, b.bufferedEvents());
        assertEquals(1, b.remove("A").events().size());
        assertEquals(12, b.oldestStartScn());
        assertEquals(1, b.bufferedEvents());
    }

    @Test
    void aSavepointRollbackRemovesTheChangeItUndoes() {
        TransactionBuffer b = new TransactionBuffer(0, 100);
        b.add(dml("A", 1, "r1", false));
        b.add(dml("A", 2, "r2", false));
        b.add(dml("A", 3, "r2", true));
        BufferedTransaction t = b.remove("A");
        assertEquals(1, t.events().size());
        assertEquals(1, t.events().get(0).scn());
        assertThrows(ConnectException.class, () -> b.add(dml("C", 4, "nowhere", true)));
    }

    @Test
    void boundsFailNamingTheTransaction() {
        TransactionBuffer perTxn = new TransactionBuffer(2, 100);
        perTxn.add(dml("A", 1, "r", false));
        perTxn.add(dml("A", 2, "r", false));
        ConnectException e = assertThrows(ConnectException.class, () -> perTxn.add(dml("A", 3, "r", false)));
        assertTrue(e.getMessage().contains("transaction A") && e.getMessage().contains("threshold"));

        TransactionBuffer total = new TransactionBuffer(0, 3);
        total.add(dml("A", 1, "r", false));
        total.add(dml("B", 2, "r", false));
        total.add(dml("B", 3, "r", false));
        e = assertThrows(ConnectException.class, () -> total.add(dml("C", 4, "r", false)));
        assertTrue(e.getMessage().contains("largest: transaction B"), e.getMessage());
    }
}
