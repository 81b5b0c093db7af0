package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * The LogMiner path through Kafka Connect against the H2 stand-in: committed transactions only, in commit order, with
 * typed before/after images, source positions and transaction blocks, and restarts that neither lose nor repeat.
 */
class OracleStreamingIT {

    static final Duration TIMEOUT = ConnectTestCluster.DEFAULT_TIMEOUT;
    static final String CUSTOMERS = "ID NUMBER(10) PK, NAME VARCHAR2(50), BALANCE NUMBER(10,2), BORN DATE, "
            + "SEEN TIMESTAMP(6) WITH TIME ZONE, PHOTO RAW(8)";
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

    static Map<String, String> config(H2Oracle db, String prefix) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", OracleSourceConnector.class.getName());
        c.put("database.url", db.url());
        c.put("database.user", "sa");
        c.put("database.password", "");
        c.put("database.dialect.class", H2TestDialect.class.getName());
        c.put("topic.prefix", prefix);
        c.put("snapshot.mode", "no_data");
        c.put("log.mining.sleep.time.default.ms", "50");
        c.put("log.mining.sleep.time.max.ms", "200");
        c.put("log.mining.batch.size.min", "5");
        c.put("log.mining.batch.size.default", "20");
        c.put("log.mining.batch.size.max", "50");
        return c;
    }

    static String row(int id, String name) {
        return "'" + id + "','" + name + "','10.5',TO_DATE('2000-01-02 03:04:05', 'YYYY-MM-DD HH24:MI:SS'),"
                + "TO_TIMESTAMP_TZ('2020-06-01 10:00:00.5 +02:00', 'YYYY-MM-DD HH24:MI:SS.FF TZH:TZM'),HEXTORAW('CAFE')";
    }

    static String where(int id, String name) {
        return "\"ID\" = '" + id + "' and \"NAME\" = '" + name + "' and \"BALANCE\" = '10.5' and \"BORN\" = "
                + "TO_DATE('2000-01-02 03:04:05', 'YYYY-MM-DD HH24:MI:SS') and \"SEEN\" = TO_TIMESTAMP_TZ("
                + "'2020-06-01 10:00:00.5 +02:00', 'YYYY-MM-DD HH24:MI:SS.FF TZH:TZM') and \"PHOTO\" = HEXTORAW('CAFE')";
    }

    static final String COLS = "\"ID\",\"NAME\",\"BALANCE\",\"BORN\",\"SEEN\",\"PHOTO\"";

    @Test
    void streamsCommittedTransactionsInCommitOrder() throws Exception {
        try (H2Oracle db = new H2Oracle("stream1")) {
            db.createTable("APP", "CUSTOMERS", CUSTOMERS);
            RedoWriter redo = new RedoWriter(db);
            Map<String, String> config = config(db, "s1");
            config.put("tenant.id", "s1"); // the suite's delivery path stamps it on every record
            config.put("provide.transaction.metadata", "true");
            cluster.deploy("ora-stream1", config);

            RedoWriter.Txn a = redo.begin().insert("APP", "CUSTOMERS", COLS, row(1, "Ann"));
            RedoWriter.Txn b = redo.begin().insert("APP", "CUSTOMERS", COLS, row(2, "Bob"));
            RedoWriter.Txn gone = redo.begin().insert("APP", "CUSTOMERS", COLS, row(3, "Rolled"));
            long bCommit = b.commit(); // b commits first: delivered first
            a.update("APP", "CUSTOMERS", "\"NAME\" = 'It''s Ann'", where(1, "Ann"));
            long aCommit = a.commit();
            gone.rollback();
            RedoWriter.Txn c = redo.begin()
                    .update("APP", "CUSTOMERS", "\"ID\" = '20'", where(2, "Bob"))
                    .delete("APP", "CUSTOMERS", where(1, "It''s Ann"));
            c.commit();

            String topic = "s1.APP.CUSTOMERS";
            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(7, TIMEOUT, topic));
            // b: c(2); a: c(1), u(1); c: d(2)+tombstone, c(20), d(1)+tombstone
            List<String> shape = new ArrayList<>();
            for (Event e : events) {
                shape.add(
                        e.isTombstone()
                                ? "tomb" + e.key().get("ID").asLong()
                                : e.op() + e.row().get("ID").asLong());
            }
            assertEquals(List.of("c2", "c1", "u1", "d2", "tomb2", "c20", "d1", "tomb1"), shape);

            Event first = events.get(0);
            JsonNode after = first.after();
            assertEquals("Bob", after.get("NAME").asText());
            assertEquals(2, after.get("ID").asLong());
            assertEquals(946782245000L, after.get("BORN").asLong());
            assertEquals("2020-06-01T10:00:00.500000+02:00", after.get("SEEN").asText());
            assertEquals("yv4=", after.get("PHOTO").asText()); // 0xCAFE, base64 in JSON
            assertTrue(first.before().isNull());
            JsonNode source = first.source();
            assertEquals("oracle", source.get("connector").asText());
            assertEquals("ORCLTEST", source.get("db").asText());
            assertEquals("APP", source.get("schema").asText());
            assertEquals("CUSTOMERS", source.get("table").asText());
            assertEquals(b.xid(), source.get("txId").asText());
            assertEquals(Long.toString(bCommit), source.get("commit_scn").asText());
            assertEquals(b.xid(), first.value().get("transaction").get("id").asText());
            assertTrue(source.get("rs_id").asText().startsWith("0x"), source.toString());
            assertEquals(
                    "io.debezium.connector.oracle.Source",
                    ChangeEvents.envelopeJson(first.record().value())
                            .get("schema")
                            .get("fields")
                            .get(2)
                            .get("name")
                            .asText());
            // Debezium's semantic types for DATE (Timestamp, epoch millis) and TIMESTAMP(6) WITH TIME ZONE
            Map<String, String> names = new java.util.HashMap<>();
            ChangeEvents.envelopeJson(first.record().value())
                    .get("schema")
                    .get("fields")
                    .get(1)
                    .get("fields")
                    .forEach(f ->
                            names.put(f.get("field").asText(), f.path("name").asText()));
            assertEquals("io.debezium.time.Timestamp", names.get("BORN"));
            assertEquals("io.debezium.time.ZonedTimestamp", names.get("SEEN"));
            assertEquals("org.apache.kafka.connect.data.Decimal", names.get("BALANCE"));
            List<Event> txns = ChangeEvents.parse(cluster.consumeCommitted(6, TIMEOUT, "s1.transaction"));
            assertEquals(
                    List.of("BEGIN", "END", "BEGIN", "END", "BEGIN", "END"),
                    txns.stream().map(e -> e.value().get("status").asText()).toList(),
                    "b, a, c; none for the rollback");
            assertEquals(b.xid(), txns.get(1).value().get("id").asText());
            assertEquals(1, txns.get(1).value().get("event_count").asInt());
            assertEquals("s1", first.header("cdc.tenant"));

            Event update = events.get(2);
            assertEquals("Ann", update.before().get("NAME").asText());
            assertEquals("It's Ann", update.after().get("NAME").asText());
            assertEquals(
                    Long.toString(aCommit), update.source().get("commit_scn").asText());
            assertEquals(2, update.value().get("transaction").get("total_order").asLong());
            assertTrue(
                    events.stream()
                            .filter(e -> !e.isTombstone())
                            .noneMatch(e -> e.row().get("NAME").asText().equals("Rolled")),
                    "rolled back row delivered");
            cluster.connect().deleteConnector("ora-stream1");
        }
    }

    @Test
    void continuedStatementsAndSavepointRollbacks() throws Exception {
        try (H2Oracle db = new H2Oracle("stream2")) {
            db.createTable("APP", "NOTES", "ID NUMBER(10) PK, BODY VARCHAR2(4000)");
            RedoWriter redo = new RedoWriter(db);
            cluster.deploy("ora-stream2", config(db, "s2"));
            String body = "x".repeat(3000) + "''" + "y".repeat(2500);
            redo.begin()
                    .dmlContinued(
                            1,
                            "APP",
                            "NOTES",
                            "insert into \"APP\".\"NOTES\"(\"ID\",\"BODY\") values ('1','" + body + "');",
                            1000)
                    .dml(
                            1,
                            "APP",
                            "NOTES",
                            "insert into \"APP\".\"NOTES\"(\"ID\",\"BODY\") values ('2','undone');",
                            "AAAR3sAAEAAAACXAB2",
                            0)
                    // rollback to a savepoint: LogMiner shows the compensating delete with ROLLBACK = 1
                    .dml(
                            2,
                            "APP",
                            "NOTES",
                            "delete from \"APP\".\"NOTES\" where \"ID\" = '2' and \"BODY\" = 'undone';",
                            "AAAR3sAAEAAAACXAB2",
                            1)
                    .insert("APP", "NOTES", "\"ID\",\"BODY\"", "'3','kept'")
                    .commit();
            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(2, TIMEOUT, "s2.APP.NOTES"));
            assertEquals(2, events.size());
            assertEquals(
                    body.replace("''", "'"), events.get(0).after().get("BODY").asText());
            assertEquals(3, events.get(1).after().get("ID").asLong());
            cluster.connect().deleteConnector("ora-stream2");
        }
    }

    @Test
    void restartsResumeFromTheOldestOpenTransactionWithoutRepeats() throws Exception {
        try (H2Oracle db = new H2Oracle("stream3")) {
            db.createTable("APP", "CUSTOMERS", CUSTOMERS);
            RedoWriter redo = new RedoWriter(db);
            Map<String, String> config = config(db, "s3");
            cluster.deploy("ora-stream3", config);
            String topic = "s3.APP.CUSTOMERS";

            // a long transaction stays open across two restarts while others commit around it
            RedoWriter.Txn longOne = redo.begin().insert("APP", "CUSTOMERS", COLS, row(1000, "long-1"));
            int id = 0;
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 10; i++) {
                    id++;
                    redo.begin()
                            .insert("APP", "CUSTOMERS", COLS, row(id, "n" + id))
                            .commit();
                    if (id % 7 == 0) {
                        redo.switchLog();
                    }
                }
                longOne.insert("APP", "CUSTOMERS", COLS, row(1000 + round + 1, "long-" + (round + 2)));
                cluster.consumeCommitted(id, TIMEOUT, topic);
                if (round == 0) {
                    cluster.restartConnectorAndTasks("ora-stream3");
                } else if (round == 1) {
                    cluster.restartWorker();
                }
                cluster.awaitRunning("ora-stream3");
            }
            longOne.commit();
            redo.begin().insert("APP", "CUSTOMERS", COLS, row(999, "last")).commit();

            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(id + 4 + 1, TIMEOUT, topic));
            List<Long> ids =
                    events.stream().map(e -> e.after().get("ID").asLong()).toList();
            assertEquals(id + 5, ids.size(), "duplicates or losses: " + ids);
            assertEquals(ids.size(), ids.stream().distinct().count(), "duplicates: " + ids);
            assertEquals(List.of(1000L, 1001L, 1002L, 1003L, 999L), ids.subList(id, id + 5));
            cluster.connect().deleteConnector("ora-stream3");
        }
    }

    @Test
    void malformedRedoFailsTheTaskNamingScnAndStatement() throws Exception {
        try (H2Oracle db = new H2Oracle("stream4")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK, V VARCHAR2(10)");
            RedoWriter redo = new RedoWriter(db);
            cluster.deploy("ora-stream4", config(db, "s4"));
            redo.begin().insert("APP", "T", "\"ID\",\"V\"", "'1','ok'").commit();
            cluster.consumeCommitted(1, TIMEOUT, "s4.APP.T");
            RedoWriter.Txn bad = redo.begin()
                    .dml(1, "APP", "T", "insert into \"APP\".\"T\"(\"ID\",\"V\") values ('2','unterminated);");
            long badScn = redo.scn();
            bad.commit();
            String trace = cluster.awaitTaskFailure("ora-stream4", TIMEOUT);
            assertTrue(trace.contains("SCN " + badScn), trace);
            assertTrue(trace.contains("values ('2','unterminated);"), trace);
            assertTrue(trace.contains("unterminated string literal"), trace);
            assertTrue(trace.contains(bad.xid()), trace);
            cluster.connect().deleteConnector("ora-stream4");
        }
    }

    @Test
    void missingRedoAndOversizedTransactionsStopWithAClearError() throws Exception {
        try (H2Oracle db = new H2Oracle("stream5")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK, V VARCHAR2(10)");
            RedoWriter redo = new RedoWriter(db);
            Map<String, String> config = config(db, "s5");
            config.put("log.mining.buffer.max.events", "5");
            cluster.deploy("ora-stream5", config);
            RedoWriter.Txn big = redo.begin();
            for (int i = 0; i < 6; i++) {
                big.insert("APP", "T", "\"ID\",\"V\"", "'" + i + "','v'");
            }
            String trace = cluster.awaitTaskFailure("ora-stream5", TIMEOUT);
            assertTrue(trace.contains("log.mining.buffer.max.events"), trace);
            assertTrue(trace.contains(big.xid()), trace);
            assertTrue(trace.contains("Nothing was dropped"), trace);
            cluster.connect().deleteConnector("ora-stream5");
        }
        try (H2Oracle db = new H2Oracle("stream6")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK, V VARCHAR2(10)");
            RedoWriter redo = new RedoWriter(db);
            cluster.deploy("ora-stream6", config(db, "s6"));
            redo.begin().insert("APP", "T", "\"ID\",\"V\"", "'1','v'").commit();
            cluster.consumeCommitted(1, TIMEOUT, "s6.APP.T");
            cluster.connect().stopConnector("ora-stream6");
            // while it is stopped, the logs it must resume from are switched out, archived and deleted
            for (int i = 0; i < 4; i++) {
                redo.tick(3);
                redo.switchLog();
            }
            redo.deleteArchivedLogsBefore(redo.scn());
            cluster.connect().resumeConnector("ora-stream6");
            String trace = cluster.awaitTaskFailure("ora-stream6", TIMEOUT);
            assertTrue(trace.contains("the logs in between were deleted"), trace);
            cluster.connect().deleteConnector("ora-stream6");
        }
    }

    @Test
    void aTransactionSplitOverKafkaTransactionsResumesInItsMiddle() throws Exception {
        try (H2Oracle db = new H2Oracle("stream7")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK, V VARCHAR2(10)");
            RedoWriter redo = new RedoWriter(db);
            Map<String, String> config = config(db, "s7");
            config.put("transaction.group.max.records", "10");
            config.put("provide.transaction.metadata", "true");
            cluster.deploy("ora-stream7", config);
            redo.begin().insert("APP", "T", "\"ID\",\"V\"", "'0','before'").commit();
            RedoWriter.Txn big = redo.begin();
            long start = redo.scn();
            for (int i = 1; i <= 25; i++) {
                big.insert("APP", "T", "\"ID\",\"V\"", "'" + i + "','big'");
            }
            long commit = big.commit();
            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(26, TIMEOUT, "s7.APP.T"));
            assertEquals(26, events.size());
            assertEquals(
                    25,
                    events.get(25).value().get("transaction").get("total_order").asLong());

            // As if the worker died after the first Kafka transaction of the split: 10 of 25 changes delivered.
            cluster.connect().stopConnector("ora-stream7");
            var current =
                    cluster.connect().connectorOffsets("ora-stream7").offsets().get(0);
            Map<String, Object> offset = new HashMap<>(current.offset());
            offset.put("scn", Long.toString(start));
            offset.put("commit_scn", events.get(0).source().get("commit_scn").asText());
            offset.put("commit_txids", events.get(0).source().get("txId").asText());
            offset.put("tx_id", big.xid());
            offset.put("tx_commit_scn", Long.toString(commit));
            offset.put("tx_events", 10L);
            cluster.connect().alterSourceConnectorOffset("ora-stream7", current.partition(), offset);
            cluster.connect().resumeConnector("ora-stream7");
            cluster.awaitRunning("ora-stream7");
            List<Event> all = ChangeEvents.parse(cluster.consumeCommitted(26 + 15, TIMEOUT, "s7.APP.T"));
            List<Event> again = all.subList(26, all.size());
            assertEquals(15, again.size());
            for (int i = 0; i < 15; i++) {
                assertEquals(11 + i, again.get(i).after().get("ID").asLong());
                assertEquals(
                        11 + i,
                        again.get(i)
                                .value()
                                .get("transaction")
                                .get("total_order")
                                .asLong());
                assertEquals(
                        11 + i,
                        again.get(i)
                                .value()
                                .get("transaction")
                                .get("data_collection_order")
                                .asLong());
            }
            cluster.connect().deleteConnector("ora-stream7");
        }
    }

    @Test
    void heartbeatsAdvanceTheOffsetWhileCapturedTablesAreIdle() throws Exception {
        try (H2Oracle db = new H2Oracle("stream8")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK, V VARCHAR2(10)");
            RedoWriter redo = new RedoWriter(db);
            Map<String, String> config = config(db, "s8");
            config.put("heartbeat.interval.ms", "200");
            cluster.deploy("ora-stream8", config);
            redo.begin().insert("APP", "T", "\"ID\",\"V\"", "'1','v'").commit();
            cluster.consumeCommitted(1, TIMEOUT, "s8.APP.T");
            long busyElsewhere = redo.tick(500); // other tables' work moves the SCN on
            cluster.consumeCommitted(1, TIMEOUT, "__debezium-heartbeat.s8");
            org.apache.kafka.test.TestUtils.waitForCondition(
                    () -> {
                        var offsets = cluster.connect()
                                .connectorOffsets("ora-stream8")
                                .offsets();
                        return !offsets.isEmpty()
                                && Long.parseLong(
                                                (String) offsets.get(0).offset().get("scn"))
                                        > busyElsewhere;
                    },
                    TIMEOUT.toMillis(),
                    "the offset did not move past the idle SCNs");
            cluster.connect().deleteConnector("ora-stream8");
        }
    }

    @Test
    void inAMultitenantDatabaseOnlyTheConfiguredPdbIsCaptured() throws Exception {
        try (H2Oracle db = new H2Oracle("stream9")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK, V VARCHAR2(10)");
            RedoWriter redo = new RedoWriter(db);
            Map<String, String> config = config(db, "s9");
            config.put("database.pdb.name", "orclpdb1");
            H2TestDialect.CONTAINERS.clear();
            cluster.deploy("ora-stream9", config);
            redo.container("OTHERPDB"); // same schema and table names in another PDB
            redo.begin().insert("APP", "T", "\"ID\",\"V\"", "'1','other'").commit();
            redo.container("ORCLPDB1");
            redo.begin().insert("APP", "T", "\"ID\",\"V\"", "'2','mine'").commit();
            redo.container("OTHERPDB");
            redo.begin().insert("APP", "T", "\"ID\",\"V\"", "'3','other'").commit();
            redo.container("ORCLPDB1");
            redo.begin().insert("APP", "T", "\"ID\",\"V\"", "'4','mine'").commit();
            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(2, TIMEOUT, "s9.APP.T"));
            assertEquals(
                    List.of(2L, 4L),
                    events.stream().map(e -> e.after().get("ID").asLong()).toList());
            assertEquals("ORCLPDB1", events.get(0).source().get("db").asText());
            assertTrue(H2TestDialect.CONTAINERS.contains("ORCLPDB1"), "dictionary session not moved into the PDB");
            cluster.connect().deleteConnector("ora-stream9");
        }
    }

    @Test
    void unsupportedColumnTypesAreNamedUntilExcluded() throws Exception {
        try (H2Oracle db = new H2Oracle("stream10")) {
            db.createTable("APP", "DOCS", "ID NUMBER(10) PK, DOC BFILE, TITLE VARCHAR2(20)");
            RedoWriter redo = new RedoWriter(db);
            cluster.deploy("ora-stream10", config(db, "s10"));
            String insert = "'1',Unsupported Type,'first'";
            redo.begin()
                    .insert("APP", "DOCS", "\"ID\",\"DOC\",\"TITLE\"", insert)
                    .commit();
            String trace = cluster.awaitTaskFailure("ora-stream10", TIMEOUT);
            assertTrue(trace.contains("column APP.DOCS.DOC has type BFILE"), trace);
            assertTrue(trace.contains("column.exclude.list"), trace);

            Map<String, String> config = config(db, "s10");
            config.put("column.exclude.list", "APP\\.DOCS\\.DOC");
            cluster.connect().deleteConnector("ora-stream10");
            cluster.deploy("ora-stream10b", config);
            redo.begin()
                    .insert("APP", "DOCS", "\"ID\",\"DOC\",\"TITLE\"", "'2',Unsupported Type,'second'")
                    .commit();
            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(1, TIMEOUT, "s10.APP.DOCS"));
            assertEquals(
                    "second", events.get(events.size() - 1).after().get("TITLE").asText());
            assertTrue(!events.get(0).after().has("DOC"));
            cluster.connect().deleteConnector("ora-stream10b");
        }
    }

    @Test
    void theTaskRefusesToStartWithoutSupplementalLogging() throws Exception {
        try (H2Oracle db = new H2Oracle("stream11")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK");
            db.createTable("APP", "U", "ID NUMBER(10) PK");
            cluster.deploy("ora-stream11", config(db, "s11"));
            // logging switched off behind the connector's back (validation on creation would refuse it)
            cluster.connect().stopConnector("ora-stream11");
            db.execute("DELETE FROM ALL_LOG_GROUPS WHERE TABLE_NAME = 'U'");
            cluster.connect().resumeConnector("ora-stream11");
            String trace = cluster.awaitTaskFailure("ora-stream11", TIMEOUT);
            assertTrue(trace.contains("ALTER TABLE \"APP\".\"U\" ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS"), trace);
            assertTrue(!trace.contains("\"APP\".\"T\""), trace);

            cluster.connect().stopConnector("ora-stream11");
            db.execute("UPDATE V$DATABASE SET SUPPLEMENTAL_LOG_DATA_ALL = 'YES', SUPPLEMENTAL_LOG_DATA_MIN = 'NO'");
            cluster.connect().resumeConnector("ora-stream11");
            org.apache.kafka.test.TestUtils.waitForCondition(
                    () -> {
                        var st = cluster.status("ora-stream11");
                        return st != null
                                && !st.tasks().isEmpty()
                                && "FAILED".equals(st.tasks().get(0).state())
                                && st.tasks().get(0).trace().contains("ALTER DATABASE ADD SUPPLEMENTAL LOG DATA");
                    },
                    TIMEOUT.toMillis(),
                    "task did not fail on missing minimal supplemental logging");
            cluster.connect().deleteConnector("ora-stream11");
        }
    }

    static Map<String, String> withDefaults(Map<String, String> c) {
        Map<String, String> all = ConnectTestCluster.exactlyOnceDefaults();
        all.putAll(c);
        return all;
    }

    @Test
    void positionFieldsAreStrings() {
        assertFalse(OracleOffset.streaming(5, 4, java.util.Set.of("A")).toMap().get("scn") instanceof Long);
        assertNull(OracleOffset.fromMap(Map.of()));
    }
}
