package io.entitynotifier.connect.mysql.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.XAPrepareEventData;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.txn.ChangeQueue;
import io.entitynotifier.connect.common.txn.PendingRecord;

class TransactionHoldTest {

    private final ChangeQueue queue = new ChangeQueue(1000);

    private static PendingRecord rec(String v) {
        return PendingRecord.last(new SourceRecord(Map.of(), Map.of(), "t", Schema.STRING_SCHEMA, v));
    }

    private List<String> delivered() throws InterruptedException {
        return queue.drain(1000, 0).stream()
                .map(r -> (String) r.record().value())
                .toList();
    }

    private static XAPrepareEventData prepare(String gtrid, boolean onePhase) {
        XAPrepareEventData d = new XAPrepareEventData();
        byte[] g = gtrid.getBytes(StandardCharsets.UTF_8);
        d.setData(g);
        d.setGtridLength(g.length);
        d.setBqualLength(0);
        d.setFormatID(1);
        d.setOnePhase(onePhase);
        return d;
    }

    @Test
    void committedTransactionsAreDeliveredAndRolledBackOnesDropped() throws Exception {
        TransactionHold h = new TransactionHold(queue, 10);
        h.begin("f:1", false);
        h.put(rec("a"));
        assertEquals(List.of(), delivered(), "held until the end is known");
        h.end(true);
        h.begin("f:2", false);
        h.put(rec("b"));
        h.end(false);
        assertEquals(List.of("a"), delivered());
    }

    @Test
    void aPreparedXaTransactionHoldsWhatFollowsUntilItIsDecided() throws Exception {
        TransactionHold h = new TransactionHold(queue, 10);
        h.begin("f:1", false);
        h.xaStart("f:1");
        h.put(rec("xa1"));
        h.prepared(prepare("a1", false));
        h.begin("f:2", false);
        h.put(rec("later"));
        h.end(true);
        h.begin("f:3", false);
        h.xaStart("f:3");
        h.put(rec("xa2"));
        h.prepared(prepare("a2", false));
        assertEquals(List.of(), delivered());
        h.decided("X'6132',X'',1", false); // a2 rolled back: still behind a1
        assertEquals(List.of(), delivered());
        h.decided("x'6131', x'', 1", true);
        assertEquals(List.of("xa1", "later"), delivered());
        h.decided("X'6139',X'',1", true); // unknown: decided before this task read it
        h.begin("f:4", false);
        h.xaStart("f:4");
        h.put(rec("one-phase"));
        h.prepared(prepare("a3", true));
        assertEquals(List.of("one-phase"), delivered());
    }

    @Test
    void aLargeTransactionIsDeliveredAsItComesAndTooMuchBehindAnUndecidedXaFails() throws Exception {
        TransactionHold h = new TransactionHold(queue, 2);
        h.begin("f:1", false);
        h.put(rec("1"));
        h.put(rec("2"));
        h.put(rec("3"));
        h.put(rec("4"));
        assertEquals(List.of("1", "2", "3", "4"), delivered());
        h.end(true);
        h.begin("f:2", false);
        h.xaStart("f:2");
        h.put(rec("xa"));
        h.prepared(prepare("b", false));
        h.put(rec("x"));
        h.put(rec("y"));
        ConnectException e = assertThrows(ConnectException.class, () -> h.put(rec("z")));
        assertTrue(e.getMessage().contains("f:2") && e.getMessage().contains("XA RECOVER"), e.getMessage());
    }
}
