package io.entitynotifier.connect.oracle.logminer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.common.schema.TableFilter;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.oracle.H2LogMinerSession;
import io.entitynotifier.connect.oracle.H2Oracle;
import io.entitynotifier.connect.oracle.OracleOffset;
import io.entitynotifier.connect.oracle.OracleSchemaReader;
import io.entitynotifier.connect.oracle.OracleSourceInfo;
import io.entitynotifier.connect.oracle.RedoWriter;
import io.entitynotifier.connect.oracle.SchemaFilter;
import io.entitynotifier.connect.oracle.TableCache;

/** The LogMiner query, log discovery and the SCN-window loop run against the H2 stand-in, without Connect. */
class LogMinerAgainstH2Test {

    @Test
    void includeAndExcludeListsAreAppliedByTheQuery() throws Exception {
        try (H2Oracle db = new H2Oracle("query1")) {
            RedoWriter redo = new RedoWriter(db);
            RedoWriter.Txn t = redo.begin();
            for (String[] table : new String[][] {
                {"APP", "ORDERS"}, {"APP", "AUDIT"}, {"HR", "EMP"}, {"SYS", "OBJ$"}, {"APPX", "ORDERS"}
            }) {
                t.dml(
                        1,
                        table[0],
                        table[1],
                        "insert into \"" + table[0] + "\".\"" + table[1] + "\"(\"A\") " + "values ('1');");
            }
            t.commit();
            db.execute("INSERT INTO V$LOGMNR_CONTENTS (SCN, OPERATION_CODE, XID, SEG_OWNER, TABLE_NAME, SQL_REDO, "
                    + "CSF, ROW_ID, \"ROLLBACK\", \"TIMESTAMP\", RS_ID, SSN) SELECT SCN, OPERATION_CODE, XID, SEG_OWNER, "
                    + "TABLE_NAME, SQL_REDO, CSF, ROW_ID, \"ROLLBACK\", \"TIMESTAMP\", RS_ID, SSN FROM REDO_STAGING");
            assertEquals(
                    List.of("6", "1 APP.ORDERS", "1 APP.AUDIT", "1 HR.EMP", "1 APPX.ORDERS", "7"),
                    rows(db, new LogMinerQuery(List.of(), List.of(), List.of(), List.of())));
            assertEquals(
                    List.of("6", "1 APP.ORDERS", "1 APP.AUDIT", "7"),
                    rows(db, new LogMinerQuery(List.of("app"), List.of(), List.of(), List.of())));
            assertEquals(
                    List.of("6", "1 APP.ORDERS", "7"),
                    rows(db, new LogMinerQuery(List.of("APP"), List.of(), List.of(), List.of("APP\\.AUD.*"))));
            assertEquals(
                    List.of("6", "1 APP.ORDERS", "1 HR.EMP", "7"),
                    rows(
                            db,
                            new LogMinerQuery(
                                    List.of(), List.of("APPX"), List.of("APP.ORDERS", "HR\\..*"), List.of())));
            assertTrue(new LogMinerQuery(List.of("APP"), List.of(), List.of(), List.of())
                    .sql()
                    .contains("REGEXP_LIKE(SEG_OWNER, ?, 'i')"));
        }
    }

    static List<String> rows(H2Oracle db, LogMinerQuery q) throws Exception {
        List<String> out = new ArrayList<>();
        q.run(
                db.connection(),
                0,
                Long.MAX_VALUE / 2,
                r -> out.add(r.operationCode() + (r.isDml() ? " " + r.owner() + "." + r.table() : "")));
        return out;
    }

    @Test
    void findsOnlineAndArchivedLogsAndRefusesGaps() throws Exception {
        try (H2Oracle db = new H2Oracle("logs1")) {
            RedoWriter redo = new RedoWriter(db);
            RedoLogFinder finder = new RedoLogFinder();
            redo.tick(10);
            redo.switchLog(); // seq 1: [1, 111)
            redo.tick(10);
            redo.switchLog(); // seq 2: [111, 121)
            redo.tick(10);
            redo.switchLog(); // seq 3: [121, 131); seq 1 now only archived
            redo.tick(10);
            redo.switchLog(); // seq 4: [131, 141); seq 2 only archived
            List<String> names = finder.find(db.connection(), 105, 135).stream()
                    .map(RedoLogFinder.LogFile::name)
                    .toList();
            assertEquals(
                    List.of("/arch/arch_1_1.arc", "/arch/arch_1_2.arc", "/redo/redo03.log", "/redo/redo04.log"), names);
            assertEquals(
                    List.of("/redo/redo05.log"),
                    finder.find(db.connection(), 141, 200).stream()
                            .map(RedoLogFinder.LogFile::name)
                            .toList());
            redo.deleteArchivedLogsBefore(112);
            ConnectException e = assertThrows(ConnectException.class, () -> finder.find(db.connection(), 105, 135));
            assertTrue(e.getMessage().contains("starts at SCN 111, after SCN 105"), e.getMessage());
        }
    }

