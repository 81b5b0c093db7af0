package io.entitynotifier.connect.sqlite.changelog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.config.EventConfig;
import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.sqlite.SqliteConnectorConfig;
import io.entitynotifier.connect.sqlite.SqliteSourceInfo;
import io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader;

/**
 * Every record the change-log reader hands out is followed, once the log is read to its end, by a record that ends a
 * source transaction: otherwise the records before it wait in the task for a change that may never come.
 */
class ChangeLogReaderTest {

    @TempDir
    Path dir;

    private ChangeLogReader reader(Connection c, String skipped) throws Exception {
        Map<String, String> props = Map.of(
                "database.path",
                "x.db",
                "topic.prefix",
                "p",
                "table.include.list",
                "main\\.t",
                "skipped.operations",
                skipped);
        SqliteConnectorConfig config = new SqliteConnectorConfig(props);
        SqliteSourceInfo info = new SqliteSourceInfo("p");
        CapturedTables captured = new CapturedTables(
                new SqliteSchemaReader(
                        "p",
                        "x.db",
                        config.tableFilter(),
                        config.decimalHandlingMode(),
                        config.binaryHandlingMode(),
                        info.schema()),
                LogLayout.of("p", "c"));
        captured.load(c, false);
        return new ChangeLogReader(
                c,
                captured,
                info,
                new ChangeRecordFactory(config, config.sourcePartition()),
                "x.db",
                0,
                EventConfig.skippedOperations(config));
    }

    private static void exec(Connection c, String... sql) throws Exception {
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Reads as a task's polls do, until a read reaches the end, and returns what was handed out. */
    private static List<PendingRecord> drain(ChangeLogReader r, int max) throws Exception {
        List<PendingRecord> out = new ArrayList<>();
        do {
            r.read(max, out);
        } while (!r.caughtUp());
        return out;
    }

    @Test
    void aReadThatTakesExactlyTheRowsLeftEndsATransaction() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("x.db"))) {
            exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)");
            ChangeLogReader r = reader(c, "none");
            for (int i = 1; i <= 100; i++) {
                exec(c, "INSERT INTO t VALUES (" + i + ", " + i + ")");
            }
            List<PendingRecord> out = drain(r, 50);
            assertEquals(100, out.size());
            assertTrue(out.get(99).endsSourceTransaction(), "the last record read ends a group of transactions");
            assertFalse(r.holdsRecords());
            assertEquals(100, r.lastSeq());
            // nothing more: a read hands out nothing and leaves nothing waiting
            List<PendingRecord> none = new ArrayList<>();
            r.read(50, none);
            assertTrue(none.isEmpty() && r.caughtUp());
        }
    }

    @Test
    void recordsBeforeOnlySkippedRowsEndATransaction() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("x.db"))) {
            exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)");
            ChangeLogReader r = reader(c, "d");
            for (int i = 1; i <= 10; i++) {
                exec(c, "INSERT INTO t VALUES (" + i + ", " + i + ")");
            }
            exec(c, "DELETE FROM t WHERE id <= 5"); // five rows of the log, all skipped
            List<PendingRecord> out = new ArrayList<>();
            r.read(10, out); // ten rows, more after them: the last one's record is kept back
            assertFalse(r.caughtUp());
            assertEquals(9, out.size());
            assertTrue(r.holdsRecords());
            r.read(10, out); // only skipped rows, to the end: the kept record comes out, marked
            assertTrue(r.caughtUp());
            assertEquals(10, out.size());
            assertTrue(out.get(9).endsSourceTransaction());
            assertEquals(10L, ((Number) out.get(9).record().sourceOffset().get("seq")).longValue());
            assertFalse(r.holdsRecords());
            assertEquals(15, r.lastSeq());
        }
    }
}
