package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Snapshots that hold against the H2 stand-in's AS OF SCN (row versions, {@link H2TestDialect#tableAsOf}): a key-less
 * table larger than {@code tenant.max.buffered.bytes} read in ROWID chunks and resumed mid-table at the original SCN
 * after a stop, and a first start whose transaction commits between the connector's SCN reads.
 */
class OracleSnapshotConsistencyIT {

    static final Duration TIMEOUT = ConnectTestCluster.DEFAULT_TIMEOUT;
    static final int ROWS = 3000;
    static final String PAD = "p".repeat(150);
    static ConnectTestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectTestCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static String v(int i) {
        return String.format("row-%04d", i);
    }

    /**
     * 3,000 rows of about 200 bytes without a key, 20 kB of buffer: before ROWID chunking the table was one unresumable
     * run and the task failed at the bound. Stopped mid-table, changed, resumed: each row once, as it was at the
     * snapshot SCN; the changes follow from the stream.
     */
    @Test
    void keylessTableLargerThanTheBufferBoundSnapshotsInRowIdChunksAndResumesAsOfTheSnapshotScn() throws Exception {
        try (H2Oracle db = new H2Oracle("consist1")) {
            db.createTable("APP", "K", "ID NUMBER(10) PK, V VARCHAR2(20)");
            db.createTable("APP", "LOG", "V VARCHAR2(20), PAD VARCHAR2(200)");
            for (int i = 1; i <= 100; i++) {
                db.execute("INSERT INTO \"APP\".\"K\" VALUES (" + i + ", 'k" + i + "')");
            }
            db.execute("INSERT INTO \"APP\".\"LOG\" SELECT 'row-' || LPAD(X, 4, '0'), '" + PAD
                    + "' FROM SYSTEM_RANGE(1, " + ROWS + ")");
            RedoWriter redo = new RedoWriter(db);
            Map<String, String> config = OracleStreamingIT.config(db, "cs1");
            config.put("snapshot.mode", "initial");
            config.put("snapshot.chunk.size", "100");
            config.put("tenant.max.buffered.bytes", "20000");
            config.put("throttle.max.events.per.second", "300"); // so that the stop lands mid-table
            cluster.deploy("ora-cs1", config);
            String[] topics = {"cs1.APP.K", "cs1.APP.LOG"};
            cluster.consumeCommitted("ora-cs1", 700, TIMEOUT, topics);
            cluster.connect().stopConnector("ora-cs1");
            TestUtils.waitForCondition(
                    () -> "STOPPED".equals(cluster.status("ora-cs1").connector().state()),
                    TIMEOUT.toMillis(),
                    "connector did not stop");
            ConnectorOffset stopped =
                    cluster.connect().connectorOffsets("ora-cs1").offsets().get(0);
            Map<String, ?> offset = stopped.offset();
            assertEquals("APP.LOG", offset.get("snapshot_table"), "stopped mid-LOG: " + offset);
            assertNotNull(offset.get("snapshot_rowid"), "a ROWID position: " + offset);
            long snapshotScn = Long.parseLong(offset.get("snapshot_scn").toString());

            // committed after the snapshot SCN, while the connector is stopped: not for the resumed snapshot
            String cols = "\"V\",\"PAD\"";
            RedoWriter.Txn t = redo.begin()
                    .update("APP", "LOG", "\"V\" = 'changed-2900'", "\"V\" = 'row-2900' and \"PAD\" = '" + PAD + "'")
                    .insert("APP", "LOG", cols, "'late','" + PAD + "'")
                    .delete("APP", "LOG", "\"V\" = 'row-2950' and \"PAD\" = '" + PAD + "'");
            long commit = t.commit();
            assertTrue(commit > snapshotScn);
            db.updateCommittedAt(commit, "APP", "LOG", "\"V\" = 'changed-2900'", "\"V\" = 'row-2900'");
            db.insertCommittedAt(commit, "APP", "LOG", "INSERT INTO \"APP\".\"LOG\" VALUES ('late', '" + PAD + "')");
            db.execute("UPDATE \"APP\".\"LOG\" SET ORA_TO_SCN = " + commit + " WHERE \"V\" = 'row-2950'");
            redo.begin().insert("APP", "K", "\"ID\",\"V\"", "'1000','end'").commit();
            cluster.connect().resumeConnector("ora-cs1");
            cluster.awaitRunning("ora-cs1");

            // 100 + 3000 snapshot rows; update, insert, delete (+ tombstone when keyed: none here), the end marker
            List<Event> events = ChangeEvents.withoutTombstones(
                    ChangeEvents.parse(cluster.consumeCommitted("ora-cs1", 100 + ROWS + 4, TIMEOUT, topics)));
            List<Event> log = events.stream()
                    .filter(e -> e.record().topic().equals("cs1.APP.LOG"))
                    .toList();
            Map<String, Long> reads = log.stream()
                    .filter(e -> e.op().equals("r"))
                    .collect(Collectors.groupingBy(e -> e.after().get("V").asText(), Collectors.counting()));
            assertEquals(ROWS, reads.size(), "every row read");
            assertTrue(reads.values().stream().allMatch(n -> n == 1), "a row read twice");
            for (int i = 1; i <= ROWS; i++) {
                assertEquals(1L, reads.get(v(i)), v(i) + " as of the snapshot SCN");
            }
            List<String> streamed = log.stream()
                    .filter(e -> !e.op().equals("r"))
                    .map(e -> e.op() + ":" + e.row().get("V").asText())
                    .toList();
            assertEquals(List.of("u:changed-2900", "c:late", "d:row-2950"), streamed);
            assertTrue(
                    log.stream()
                            .filter(e -> e.op().equals("r"))
                            .allMatch(e -> e.source().get("scn").asLong() == snapshotScn),
                    "a resumed read not at the original snapshot SCN");
            long keyed = events.stream()
                    .filter(e -> e.record().topic().equals("cs1.APP.K"))
                    .count();
            assertEquals(101, keyed);
            cluster.connect().deleteConnector("ora-cs1");
        }
    }