    @Test
    void windowsAreContiguousAdaptiveAndBoundedByTheCurrentScn() throws Exception {
        try (H2Oracle db = new H2Oracle("window1")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK");
            RedoWriter redo = new RedoWriter(db);
            OracleSourceInfo info = OracleSourceInfo.create("w");
            Schema source = info.schema();
            OracleSchemaReader schemas = new OracleSchemaReader(
                    "w",
                    "DB",
                    new TableFilter(List.of(), List.of(), List.of()),
                    new SchemaFilter(List.of(), List.of()),
                    DecimalHandlingMode.PRECISE,
                    "x",
                    source);
            TransactionEmitter emitter = new TransactionEmitter(
                    db.connection(),
                    new TableCache(schemas),
                    new ChangeRecordFactory(Map.of("server", "w"), false),
                    info);
            MiningWindow window = new MiningWindow(10, 20, 40, 0, 0, 0, 0);
            long from = redo.scn() + 1;
            for (int i = 0; i < 30; i++) {
                redo.begin().insert("APP", "T", "\"ID\"", "'" + i + "'").commit();
                redo.tick(5);
                if (i % 8 == 0) {
                    redo.switchLog();
                }
            }
            LogWriterFlush flush = new LogWriterFlush("LOG_MINING_FLUSH");
            assertEquals("PUBLIC", flush.prepare(db.connection()));
            assertEquals("PUBLIC", flush.prepare(db.connection())); // idempotent
            schemas.ignore(flush.owner(), flush.table());
            LogMinerReader reader = new LogMinerReader(
                            db.connection(),
                            new H2LogMinerSession(),
                            new LogMinerQuery(
                                    null, List.of(), List.of(), List.of(), List.of(), flush.owner(), flush.table()),
                            window,
                            new TransactionBuffer(0, 1000),
                            emitter,
                            OracleOffset.streaming(from, from, Set.of()))
                    .flushingWith(flush);
            // the flush table's own redo is never read
            redo.begin()
                    .dml(
                            3,
                            "PUBLIC",
                            "LOG_MINING_FLUSH",
                            "update \"PUBLIC\".\"LOG_MINING_FLUSH\" set "
                                    + "\"LAST_SCN\" = '5' where \"LAST_SCN\" = '0';")
                    .commit();
            H2LogMinerSession.WINDOWS.clear();
            List<PendingRecord> out = new ArrayList<>();
            boolean caughtUp = false;
            while (!caughtUp) {
                LogMinerReader.Round r = reader.mine();
                out.addAll(r.records());
                caughtUp = r.caughtUp();
            }
            assertEquals(30, out.size());
            List<long[]> windows = new ArrayList<>(H2LogMinerSession.WINDOWS);
            assertEquals(from, windows.get(0)[0]);
            for (int i = 1; i < windows.size(); i++) {
                assertEquals(windows.get(i - 1)[1] + 1, windows.get(i)[0], "gap or overlap between windows");
            }
            assertEquals(redo.scn(), windows.get(windows.size() - 1)[1]);
            assertEquals(20, windows.get(0)[1] - windows.get(0)[0] + 1);
            assertEquals(30, windows.get(1)[1] - windows.get(1)[0] + 1); // grew while behind
            assertTrue(windows.stream().allMatch(w -> w[1] - w[0] + 1 <= 40), "window above the maximum");
            int before = windows.size();
            assertTrue(reader.mine().records().isEmpty()); // nothing new: no window started
            assertEquals(before, H2LogMinerSession.WINDOWS.size());
            assertEquals(redo.scn() + 1, reader.position().scn());
            try (var st = db.connection().createStatement();
                    var rs = st.executeQuery("SELECT LAST_SCN, COUNT(*) FROM LOG_MINING_FLUSH GROUP BY LAST_SCN")) {
                assertTrue(rs.next());
                assertEquals(redo.scn(), rs.getLong(1), "not flushed before the last round");
                assertEquals(1, rs.getLong(2));
            }
        }
    }

