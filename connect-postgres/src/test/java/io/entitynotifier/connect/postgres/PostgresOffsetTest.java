package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.offset.SnapshotKeyText;

class PostgresOffsetTest {

    @Test
    void roundTripsEachKindOfPosition() {
        PostgresOffset between = PostgresOffset.betweenTransactions(1000, 7L);
        PostgresOffset inside = PostgresOffset.insideTransaction(900, 8, 42);
        PostgresOffset snapshot = PostgresOffset.snapshot(800, "public.t", List.of("1", "a:b", ""), "10:20:12,15");
        PostgresOffset keyless = PostgresOffset.snapshotAtCtid(800, "public.h", "16384/(3,7)", "10:20:");
        for (PostgresOffset o : List.of(between, inside, snapshot, keyless)) {
            assertEquals(o, PostgresOffset.fromMap(o.toMap()));
        }
        assertTrue(inside.insideTransaction());
        assertFalse(between.insideTransaction());
        assertTrue(snapshot.snapshotRunning());
        assertTrue(keyless.snapshotRunning());
        assertNull(PostgresOffset.fromMap(null));
    }

    @Test
    void onlyPositionsBetweenTransactionsAreConfirmable() {
        assertEquals(
                1000,
                PostgresOffset.confirmableLsn(
                        PostgresOffset.betweenTransactions(1000, 7L).toMap()));
        assertEquals(
                -1,
                PostgresOffset.confirmableLsn(
                        PostgresOffset.insideTransaction(900, 8, 1).toMap()));
        assertEquals(
                -1,
                PostgresOffset.confirmableLsn(
                        PostgresOffset.snapshot(800, "s.t", List.of("1"), null).toMap()));
    }

    @Test
    void theSnapshotKeyIsWrittenByTheCommonEncoder() {
        Map<String, Object> m = PostgresOffset.snapshot(1, "s.t", List.of("12:3", "-", "", "x"), null)
                .toMap();
        assertEquals(SnapshotKeyText.encode(List.of("12:3", "-", "", "x")), m.get("snapshot_key"));
        assertEquals(
                List.of(),
                PostgresOffset.fromMap(PostgresOffset.snapshot(1, "s.t", List.of(), null)
                                .toMap())
                        .snapshotKey(),
                "a complete keyless table");
    }

    @Test
    void readsAnOffsetStoredByEarlierVersions() {
        // As PostgresOffset.encodeKey wrote it before the connectors shared SnapshotKeyText: no point, no ctid.
        Map<String, Object> legacy =
                Map.of("lsn", 23_456_789L, "snapshot", true, "snapshot_table", "s21.t", "snapshot_key", "1:53:y z");
        PostgresOffset o = PostgresOffset.fromMap(legacy);
        assertEquals(new PostgresOffset(23_456_789L, null, 0, "s21.t", List.of("5", "y z"), null, null), o);
        Map<String, Object> keylessDone =
                Map.of("lsn", 5L, "snapshot", true, "snapshot_table", "s.h", "snapshot_key", "");
        assertEquals(List.of(), PostgresOffset.fromMap(keylessDone).snapshotKey());
        Map<String, Object> streaming = Map.of("lsn", 7L, "txId", 9L, "txn_events", 3L);
        assertEquals(PostgresOffset.insideTransaction(7, 9, 3), PostgresOffset.fromMap(streaming));
    }

    @Test
    void aSnapshotPointSeesWhatCommittedBeforeIt() {
        SnapshotPoint p = SnapshotPoint.parse("100:110:103,107");
        assertTrue(p.sees(2), "frozen");
        assertTrue(p.sees(99));
        assertTrue(p.sees(104));
        assertFalse(p.sees(103), "in progress at the point");
        assertFalse(p.sees(110));
        assertFalse(p.sees(500));
        // 64-bit ids with epoch 1: the row's xmin is the low 32 bits.
        long epoch = 1L << 32;
        SnapshotPoint q = SnapshotPoint.parse((epoch + 5) + ":" + (epoch + 9) + ":");
        assertTrue(q.sees(4));
        assertTrue(q.sees(0xFFFF_FFF0L), "just before the epoch wrapped");
        assertFalse(q.sees(9));
        assertThrows(IllegalArgumentException.class, () -> SnapshotPoint.parse("1:2"));
    }

    /** Debezium 3.6's offset after the last change it delivered of transaction 771 (lsn is that change's position). */
    @Test
    void debeziumsOffsetAfterAChangeSkipsWhatItDeliveredOfThatTransaction() {
        Map<String, Object> debezium = Map.of(
                "lsn_proc", 24_000_100L,
                "lsn_commit", 23_999_000L,
                "lsn", 24_000_200L,
                "txId", 771L,
                "ts_usec", 1_700_000_000_000_000L,
                "messageType", "UPDATE");
        PostgresOffset o = PostgresOffset.fromMap(debezium);
        assertEquals(24_000_200L, o.lsn(), "the stream restarts there: the transaction commits later, so it is resent");
        assertEquals(771L, o.txId());
        assertTrue(o.takeover());
        assertEquals(24_000_200L, o.takeoverEventLsn());
        assertTrue(o.insideTransaction(), "not a confirmable position: the rest of transaction 771 is still to come");
        assertEquals(-1, PostgresOffset.confirmableLsn(debezium));
        assertFalse(o.snapshotRunning());
        // Our own offsets never carry the takeover position.
        assertFalse(PostgresOffset.fromMap(
                        PostgresOffset.insideTransaction(900, 8, 42).toMap())
                .takeover());
    }

    @Test
    void debeziumsOffsetAfterCommitOrBeginSkipsNoChangeByPosition() {
        PostgresOffset commit = PostgresOffset.fromMap(
                Map.of("lsn_proc", 500L, "lsn_commit", 500L, "lsn", 500L, "txId", 9L, "messageType", "COMMIT"));
        assertFalse(
                commit.takeover(),
                "after COMMIT lsn is the end of the commit record: transactions up to it are skipped");
        assertEquals(500L, commit.lsn());
        assertEquals(
                500L, PostgresOffset.confirmableLsn(Map.of("lsn", 500L, "lsn_proc", 500L, "messageType", "COMMIT")));
        PostgresOffset begin = PostgresOffset.fromMap(Map.of("lsn", 400L, "txId", 10L, "messageType", "BEGIN"));
        assertFalse(begin.takeover(), "the first change may sit at the BEGIN's position: nothing is skipped");
        PostgresOffset untyped = PostgresOffset.fromMap(Map.of("lsn", 400L, "txId", 10L, "ts_usec", 1L));
        assertFalse(untyped.takeover(), "without a message type, repeat rather than lose");
    }

    @Test
    void anInterruptedDebeziumSnapshotIsTakenAgain() {
        assertNull(PostgresOffset.fromMap(
                Map.of("lsn", 300L, "ts_usec", 1L, "snapshot", "INITIAL", "last_snapshot_record", false)));
        assertNull(PostgresOffset.fromMap(Map.of("lsn", 300L, "ts_usec", 1L, "snapshot", true)));
        PostgresOffset done = PostgresOffset.fromMap(
                Map.of("lsn", 300L, "ts_usec", 1L, "snapshot", "INITIAL", "last_snapshot_record", true));
        assertEquals(300L, done.lsn());
        assertFalse(done.snapshotRunning());
        assertFalse(done.takeover());
    }
}
