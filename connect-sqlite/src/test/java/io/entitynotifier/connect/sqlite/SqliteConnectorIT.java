package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** The SQLite connector on a real Kafka broker and Connect worker, driven through REST, read read_committed. */
class SqliteConnectorIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static ConnectTestCluster cluster;

    @TempDir
    static Path dir;

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

    static Map<String, String> connector(SqliteTestDatabase db, String prefix) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", SqliteSourceConnector.class.getName());
        c.put("database.path", db.file.toString());
        c.put("topic.prefix", prefix);
        c.put("poll.interval.ms", "50");
        c.put("value.converter.decimal.format", "NUMERIC");
        return c;
    }

    static List<Event> consume(int n, String... topics) {
        return ChangeEvents.parse(cluster.consumeCommitted(n, TIMEOUT, topics));
    }

    @Test
    void snapshotThenInsertsUpdatesAndDeletesWithTombstones() throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "shop.db")) {
            db.exec(
                    "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT)",
                    "INSERT INTO customers VALUES (1, 'Ann', 'ann@example.com'), (2, 'Bob', NULL)");
            Map<String, String> c = connector(db, "shop");
            c.put("heartbeat.interval.ms", "300");
            c.put("provide.transaction.metadata", "true");
            cluster.deploy("shop", c);
            String topic = "shop.main.customers";
            List<Event> snap = consume(2, topic);
            assertEquals(List.of("r", "r"), snap.stream().map(Event::op).toList());
            assertEquals("Ann", snap.get(0).after().get("name").asText());
            assertEquals(1, snap.get(0).key().get("id").asInt());
            assertEquals("first", snap.get(0).source().get("snapshot").asText());
            assertEquals("last", snap.get(1).source().get("snapshot").asText());
            assertTrue(snap.get(1).after().get("email").isNull());

            db.exec(
                    "INSERT INTO customers VALUES (3, 'Cy', 'cy@example.com')",
                    "UPDATE customers SET email = 'bob@example.com' WHERE id = 2",
                    "DELETE FROM customers WHERE id = 1");
            List<Event> all = consume(2 + 4, topic);
            assertEquals(6, all.size(), "no duplicates: " + all.size());
            Event insert = all.get(2);
            Event update = all.get(3);
            Event delete = all.get(4);
            Event tombstone = all.get(5);
            assertEquals("c", insert.op());
            assertTrue(insert.before().isNull());
            assertEquals("Cy", insert.after().get("name").asText());
            assertEquals("u", update.op());
            assertTrue(update.before().get("email").isNull());
            assertEquals("bob@example.com", update.after().get("email").asText());
            assertEquals("d", delete.op());
            assertEquals("Ann", delete.before().get("name").asText());
            assertTrue(delete.after().isNull());
            assertTrue(tombstone.isTombstone());
            assertEquals(1, tombstone.key().get("id").asInt());
            JsonNode src = insert.source();
            assertEquals("sqlite", src.get("connector").asText());
            assertEquals("shop", src.get("name").asText());
            assertEquals("shop.db", src.get("db").asText());
            assertEquals("main", src.get("schema").asText());
            assertEquals("customers", src.get("table").asText());
            assertEquals("false", src.get("snapshot").asText());
            assertTrue(src.get("seq").asLong() > 0);
            long now = System.currentTimeMillis();
            assertTrue(Math.abs(src.get("ts_ms").asLong() - now) < 60_000, "source.ts_ms is the change time");
            assertTrue(
                    insert.value().get("ts_ms").asLong() >= src.get("ts_ms").asLong(),
                    "the envelope's ts_ms is the processing time, as Debezium");
            assertEquals(
                    insert.value().get("ts_ms").asLong(),
                    insert.value().get("ts_ns").asLong() / 1_000_000);
            // transaction metadata: SQLite's change log has no transaction ids, each change is its own
            JsonNode block = insert.value().get("transaction");
            assertEquals("seq:" + src.get("seq").asLong(), block.get("id").asText());
            assertEquals(1, block.get("total_order").asInt());
            List<Event> txn = consume(2, "shop.transaction");
            assertEquals("BEGIN", txn.get(0).value().get("status").asText());
            assertEquals("END", txn.get(1).value().get("status").asText());
            assertEquals(block.get("id").asText(), txn.get(1).value().get("id").asText());
            assertTrue(update.source().get("seq").asLong() > src.get("seq").asLong());

            JsonNode schema = ChangeEvents.envelopeJson(insert.record().value()).get("schema");
            assertEquals("shop.main.customers.Envelope", schema.get("name").asText());
            assertEquals(
                    "io.entitynotifier.connect.sqlite.Source",
                    schema.get("fields").get(2).get("name").asText());

            // Primary-key change: delete + tombstone of the old key, then create of the new one.
            db.exec("UPDATE customers SET id = 30 WHERE id = 3");
            List<Event> pk = consume(9, topic).subList(6, 9);
            assertEquals("d", pk.get(0).op());
            assertEquals(3, pk.get(0).key().get("id").asInt());
            assertTrue(pk.get(1).isTombstone());
            assertEquals("c", pk.get(2).op());
            assertEquals(30, pk.get(2).key().get("id").asInt());

            // Idle: heartbeats carry the position (and keep Connect committing offsets).
            List<Event> beats = consume(1, "__debezium-heartbeat.shop");
            assertEquals("shop", beats.get(0).key().get("serverName").asText());
            // Kafka has the rows, so the change log is purged up to the committed offset.
            TestUtils.waitForCondition(
                    () -> db.count("SELECT count(*) FROM _entitynotifier_changes_shop") == 0,
                    TIMEOUT.toMillis(),
                    "change log was not purged");
            cluster.connect().deleteConnector("shop");
        }
    }

    @Test
    void everyStorageClassAndDeclaredAffinityNullsAndUnicode() throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "types.db")) {
            db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, big BIGINT, r REAL, d DOUBLE, "
                    + "txt TEXT, vc VARCHAR(10), b BLOB, untyped, num NUMERIC, dec DECIMAL(10,2), flag BOOLEAN, "
                    + "day DATE, at DATETIME, tm TIME)");
            cluster.deploy("types", connector(db, "types"));
            db.exec("INSERT INTO t VALUES (1, -7, 9223372036854775807, 0.1, 1e300, 'héllo 😀 世界', 'it''s', "
                    + "x'00ff10', 'anything', 12.5, 0.1, 1, '2024-02-29', '2024-02-29 13:14:15.678', '23:59:58.5')");
            db.exec("INSERT INTO t VALUES (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                    + "NULL, NULL, NULL)");
            db.exec("INSERT INTO t (id, untyped, num) VALUES (3, 42, 7)");
            List<Event> ev = consume(3, "types.main.t");
            JsonNode a = ev.get(0).after();
            assertEquals(-7, a.get("i").asLong());
            assertEquals(Long.MAX_VALUE, a.get("big").asLong());
            assertEquals(0.1, a.get("r").asDouble());
            assertEquals(1e300, a.get("d").asDouble());
            assertEquals("héllo 😀 世界", a.get("txt").asText());
            assertEquals("it's", a.get("vc").asText());
            assertEquals("AP8Q", a.get("b").asText()); // base64 of 00 ff 10
            assertEquals("00ff10", hex(Base64.getDecoder().decode(a.get("b").asText())));
            assertEquals("anything", a.get("untyped").asText());
            assertEquals("12.5", a.get("num").asText());
            assertEquals(0.1, a.get("dec").asDouble());
            JsonNode decSchema = null;
            for (JsonNode f : ChangeEvents.envelopeJson(ev.get(0).record().value())
                    .get("schema")
                    .get("fields")
                    .get(1)
                    .get("fields")) {
                if (f.get("field").asText().equals("dec")) {
                    decSchema = f;
                }
            }
            assertEquals(
                    "org.apache.kafka.connect.data.Decimal",
                    decSchema.get("name").asText());
            assertEquals("2", decSchema.get("parameters").get("scale").asText());
            assertTrue(a.get("flag").asBoolean());
            assertEquals(19782, a.get("day").asInt()); // days since epoch
            assertEquals(1709212455678L, a.get("at").asLong());
            assertEquals(86_398_500, a.get("tm").asInt());
            JsonNode n = ev.get(1).after();
            n.fieldNames().forEachRemaining(f -> {
                if (!f.equals("id")) {
                    assertTrue(n.get(f).isNull(), f + " should be null");
                }
            });
            assertEquals("42", ev.get(2).after().get("untyped").asText());
            assertEquals("7", ev.get(2).after().get("num").asText());

            // A value that does not fit its declared type fails the task, naming table, column and row.
            db.exec("INSERT INTO t (id, i) VALUES (4, 'not a number')");
            String trace = cluster.awaitTaskFailure("types", TIMEOUT);
            assertTrue(trace.contains("table main.t, column i, change-log seq"), trace);
            assertTrue(trace.contains("'not a number' (text) does not fit declared type 'INTEGER'"), trace);
            cluster.connect().deleteConnector("types");
        }
    }

    /**
     * What a shortfall in the restart test needs to be explained: the task's state, which sequences reached Kafka
     * (as ranges), and what the change log and its triggers hold now.
     */
    private static String restartDiagnostics(SqliteTestDatabase db) {
        StringBuilder sb = new StringBuilder();
        var st = cluster.status("restart");
        sb.append("; status: ")
                .append(
                        st == null
                                ? "none"
                                : st.connector().state() + " "
                                        + st.tasks().stream()
                                                .map(t -> t.id() + "@" + t.workerId() + "=" + t.state()
                                                        + (t.trace() == null ? "" : " " + t.trace()))
                                                .toList());
        try {
            List<Event> got = ChangeEvents.parse(
                    cluster.consumeCommitted(0, java.time.Duration.ofSeconds(30), "restart.main.events"));
            List<Long> seqs = got.stream()
                    .map(e -> e.source().get("seq").asLong())
                    .sorted()
                    .toList();
            sb.append("; received seq ranges: ").append(ranges(seqs));
            sb.append("; ops: c=")
                    .append(got.stream().filter(e -> e.op().equals("c")).count())
                    .append(" u=")
                    .append(got.stream().filter(e -> e.op().equals("u")).count())
                    .append(" r=")
                    .append(got.stream().filter(e -> e.op().equals("r")).count());
        } catch (RuntimeException e) {
            sb.append("; could not read the topic: ").append(e);
        }
        try {
            sb.append("; change log rows=")
                    .append(db.count("SELECT count(*) FROM _entitynotifier_changes_restart"))
                    .append(" min=")
                    .append(db.count("SELECT coalesce(min(seq), -1) FROM _entitynotifier_changes_restart"))
                    .append(" max=")
                    .append(db.count("SELECT coalesce(max(seq), -1) FROM _entitynotifier_changes_restart"))
                    .append(" sqlite_sequence=")
                    .append(
                            db.count(
                                    "SELECT coalesce(max(seq), -1) FROM sqlite_sequence WHERE name = '_entitynotifier_changes_restart'"))
                    .append(" triggers=")
                    .append(db.count(
                            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'events'"));
        } catch (Exception e) {
            sb.append("; could not read the change log: ").append(e);
        }
        return sb.toString();
    }

    private static String ranges(List<Long> sorted) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) <= sorted.get(j) + 1) {
                j++;
            }
            sb.append(sorted.get(i)).append('-').append(sorted.get(j)).append(' ');
            i = j + 1;
        }
        return sb.toString().trim();
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    @Test
    void everyChangeExactlyOnceInOrderAcrossWorkerAndTaskRestarts() throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "restart.db")) {
            db.exec("CREATE TABLE events (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
            Map<String, String> c = connector(db, "restart");
            c.put("transaction.group.max.records", "100");
            c.put("max.batch.size", "50");
            cluster.deploy("restart", c);
            AtomicInteger written = new AtomicInteger();
            int total = 3000;
            Thread writer = new Thread(() -> {
                try (SqliteTestDatabase w = new SqliteTestDatabase(dir, "restart.db")) {
                    for (int i = 1; i <= total; i += 10) {
                        List<String> stmts = new ArrayList<>();
                        for (int k = i; k < i + 10; k++) {
                            stmts.add("INSERT INTO events VALUES (" + k + ", " + k + ")");
                        }
                        w.txn(stmts.toArray(String[]::new));
                        written.addAndGet(10);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            TestUtils.waitForCondition(() -> written.get() >= total / 3, TIMEOUT.toMillis(), "writer stalled");
            cluster.restartWorker();
            cluster.awaitRunning("restart");
            TestUtils.waitForCondition(() -> written.get() >= 2 * total / 3, TIMEOUT.toMillis(), "writer stalled");
            cluster.restartConnectorAndTasks("restart");
            cluster.awaitRunning("restart");
            writer.join(TIMEOUT.toMillis());
            assertFalse(writer.isAlive());
            // Changes written while the connector is stopped arrive after it starts again.
            cluster.connect().stopConnector("restart");
            // Wait until it is really stopped (its task gone), so that the changes are written while it is.
            TestUtils.waitForCondition(
                    () -> {
                        var st = cluster.status("restart");
                        return st != null
                                && "STOPPED".equals(st.connector().state())
                                && st.tasks().isEmpty();
                    },
                    TIMEOUT.toMillis(),
                    "connector stopped");
            db.exec("UPDATE events SET n = -n WHERE id <= 100");
            cluster.connect().resumeConnector("restart");

            List<Event> ev;
            try {
                ev = consume(total + 100, "restart.main.events");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + restartDiagnostics(db), e);
            }
            assertEquals(total + 100, ev.size(), "each change exactly once");
            long prev = 0;
            Set<Long> seqs = new HashSet<>();
            for (Event e : ev) {
                long seq = e.source().get("seq").asLong();
                assertTrue(seq > prev, "in change-log order: " + seq + " after " + prev);
                assertTrue(seqs.add(seq));
                prev = seq;
            }
            assertEquals(total, ev.stream().filter(e -> e.op().equals("c")).count());
            assertEquals(100, ev.stream().filter(e -> e.op().equals("u")).count());
            for (int i = 0; i < total; i++) {
                assertEquals(i + 1, ev.get(i).after().get("n").asInt());
            }
            cluster.connect().deleteConnector("restart");
        }
    }

    @Test
    void interruptedSnapshotResumesAndDeliversEachRowOnce() throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "bigsnap.db")) {
            db.exec(
                    "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT)",
                    "CREATE TABLE b (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID");
            List<String> rows = new ArrayList<>();
            for (int i = 1; i <= 4000; i++) {
                rows.add("INSERT INTO a VALUES (" + i + ", 'v" + i + "')");
                rows.add("INSERT INTO b VALUES ('k" + String.format("%05d", i) + "', 'v" + i + "')");
            }
            db.txn(rows.toArray(String[]::new));
            Map<String, String> c = connector(db, "bigsnap");
            c.put("snapshot.chunk.size", "100");
            c.put("max.batch.size", "100");
            c.put("transaction.group.max.records", "100");
            cluster.deploy("bigsnap", c);
            // Stop the worker once part of the snapshot is committed.
            cluster.consumeCommitted(1500, TIMEOUT, "bigsnap.main.a");
            cluster.restartWorker();
            cluster.awaitRunning("bigsnap");
            List<Event> a = consume(4000, "bigsnap.main.a");
            consume(4000, "bigsnap.main.b");
            db.exec("INSERT INTO b VALUES ('zz', 'after')");
            List<Event> b = consume(4001, "bigsnap.main.b");
            assertEquals(4000, a.size(), "each row of a once");
            assertEquals(4001, b.size(), "each row of b once, then the change");
            Set<Integer> ids = new HashSet<>();
            a.forEach(e -> ids.add(e.key().get("id").asInt()));
            assertEquals(4000, ids.size());
            assertEquals("c", b.get(4000).op());
            assertEquals("last", b.get(3999).source().get("snapshot").asText());
            cluster.connect().deleteConnector("bigsnap");
        }
    }

    @Test
    void addedColumnAppearsInLaterEvents() throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "alter.db")) {
            db.exec("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT)");
            cluster.deploy("alter", connector(db, "alter"));
            db.exec("INSERT INTO p VALUES (1, 'before')");
            List<Event> first = consume(1, "alter.main.p");
            assertFalse(first.get(0).after().has("color"));
            db.exec("ALTER TABLE p ADD COLUMN color TEXT");
            // The connector re-installs its triggers at the next poll; wait until it has.
            TestUtils.waitForCondition(
                    () -> db.count("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
                                    + "AND name = '_entitynotifier_alter$p_ins' AND sql LIKE '%color%'")
                            == 1,
                    TIMEOUT.toMillis(),
                    "triggers were not re-installed");
            db.exec("INSERT INTO p VALUES (2, 'after', 'red')");
            List<Event> ev = consume(2, "alter.main.p");
            assertEquals("red", ev.get(1).after().get("color").asText());
            assertFalse(ev.get(0).after().has("color"), "the earlier event keeps its schema");
            cluster.connect().deleteConnector("alter");
        }
    }

    @Test
    void validationNamesTheFieldAndAMissingFileFailsTheTask() throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "valid.db")) {
            db.exec("CREATE TABLE real_table (id INTEGER PRIMARY KEY)");
            String cls = SqliteSourceConnector.class.getName();
            Map<String, String> c = connector(db, "valid");
            c.remove("topic.prefix");
            ConfigInfos r = cluster.validate(cls, c);
            assertFalse(ConnectTestCluster.errorsFor(r, "topic.prefix").isEmpty(), "missing topic.prefix");

            c = connector(db, "valid");
            c.put("table.include.list", "main\\.no_such_table");
            r = cluster.validate(cls, c);
            List<String> errors = ConnectTestCluster.errorsFor(r, "table.include.list");
            assertEquals(1, errors.size(), r.toString());
            assertTrue(errors.get(0).contains("main\\.no_such_table"), errors.get(0));

            c.put("table.include.list", "main.(unclosed");
            errors = ConnectTestCluster.errorsFor(cluster.validate(cls, c), "table.include.list");
            assertTrue(errors.get(0).contains("not a valid regular expression"), errors.toString());

            c = connector(db, "valid");
            c.put("database.path", dir.resolve("missing.db").toString());
            errors = ConnectTestCluster.errorsFor(cluster.validate(cls, c), "database.path");
            assertTrue(
                    errors.get(0).contains("missing.db") && errors.get(0).contains("does not exist"),
                    errors.toString());

            // A file that disappears after the connector was configured fails the task, naming the file.
            try (SqliteTestDatabase gone = new SqliteTestDatabase(dir, "missing.db")) {
                gone.exec("CREATE TABLE x (id INTEGER PRIMARY KEY)");
            }
            c.put("topic.prefix", "missing");
            Map<String, String> all = ConnectTestCluster.exactlyOnceDefaults();
            all.putAll(c);
            cluster.connect()
                    .configureConnector(
                            new CreateConnectorRequest("missing", all, CreateConnectorRequest.InitialState.STOPPED));
            java.nio.file.Files.delete(dir.resolve("missing.db"));
            cluster.connect().resumeConnector("missing");
            String trace = cluster.awaitTaskFailure("missing", TIMEOUT);
            assertNotNull(trace);
            assertTrue(trace.contains(dir.resolve("missing.db").toString()) && trace.contains("does not exist"), trace);
            cluster.connect().deleteConnector("missing");
        }
    }
}