    @Test
    void aDdlOnACapturedTableRereadsItsDefinition() throws Exception {
        try (H2Oracle db = new H2Oracle("ddl1")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK");
            RedoWriter redo = new RedoWriter(db);
            OracleSourceInfo info = OracleSourceInfo.create("d");
            OracleSchemaReader schemas = new OracleSchemaReader(
                    "d",
                    "DB",
                    new TableFilter(List.of(), List.of(), List.of()),
                    new SchemaFilter(List.of(), List.of()),
                    DecimalHandlingMode.PRECISE,
                    "x",
                    info.schema());
            TransactionEmitter emitter = new TransactionEmitter(
                            db.connection(),
                            new TableCache(schemas),
                            new ChangeRecordFactory(Map.of("server", "d"), false),
                            info)
                    .skippedOperations(
                            io.entitynotifier.connect.common.event.SkippedOperations.NONE); // sees the truncate
            long from = redo.scn() + 1;
            LogMinerReader reader = new LogMinerReader(
                    db.connection(),
                    new H2LogMinerSession(),
                    new LogMinerQuery(List.of(), List.of(), List.of(), List.of()),
                    new MiningWindow(1000, 1000, 1000, 0, 0, 0, 0),
                    new TransactionBuffer(0, 1000),
                    emitter,
                    OracleOffset.streaming(from, from, Set.of()));
            redo.begin().insert("APP", "T", "\"ID\"", "'1'").commit();
            db.execute("UPDATE LOGMNR_FAULTS SET REMAINING = 2"); // two failed attempts are retried
            assertEquals(1, reader.mine().records().size());
            redo.begin().insert("APP", "T", "\"ID\"", "'3'").commit();
            db.execute("UPDATE LOGMNR_FAULTS SET REMAINING = 3"); // the third failure in a row stops
            java.sql.SQLException e = assertThrows(java.sql.SQLException.class, reader::mine);
            assertTrue(e.getMessage().startsWith("ORA-00310"), e.getMessage());
            assertEquals(1, reader.mine().records().size()); // the same window, nothing lost
            db.addColumn("APP", "T", "V", 10);
            redo.begin()
                    .dml(5, "APP", "T", "alter table \"APP\".\"T\" add \"V\" varchar2(10);")
                    .commit();
            redo.begin().insert("APP", "T", "\"ID\",\"V\"", "'2','new'").commit();
            List<PendingRecord> out = reader.mine().records();
            assertEquals(1, out.size());
            org.apache.kafka.connect.data.Struct after =
                    ((org.apache.kafka.connect.data.Struct) out.get(0).record().value()).getStruct("after");
            assertEquals("new", after.getString("V"));
            assertEquals(2L, after.getInt64("ID"));

            // TRUNCATE is DDL in the redo, written as the user typed it: a truncate event (op t) with
            // skipped.operations=none (Debezium's default 't' skips it)
            redo.begin().dml(5, "APP", "T", "TRUNCATE TABLE t;").commit();
            redo.begin().dml(5, "APP", "T", "create index t_v on t(v);").commit();
            out = reader.mine().records();
            assertEquals(1, out.size());
            assertEquals(
                    "t",
                    ((org.apache.kafka.connect.data.Struct) out.get(0).record().value()).getString("op"));
            assertEquals(null, out.get(0).record().key());
            assertTrue(out.get(0).endsSourceTransaction());

            // a dropped table: the online catalog cannot name it, LogMiner writes UNKNOWN."OBJ# n"
            RedoWriter.Txn dropped = redo.begin()
                    .dml(1, "UNKNOWN", "OBJ# 74858", "insert into \"UNKNOWN\".\"OBJ# 74858\"(\"COL 1\") values ('1');");
            long at = redo.scn();
            dropped.commit();
            ConnectException e2 = assertThrows(ConnectException.class, reader::mine);
            assertTrue(
                    e2.getMessage().contains("SCN " + at) && e2.getMessage().contains("schema.exclude.list"),
                    e2.getMessage());
        }
    }

    @Test
    void aWindowWithTooManyRowsIsMinedInSmallerPieces() throws Exception {
        try (H2Oracle db = new H2Oracle("bound1")) {
            db.createTable("APP", "T", "ID NUMBER(10) PK");
            RedoWriter redo = new RedoWriter(db);
            OracleSourceInfo info = OracleSourceInfo.create("b");
            OracleSchemaReader schemas = new OracleSchemaReader(
                    "b",
                    "DB",
                    new TableFilter(List.of(), List.of(), List.of()),
                    new SchemaFilter(List.of(), List.of()),
                    DecimalHandlingMode.PRECISE,
                    "x",
                    info.schema());
            TransactionEmitter emitter = new TransactionEmitter(
                    db.connection(),
                    new TableCache(schemas),
                    new ChangeRecordFactory(Map.of("server", "b"), false),
                    info);
            long from = redo.scn() + 1;
            for (int i = 0; i < 40; i++) {
                redo.begin().insert("APP", "T", "\"ID\"", "'" + i + "'").commit(); // 3 rows each
            }
            LogMinerReader reader = new LogMinerReader(
                            db.connection(),
                            new H2LogMinerSession(),
                            new LogMinerQuery(List.of(), List.of(), List.of(), List.of()),
                            new MiningWindow(1000, 1000, 1000, 0, 0, 0, 0),
                            new TransactionBuffer(0, 1000),
                            emitter,
                            OracleOffset.streaming(from, from, Set.of()))
                    .limitingRoundsTo(25);
            H2LogMinerSession.WINDOWS.clear();
            List<Object> ids = new ArrayList<>();
            boolean caughtUp = false;
            int rounds = 0;
            while (!caughtUp) {
                LogMinerReader.Round r = reader.mine();
                r.records()
                        .forEach(p -> ids.add(((org.apache.kafka.connect.data.Struct)
                                        p.record().value())
                                .getStruct("after")
                                .get("ID")));
                caughtUp = r.caughtUp();
                rounds++;
            }
            assertEquals(40, ids.size());
            assertEquals(40, ids.stream().distinct().count());
            assertTrue(rounds >= 5, "a 120-row window was held at once: " + rounds + " rounds");
            List<long[]> started = new ArrayList<>(H2LogMinerSession.WINDOWS);
            assertTrue(started.stream().anyMatch(w -> w[1] - w[0] + 1 < 120), "the window never shrank");
        }
    }
}
