package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** Snapshot, streaming, replica identity, TOAST, schema changes, truncate, keyless tables, slot confirmation. */
@ExtendWith(TestEnvironment.class)
class PostgresStreamingIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static PostgresServer pg;
    static ConnectTestCluster connect;
    String deployed;

    @BeforeAll
    static void setUp() throws Exception {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
    }

    @AfterEach
    void removeConnector() {
        if (deployed != null) {
            connect.connect().deleteConnector(deployed);
            deployed = null;
        }
    }

    void deploy(String name, Map<String, String> config) {
        connect.deploy(name, config);
        deployed = name;
    }

    List<Event> events(int expected, String topic) {
        return ChangeEvents.parse(connect.consumeCommitted(expected, TIMEOUT, topic));
    }

    static long lsn(String text) {
        return org.postgresql.replication.LogSequenceNumber.valueOf(text).asLong();
    }

    static long confirmedFlush(String slot) throws Exception {
        return pg.confirmedFlush(slot);
    }

    static void awaitSlot(String slot) throws InterruptedException {
        pg.awaitSlot(slot);
    }

    @Test
    void snapshotThenStreamedTransactionAndSlotConfirmation() throws Exception {
        pg.execute(
                "CREATE SCHEMA s1",
                "CREATE TABLE s1.customers (id int PRIMARY KEY, name text NOT NULL, score numeric(10,2))",
                "INSERT INTO s1.customers VALUES (1, 'ann', 1.5), (2, 'bob', NULL), (3, 'cy', 3)");
        Map<String, String> cfg = pg.connectorConfig("it1", "slot_it1", "pub_it1");
        cfg.put("table.include.list", "s1\\..*");
        cfg.put("snapshot.chunk.size", "2");
        cfg.put("provide.transaction.metadata", "true");
        deploy("pg-it1", cfg);
        String topic = "it1.s1.customers";
        List<Event> snap = events(3, topic);
        assertEquals(3, snap.size());
        for (int i = 0; i < 3; i++) {
            assertEquals("r", snap.get(i).op());
            assertEquals(i + 1, snap.get(i).key().get("id").asInt());
        }
        // Debezium's snapshot markers: first, true, last (a single table)
        assertEquals("first", snap.get(0).source().get("snapshot").asText());
        assertEquals("true", snap.get(1).source().get("snapshot").asText());
        assertEquals("last", snap.get(2).source().get("snapshot").asText());
        assertTrue(snap.get(1).after().get("score").isNull());

        pg.execute("BEGIN; INSERT INTO s1.customers VALUES (4, 'dee', 4.25); "
                + "UPDATE s1.customers SET name = 'ann2' WHERE id = 1; DELETE FROM s1.customers WHERE id = 2; COMMIT");
        List<Event> all = events(3 + 4, topic);
        assertEquals(7, all.size(), "3 snapshot rows + c, u, d, tombstone");
        Event c = all.get(3);
        Event u = all.get(4);
        Event d = all.get(5);
        assertEquals("c", c.op());
        assertEquals(4, c.after().get("id").asInt());
        assertEquals("dee", c.after().get("name").asText());
        assertEquals("u", u.op());
        assertEquals("ann2", u.after().get("name").asText());
        assertTrue(u.before() == null || u.before().isNull(), "default identity, key unchanged: no before (Debezium)");
        assertEquals("d", d.op());
        assertEquals(2, d.before().get("id").asInt());
        assertTrue(all.get(6).isTombstone());
        String txId = c.source().get("txId").asText();
        assertEquals(txId, u.source().get("txId").asText());
        assertEquals(txId, d.source().get("txId").asText());
        assertEquals("false", c.source().get("snapshot").asText());
        assertEquals("postgresql", c.source().get("connector").asText());
        assertEquals("s1", c.source().get("schema").asText());
        assertEquals(PostgresServer.DB, c.source().get("db").asText());
        assertTrue(c.source().get("lsn").asLong() > 0);
        assertTrue(c.source().get("lsn").asLong() < d.source().get("lsn").asLong());
        assertEquals(1, c.value().get("transaction").get("total_order").asInt());
        assertEquals(3, d.value().get("transaction").get("total_order").asInt());
        // Debezium's envelope: ts_ms/ts_us/ts_ns are the processing time, the commit time is source.ts_ms
        long commitMs = c.source().get("ts_ms").asLong();
        assertTrue(c.value().get("ts_ms").asLong() >= commitMs, "processing time after the commit");
        assertEquals(commitMs, c.source().get("ts_us").asLong() / 1000);
        assertEquals(c.value().get("ts_ms").asLong(), c.value().get("ts_us").asLong() / 1000);
        assertTrue(
                c.source()
                        .get("sequence")
                        .asText()
                        .endsWith(",\"" + c.source().get("lsn").asLong() + "\"]"),
                c.source().toString());
        assertTrue(c.source().get("xmin").isNull());
        // provide.transaction.metadata: BEGIN and END on <prefix>.transaction, in the same Kafka transaction
        List<Event> txn = events(2, "it1.transaction");
        assertEquals(2, txn.size());
        String id = c.value().get("transaction").get("id").asText();
        assertEquals("BEGIN", txn.get(0).value().get("status").asText());
        assertEquals(id, txn.get(0).value().get("id").asText());
        assertEquals("END", txn.get(1).value().get("status").asText());
        assertEquals(3, txn.get(1).value().get("event_count").asInt());
        assertEquals(
                "s1.customers",
                txn.get(1)
                        .value()
                        .get("data_collections")
                        .get(0)
                        .get("data_collection")
                        .asText());
        // Debezium's MBeans, read as Debezium's dashboards read them (JMX, in this worker's JVM)
        javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName streaming = new javax.management.ObjectName(
                "debezium.postgres:type=connector-metrics,context=streaming,server=it1");
        javax.management.ObjectName snapshot =
                new javax.management.ObjectName("debezium.postgres:type=connector-metrics,context=snapshot,server=it1");
        TestUtils.waitForCondition(
                () -> (Long) jmx.getAttribute(streaming, "TotalNumberOfEventsSeen") == 3L,
                TIMEOUT.toMillis(),
                "streaming events seen");
        assertEquals(true, jmx.getAttribute(streaming, "Connected"));
        assertEquals(1L, jmx.getAttribute(streaming, "NumberOfCommittedTransactions"));
        assertTrue((Long) jmx.getAttribute(streaming, "MilliSecondsBehindSource") >= 0);
        assertEquals(true, jmx.getAttribute(snapshot, "SnapshotCompleted"));
        assertEquals(
                3L,
                ((javax.management.openmbean.TabularData) jmx.getAttribute(snapshot, "RowsScanned"))
                        .get(new Object[] {"s1.customers"})
                        .get("value"));
        // skipped.operations defaults to 't', as Debezium: a truncate writes no event
        pg.execute("TRUNCATE s1.customers", "INSERT INTO s1.customers VALUES (9, 'nine', NULL)");
        List<Event> after = events(3 + 4 + 1, topic);
        assertEquals("c", after.get(7).op(), "the truncate was skipped");
        assertEquals(9, after.get(7).key().get("id").asInt());
        // The slot is confirmed past the transaction once Kafka has committed it.
        long lastChange = d.source().get("lsn").asLong();
        TestUtils.waitForCondition(
                () -> confirmedFlush("slot_it1") > lastChange,
                TIMEOUT.toMillis(),
                "confirmed_flush_lsn did not pass the committed transaction");
    }

    @Test
    void typesAndNulls() throws Exception {
        pg.execute(
                "CREATE SCHEMA s2",
                "CREATE TYPE s2.mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE s2.t (id bigint PRIMARY KEY, i2 smallint, i4 int, i8 bigint, n numeric(12,3), "
                        + "nv numeric, r real, dp double precision, tx text, vc varchar(10), ch char(3), b boolean, "
                        + "by bytea, d date, tm time, ts timestamp, tz timestamptz, iv interval, u uuid, j json, "
                        + "jb jsonb, m s2.mood, ai int[], at text[])",
                "INSERT INTO s2.t VALUES (1, -3, 2147483647, 9007199254740993, 12345.678, 3.14159265358979, 1.5, "
                        + "2.25, 'héllo', 'vc', 'ab', true, '\\x00ff10', '2024-02-29', '13:14:15.123456', "
                        + "'2024-02-29 13:14:15.654321', '2024-02-29 13:14:15.5+02', '1 year 2 mons 3 days 04:05:06.5', "
                        + "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}', '{\"b\": true}', 'happy', "
                        + "'{1,NULL,3}', '{\"x y\",NULL,\"q\\\"t\"}')",
                "INSERT INTO s2.t (id) VALUES (2)");
        Map<String, String> cfg = pg.connectorConfig("it2", "slot_it2", "pub_it2");
        cfg.put("table.include.list", "s2\\.t");
        deploy("pg-it2", cfg);
        awaitSlot("slot_it2"); // the changes below must come after the slot (and snapshot) start
        pg.execute(
                "INSERT INTO s2.t SELECT id + 10, i2, i4, i8, n, nv, r, dp, tx, vc, ch, b, by, d, tm, ts, tz, iv, u, "
                        + "j, jb, m, ai, at FROM s2.t");
        List<Event> ev = events(4, "it2.s2.t");
        assertEquals(4, ev.size());
        for (Event e : List.of(ev.get(0), ev.get(2))) { // the snapshot and the streamed copy agree
            JsonNode a = e.after();
            assertEquals(-3, a.get("i2").asInt());
            assertEquals(2147483647, a.get("i4").asInt());
            assertEquals(9007199254740993L, a.get("i8").asLong());
            assertEquals(
                    java.util.Base64.getEncoder()
                            .encodeToString(
                                    java.math.BigInteger.valueOf(12345678).toByteArray()),
                    a.get("n").asText(),
                    "12345.678 as Decimal(scale 3): unscaled bytes");
            assertEquals(14, a.get("nv").get("scale").asInt());
            assertEquals(1.5, a.get("r").asDouble());
            assertEquals(2.25, a.get("dp").asDouble());
            assertEquals("héllo", a.get("tx").asText());
            assertEquals("vc", a.get("vc").asText());
            assertEquals("ab ", a.get("ch").asText());
            assertTrue(a.get("b").asBoolean());
            assertEquals("AP8Q", a.get("by").asText());
            assertEquals(19782, a.get("d").asInt(), "days since epoch");
            assertEquals(
                    ((13 * 3600 + 14 * 60 + 15) * 1000 + 123) * 1000L + 456,
                    a.get("tm").asLong(),
                    "µs since midnight (MicroTime)");
            assertEquals(1709212455654321L, a.get("ts").asLong(), "µs (MicroTimestamp)");
            assertEquals("2024-02-29T11:14:15.500000Z", a.get("tz").asText(), "6 fraction digits (Debezium)");
            long months = 14;
            long expectedMicros = Math.round(months * 30.4375 * 86_400_000_000L)
                    + 3 * 86_400_000_000L
                    + (4 * 3600 + 5 * 60) * 1_000_000L
                    + 6_500_000L;
            assertEquals(expectedMicros, a.get("iv").asLong());
            assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", a.get("u").asText());
            assertEquals("{\"a\": [1, 2]}", a.get("j").asText());
            assertEquals("{\"b\": true}", a.get("jb").asText());
            assertEquals("happy", a.get("m").asText());
            assertEquals("[1,null,3]", a.get("ai").toString());
            assertEquals("[\"x y\",null,\"q\\\"t\"]", a.get("at").toString());
        }
        for (Event e : List.of(ev.get(1), ev.get(3))) {
            JsonNode a = e.after();
            a.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("id")) {
                    assertTrue(f.getValue().isNull(), f.getKey() + " should be null");
                }
            });
        }
        JsonNode schema = ChangeEvents.envelopeJson(ev.get(2).record().value()).get("schema");
        JsonNode after = null;
        for (JsonNode f : schema.get("fields")) {
            if (f.get("field").asText().equals("after")) {
                after = f;
            }
        }
        assertNotNull(after);
        Map<String, String> names = new java.util.HashMap<>();
        for (JsonNode f : after.get("fields")) {
            names.put(f.get("field").asText(), f.has("name") ? f.get("name").asText() : null);
            if (f.get("field").asText().equals("m")) {
                assertEquals("sad,ok,happy", f.get("parameters").get("allowed").asText());
            }
        }
        assertEquals("io.debezium.time.ZonedTimestamp", names.get("tz"));
        assertEquals("io.debezium.data.Uuid", names.get("u"));
        assertEquals("io.debezium.data.Json", names.get("j"));
        assertEquals("io.debezium.data.Json", names.get("jb"));
        assertEquals("io.debezium.time.MicroDuration", names.get("iv"));
        assertEquals("io.debezium.data.Enum", names.get("m"));
        assertEquals("org.apache.kafka.connect.data.Decimal", names.get("n"));
        assertEquals("io.debezium.data.VariableScaleDecimal", names.get("nv"));
        assertEquals("io.debezium.time.Date", names.get("d"));
        assertEquals("io.debezium.time.MicroTime", names.get("tm"));
        assertEquals("io.debezium.time.MicroTimestamp", names.get("ts"));
    }

    @Test
    void replicaIdentityAndUnchangedToast() throws Exception {
        // md5 chains do not compress, so the 40 kB value is stored out of line (TOASTed).
        String big = "(SELECT string_agg(md5(g::text), '') FROM generate_series(1, 1250) g)";
        pg.execute(
                "CREATE SCHEMA s3",
                "CREATE TABLE s3.dflt (id int PRIMARY KEY, big text, n int)",
                "CREATE TABLE s3.full (id int PRIMARY KEY, big text, n int)",
                "ALTER TABLE s3.full REPLICA IDENTITY FULL");
        Map<String, String> cfg = pg.connectorConfig("it3", "slot_it3", "pub_it3");
        cfg.put("table.include.list", "s3\\..*");
        cfg.put("snapshot.mode", "never");
        deploy("pg-it3", cfg);
        awaitSlot("slot_it3"); // snapshot.mode=never: only changes after the slot's creation are streamed
        for (String t : List.of("s3.dflt", "s3.full")) {
            pg.execute(
                    "INSERT INTO " + t + " VALUES (1, " + big + ", 1)",
                    "UPDATE " + t + " SET n = 2 WHERE id = 1",
                    "DELETE FROM " + t + " WHERE id = 1");
        }
        String value;
        try (Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(big)) {
            rs.next();
            value = rs.getString(1);
        }
        List<Event> dflt = ChangeEvents.withoutTombstones(events(4, "it3.s3.dflt"));
        Event u = dflt.get(1);
        assertEquals("u", u.op());
        assertEquals(
                PostgresConnectorConfig.UNAVAILABLE_VALUE_PLACEHOLDER_DEFAULT,
                u.after().get("big").asText());
        assertEquals("big", u.header("entitynotifier.unavailable.columns"));
        assertEquals(2, u.after().get("n").asInt());
        assertTrue(u.before() == null || u.before().isNull(), "default identity, key unchanged: no before (Debezium)");
        Event d = dflt.get(2);
        assertEquals(1, d.before().get("id").asInt());
        assertTrue(d.before().get("big").isNull());

        List<Event> full = ChangeEvents.withoutTombstones(events(4, "it3.s3.full"));
        Event fu = full.get(1);
        assertEquals(value, fu.before().get("big").asText(), "FULL identity: the whole old row");
        assertEquals(1, fu.before().get("n").asInt());
        assertEquals(value, fu.after().get("big").asText(), "unchanged TOAST value taken from the full old row");
        assertEquals(null, fu.header("entitynotifier.unavailable.columns"));
        Event fd = full.get(2);
        assertEquals(value, fd.before().get("big").asText());
        assertEquals(2, fd.before().get("n").asInt());
    }

    @Test
    void addColumnTruncateAndKeylessTable() throws Exception {
        pg.execute(
                "CREATE SCHEMA s4",
                "CREATE TABLE s4.items (id int PRIMARY KEY, a text)",
                "CREATE TABLE s4.nokey (a int, b text)",
                "ALTER TABLE s4.nokey REPLICA IDENTITY FULL",
                "INSERT INTO s4.nokey VALUES (1, 'x')");
        Map<String, String> cfg = pg.connectorConfig("it4", "slot_it4", "pub_it4");
        cfg.put("table.include.list", "s4\\..*");
        cfg.put("tombstones.on.delete", "false");
        cfg.put("skipped.operations", "none"); // Debezium's default 't' skips the truncate below
        deploy("pg-it4", cfg);
        awaitSlot("slot_it4"); // the changes below must come after the slot (and snapshot) start
        pg.execute(
                "INSERT INTO s4.items VALUES (1, 'one')",
                "ALTER TABLE s4.items ADD COLUMN c text DEFAULT 'dflt'",
                "INSERT INTO s4.items VALUES (2, 'two', 'cee')",
                "UPDATE s4.items SET a = 'uno' WHERE id = 1",
                "TRUNCATE s4.items",
                "UPDATE s4.nokey SET b = 'y'",
                "DELETE FROM s4.nokey");
        List<Event> items = events(4, "it4.s4.items");
        assertEquals(4, items.size());
        assertFalse(items.get(0).after().has("c"), "before the ALTER the row has no column c");
        assertEquals("cee", items.get(1).after().get("c").asText());
        assertEquals("dflt", items.get(2).after().get("c").asText());
        assertEquals("t", items.get(3).op());
        assertEquals(3, events(3, "it4.s4.nokey").size());
        // Under FULL identity the key comes from the catalog when the next Relation message arrives.
        pg.execute("ALTER TABLE s4.nokey ADD PRIMARY KEY (a)", "INSERT INTO s4.nokey VALUES (5, 'k')");
        List<Event> nokey = events(4, "it4.s4.nokey");
        assertEquals(List.of("r", "u", "d", "c"), nokey.stream().map(Event::op).toList());
        for (Event e : nokey.subList(0, 3)) {
            assertTrue(e.key() == null, "keyless table: null key");
        }
        assertEquals(5, nokey.get(3).key().get("a").asInt(), "a primary key added later keys later events");
        assertEquals("x", nokey.get(1).before().get("b").asText());
        assertEquals("y", nokey.get(2).before().get("b").asText());
    }

    @Test
    void worksWithPollDefinedTransactionBoundaries() throws Exception {
        pg.execute("CREATE SCHEMA s6", "CREATE TABLE s6.t (id int PRIMARY KEY)");
        Map<String, String> cfg = pg.connectorConfig("it6", "slot_it6", "pub_it6");
        cfg.put("table.include.list", "s6\\.t");
        cfg.put("transaction.boundary", "poll"); // no transaction context: Connect commits once per poll
        deploy("pg-it6", cfg);
        awaitSlot("slot_it6");
        pg.execute("INSERT INTO s6.t SELECT generate_series(1, 500)", "INSERT INTO s6.t VALUES (501)");
        List<Event> events = events(501, "it6.s6.t");
        assertEquals(501, events.size());
        long lastChange = events.get(500).source().get("lsn").asLong();
        TestUtils.waitForCondition(
                () -> confirmedFlush("slot_it6") > lastChange, TIMEOUT.toMillis(), "slot not confirmed");
    }

    @Test
    void heartbeatsAdvanceTheSlotOnAnIdleDatabase() throws Exception {
        pg.execute(
                "CREATE SCHEMA s5",
                "CREATE TABLE s5.captured (id int PRIMARY KEY)",
                "CREATE TABLE s5.hb (id int PRIMARY KEY, ts timestamptz)",
                "INSERT INTO s5.hb VALUES (1, now())");
        Map<String, String> cfg = pg.connectorConfig("it5", "slot_it5", "pub_it5");
        cfg.put("table.include.list", "s5\\.captured");
        cfg.put("heartbeat.interval.ms", "300");
        cfg.put("heartbeat.action.query", "UPDATE s5.hb SET ts = now() WHERE id = 1");
        deploy("pg-it5", cfg);
        awaitSlot("slot_it5");
        long start = confirmedFlush("slot_it5");
        long walNow;
        try (Connection c = pg.connect();
                Statement s = c.createStatement()) {
            s.execute("UPDATE s5.hb SET ts = now()"); // WAL the publication does not carry
            try (ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                rs.next();
                walNow = lsn(rs.getString(1));
            }
        }
        assertTrue(walNow > start);
        assertFalse(
                connect.consumeCommitted(2, TIMEOUT, "__debezium-heartbeat.it5").isEmpty());
        TestUtils.waitForCondition(
                () -> confirmedFlush("slot_it5") >= walNow,
                TIMEOUT.toMillis(),
                "heartbeats did not move the slot past " + walNow);
    }
}
