package io.entitynotifier.connect.mysql.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Heartbeat;
import io.entitynotifier.connect.common.txn.ChangeQueue;
import io.entitynotifier.connect.mysql.BinlogPosition;
import io.entitynotifier.connect.mysql.MySqlSourceInfo;

/**
 * {@link BinlogEventHandler#midTransaction()}: the poll thread's "caught up" must not be true while the reader is
 * inside a transaction whose records it still holds (an empty queue between two transactions of a backlog).
 */
class BinlogEventHandlerMidTransactionTest {

    private long pos = 4;

    private Event event(EventType type, EventData data) {
        EventHeaderV4 h = new EventHeaderV4();
        h.setEventType(type);
        pos += 50;
        h.setEventLength(50); // getPosition() is nextPosition - eventLength
        h.setNextPosition(pos);
        h.setTimestamp(1_000L);
        return new Event(h, data);
    }

    private Event begin() {
        QueryEventData q = new QueryEventData();
        q.setSql("BEGIN");
        q.setThreadId(7);
        q.setDatabase("");
        return event(EventType.QUERY, q);
    }

    private BinlogEventHandler handler(ChangeQueue queue) {
        // No table maps or row events here: the schema reader and the captured tables are not needed
        return new BinlogEventHandler(
                        null,
                        null,
                        new MySqlSourceInfo("p"),
                        new ChangeRecordFactory(Map.of("server", "p"), true),
                        null,
                        new Heartbeat(0, "__heartbeat", "p", Map.of("server", "p"), () -> 0L),
                        queue,
                        false,
                        BinlogPosition.at(null, "mysql-bin.000001", 4))
                .transactionHoldLimit(queue, 100);
    }

    @Test
    void insideATransactionFromItsFirstEventUntilItsCommit() throws Exception {
        ChangeQueue queue = new ChangeQueue(100);
        BinlogEventHandler h = handler(queue);
        assertFalse(h.midTransaction());
        h.handle(event(EventType.ANONYMOUS_GTID, null));
        assertTrue(h.midTransaction(), "after the GTID event");
        h.handle(begin());
        assertTrue(h.midTransaction(), "after BEGIN");
        h.handle(event(EventType.XID, new XidEventData()));
        assertFalse(h.midTransaction(), "after the commit");
        assertEquals(pos, h.committed().pos());
    }

    @Test
    void aReconnectInsideATransactionIsNotInsideOneUntilItIsReadAgain() throws Exception {
        BinlogEventHandler h = handler(new ChangeQueue(100));
        h.handle(event(EventType.ANONYMOUS_GTID, null));
        h.handle(begin());
        assertTrue(h.midTransaction());
        h.connectPosition();
        assertFalse(h.midTransaction());
    }

    @Test
    void aRolledBackGroupEndsTheTransaction() throws Exception {
        BinlogEventHandler h = handler(new ChangeQueue(100));
        h.handle(event(EventType.ANONYMOUS_GTID, null));
        h.handle(begin());
        QueryEventData rollback = new QueryEventData();
        rollback.setSql("ROLLBACK");
        rollback.setDatabase("");
        h.handle(event(EventType.QUERY, rollback));
        assertFalse(h.midTransaction());
    }
}