    /**
     * A transaction open at the start, committing between the connector's reads of the current SCN and of
     * V$TRANSACTION (the stand-in runs the commit right before the V$TRANSACTION read): with CURRENT_SCN read first it
     * was neither in the snapshot (committed after its SCN) nor mined (mining began after its start).
     */
    @Test
    void transactionCommittingBetweenTheFirstStartReadsIsDeliveredOnce() throws Exception {
        try (H2Oracle db = new H2Oracle("consist2")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK, V VARCHAR2(20)");
            db.execute("INSERT INTO \"APP\".\"T\" VALUES (1, 'before')");
            RedoWriter redo = new RedoWriter(db);
            redo.tick(5);
            RedoWriter.Txn open = redo.begin().insert("APP", "T", "\"ID\",\"V\"", "'2','racing'");
            AtomicLong committedAt = new AtomicLong();
            H2Oracle.beforeNextTransactionRead(() -> {
                try {
                    long c = open.commit();
                    db.insertCommittedAt(c, "APP", "T", "INSERT INTO \"APP\".\"T\" VALUES (2, 'racing')");
                    committedAt.set(c);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Map<String, String> config = OracleStreamingIT.config(db, "cs2");
            config.put("snapshot.mode", "initial");
            cluster.deploy("ora-cs2", config);
            assertTrue(committedAt.get() > 0, "the connector did not read V$TRANSACTION");
            redo.begin().insert("APP", "T", "\"ID\",\"V\"", "'3','after'").commit();

            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted("ora-cs2", 3, TIMEOUT, "cs2.APP.T"));
            Map<Long, List<String>> byId = events.stream()
                    .collect(Collectors.groupingBy(
                            e -> e.row().get("ID").asLong(), Collectors.mapping(Event::op, Collectors.toList())));
            assertEquals(Map.of(1L, List.of("r"), 2L, List.of("r"), 3L, List.of("c")), byId, events.toString());
            Function<Long, Event> of = id -> events.stream()
                    .filter(e -> e.row().get("ID").asLong() == id)
                    .findFirst()
                    .orElseThrow();
            assertTrue(of.apply(2L).source().get("scn").asLong() >= committedAt.get(), "snapshot before the commit");
            cluster.connect().deleteConnector("ora-cs2");
        }
    }
}
