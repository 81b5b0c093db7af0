package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** Snapshot (chunked, resumable, handing over to mining without gaps) and config validation through Connect. */
class OracleSnapshotIT {

    static final Duration TIMEOUT = ConnectTestCluster.DEFAULT_TIMEOUT;
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

    static String key(Event e, String field) {
        return e.key() == null ? null : e.key().get(field).asText();
    }

    @Test
    void snapshotInChunksThenStreamsWhatCommittedAfterIt() throws Exception {
        try (H2Oracle db = new H2Oracle("snap1")) {
            db.createTable(
                    "APP",
                    "A",
                    "ID NUMBER(10) PK, NAME VARCHAR2(20), AMOUNT NUMBER(8,2), "
                            + "CREATED TIMESTAMP(6), TZ TIMESTAMP(6) WITH TIME ZONE, DATA RAW(4), NOTE CLOB");
            db.createTable("APP", "B", "K1 NUMBER(5) PK, K2 VARCHAR2(10) PK, V VARCHAR2(10)");
            db.createTable("APP", "NOKEY", "V VARCHAR2(10)");
            db.createTable("OTHER", "X", "ID NUMBER(5) PK");
            for (int i = 1; i <= 45; i++) {
                db.execute("INSERT INTO \"APP\".\"A\" VALUES (" + i + ", 'n" + i + "', " + i + ".25, "
                        + "TIMESTAMP '2021-01-01 10:00:00.123456', TIMESTAMP WITH TIME ZONE "
                        + "'2021-01-01 10:00:00+03:00', X'0102', 'text " + i + "')");
            }
            for (int i = 1; i <= 30; i++) {
                db.execute("INSERT INTO \"APP\".\"B\" VALUES (" + (i % 4) + ", 'k" + i + "', 'v')");
            }
            for (int i = 1; i <= 7; i++) {
                db.execute("INSERT INTO \"APP\".\"NOKEY\" VALUES ('v" + i + "')");
            }
            db.execute("INSERT INTO \"OTHER\".\"X\" VALUES (1)");
            RedoWriter redo = new RedoWriter(db);
            // open before the snapshot, committed after it: only mining can deliver it
            RedoWriter.Txn inFlight = redo.begin()
                    .insert(
                            "APP",
                            "A",
                            "\"ID\",\"NAME\",\"AMOUNT\",\"CREATED\"," + "\"TZ\",\"DATA\",\"NOTE\"",
                            "'100','late','1',NULL,NULL,NULL,NULL");
            // committed before the snapshot: in the snapshot, and skipped when its redo is mined again
            redo.begin()
                    .insert(
                            "APP",
                            "A",
                            "\"ID\",\"NAME\",\"AMOUNT\",\"CREATED\",\"TZ\",\"DATA\",\"NOTE\"",
                            "'46','n46','46.25',NULL,NULL,NULL,NULL")
                    .commit();
            db.execute("INSERT INTO \"APP\".\"A\" (ID, NAME, AMOUNT) VALUES (46, 'n46', 46.25)");

            Map<String, String> config = OracleStreamingIT.config(db, "sn1");
            config.put("snapshot.mode", "initial");
            config.put("snapshot.chunk.size", "10");
            config.put("schema.include.list", "APP");
            cluster.deploy("ora-snap1", config);
            inFlight.commit();
            redo.begin()
                    .insert("APP", "B", "\"K1\",\"K2\",\"V\"", "'9','after','v'")
                    .commit();

            String[] topics = {"sn1.APP.A", "sn1.APP.B", "sn1.APP.NOKEY"};
            List<Event> events = ChangeEvents.parse(cluster.consumeCommitted(46 + 30 + 7 + 2, TIMEOUT, topics));
            assertEquals(85, events.size(), "no duplicates, nothing missing");
            assertEquals(
                    46 + 30 + 7, events.stream().filter(e -> e.op().equals("r")).count());
            List<String> created = events.stream()
                    .filter(e -> e.op().equals("c"))
                    .map(e -> e.record().topic() + ":" + e.row().toString())
                    .toList();
            assertEquals(2, created.size(), created.toString());
            assertTrue(created.get(0).contains("late") || created.get(1).contains("late"), created.toString());
            assertTrue(!cluster.topics().contains("sn1.OTHER.X"), "excluded schema captured");

            Event a1 = events.stream()
                    .filter(e -> e.record().topic().equals("sn1.APP.A")
                            && e.after().get("ID").asLong() == 1)
                    .findFirst()
                    .orElseThrow();
            assertEquals("n1", a1.after().get("NAME").asText());
            // TIMESTAMP(6): io.debezium.time.MicroTimestamp; WITH TIME ZONE: six fraction digits, as Debezium
            assertEquals(1609495200123456L, a1.after().get("CREATED").asLong());
            assertEquals(
                    "2021-01-01T10:00:00.000000+03:00", a1.after().get("TZ").asText());
            assertEquals("AQI=", a1.after().get("DATA").asText());
            assertEquals("text 1", a1.after().get("NOTE").asText());
            // Debezium's snapshot markers over three tables
            java.util.Map<String, Long> markers = events.stream()
                    .filter(e -> e.op().equals("r"))
                    .collect(java.util.stream.Collectors.groupingBy(
                            e -> e.source().get("snapshot").asText(), java.util.stream.Collectors.counting()));
            // B's 30 rows end on a chunk boundary (snapshot.chunk.size=10): its last row is not known as such
            // until the next, empty chunk, so only A gets last_in_data_collection (documented gap)
            assertEquals(
                    java.util.Map.of(
                            "first",
                            1L,
                            "first_in_data_collection",
                            2L,
                            "last_in_data_collection",
                            1L,
                            "last",
                            1L,
                            "true",
                            46L + 30 + 7 - 5),
                    markers);
            long lastCount = events.stream()
                    .filter(e -> e.op().equals("r"))
                    .filter(e -> e.source().get("snapshot").asText().equals("last"))
                    .count();
            assertEquals(1, lastCount);

            // Resume an interrupted snapshot: the offset says APP.A was read up to key 20.
            cluster.connect().stopConnector("ora-snap1");
            cluster.status("ora-snap1");
            ConnectorOffset current =
                    cluster.connect().connectorOffsets("ora-snap1").offsets().get(0);
            Map<String, Object> offset = new HashMap<>(current.offset());
            offset.put("snapshot_scn", offset.get("commit_scn"));
            offset.put("snapshot_table", "APP.A");
            offset.put("snapshot_key", "2:20");
            cluster.connect().alterSourceConnectorOffset("ora-snap1", current.partition(), offset);
            cluster.connect().resumeConnector("ora-snap1");
            cluster.awaitRunning("ora-snap1");
            Map<String, Long> lastOffset = new HashMap<>();
            events.forEach(e -> lastOffset.merge(e.record().topic(), e.record().offset(), Math::max));
            List<Event> all = ChangeEvents.parse(cluster.consumeCommitted(85 + 26 + 30 + 7, TIMEOUT, topics));
            // per topic (one partition each), what came after the first run's last record
            List<Event> again = all.stream()
                    .filter(e -> e.record().offset()
                            > lastOffset.getOrDefault(e.record().topic(), -1L))
                    .toList();
            assertEquals(26 + 30 + 7, again.size());
            List<Long> aIds = again.stream()
                    .filter(e -> e.record().topic().equals("sn1.APP.A"))
                    .map(e -> e.after().get("ID").asLong())
                    .sorted()
                    .toList();
            assertEquals(21L, aIds.get(0));
            assertEquals(46L, aIds.get(aIds.size() - 1));
            assertEquals(26, aIds.size());
            assertTrue(again.stream().allMatch(e -> e.op().equals("r")), "streamed changes were repeated");
            cluster.connect().deleteConnector("ora-snap1");
        }
    }

    @Test
    void validateNamesTheFieldToFix() throws Exception {
        try (H2Oracle db = new H2Oracle("valid1")) {
            db.createTable("APP", "T", "ID NUMBER(5) PK");
            String cls = OracleSourceConnector.class.getName();
            Map<String, String> ok = OracleStreamingIT.config(db, "v1");
            ok.put("name", "v1");
            assertTrue(
                    cluster.validate(cls, ok).errorCount() == 0,
                    cluster.validate(cls, ok).toString());

            Map<String, String> both = new HashMap<>(ok);
            both.put("database.hostname", "db.example.com");
            ConfigInfos r = cluster.validate(cls, both);
            assertTrue(ConnectTestCluster.errorsFor(r, "database.url").get(0).contains("not both"));

            Map<String, String> none = new HashMap<>(ok);
            none.remove("database.url");
            r = cluster.validate(cls, none);
            assertTrue(
                    ConnectTestCluster.errorsFor(r, "database.hostname").get(0).contains("required"));

            Map<String, String> noService = new HashMap<>(none);
            noService.put("database.hostname", "db.example.com");
            r = cluster.validate(cls, noService);
            assertTrue(ConnectTestCluster.errorsFor(r, "database.dbname").get(0).contains("service name"));

            Map<String, String> batches = new HashMap<>(ok);
            batches.put("log.mining.batch.size.min", "100");
            r = cluster.validate(cls, batches);
            assertTrue(ConnectTestCluster.errorsFor(r, "log.mining.batch.size.min")
                    .get(0)
                    .contains("larger than"));
            batches.put("log.mining.batch.size.min", "1");
            batches.put("log.mining.batch.size.default", "500");
            r = cluster.validate(cls, batches);
            assertTrue(ConnectTestCluster.errorsFor(r, "log.mining.batch.size.default")
                    .get(0)
                    .contains("between"));

            Map<String, String> tables = new HashMap<>(ok);
            tables.put("table.include.list", "APP.T,APP.NOPE");
            tables.put("schema.include.list", "APP,GHOST");
            r = cluster.validate(cls, tables);
            assertEquals(
                    List.of("'APP.NOPE' matches no table in the captured schemas"),
                    ConnectTestCluster.errorsFor(r, "table.include.list"));
            assertTrue(ConnectTestCluster.errorsFor(r, "schema.include.list")
                    .get(0)
                    .contains("GHOST"));

            db.execute("DELETE FROM ALL_LOG_GROUPS WHERE TABLE_NAME = 'T'");
            r = cluster.validate(cls, ok);
            assertTrue(
                    ConnectTestCluster.errorsFor(r, "table.include.list")
                            .get(0)
                            .contains("ALTER TABLE \"APP\".\"T\" ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS"),
                    r.toString());
            db.execute("UPDATE V$DATABASE SET SUPPLEMENTAL_LOG_DATA_ALL = 'YES'"); // database-wide is enough
            assertEquals(0, cluster.validate(cls, ok).errorCount());

            Map<String, String> mode = new HashMap<>(ok);
            mode.put("snapshot.mode", "sometimes");
            assertEquals(
                    1,
                    ConnectTestCluster.errorsFor(cluster.validate(cls, mode), "snapshot.mode")
                            .size());

            Map<String, String> down = new HashMap<>(ok);
            down.put("database.url", "jdbc:oracle:thin:@//127.0.0.1:1/ORCLPDB1");
            r = cluster.validate(cls, down);
            String error = ConnectTestCluster.errorsFor(r, "database.url").get(0);
            assertTrue(error.contains("cannot connect"), error);
            assertTrue(!error.contains("No suitable driver"), "the Oracle driver was not found: " + error);
        }
    }

    /** Every key of the connector, given a malformed value: an error naming that key, never a stack trace. */
    @Test
    void everyKeyRejectsMalformedValuesByName() throws Exception {
        try (H2Oracle db = new H2Oracle("fuzz1")) {
            db.createTable("APP", "T", "ID NUMBER(5) PK");
            String cls = OracleSourceConnector.class.getName();
            int checked = 0;
            for (ConfigDef.ConfigKey key :
                    OracleConnectorConfig.configDef().configKeys().values()) {
                String bad = malformed(key);
                if (bad == null) {
                    continue;
                }
                Map<String, String> cfg = OracleStreamingIT.config(db, "fz");
                cfg.put("name", "fz");
                cfg.put(key.name, bad);
                ConfigInfos r = cluster.validate(cls, cfg);
                List<String> errors = ConnectTestCluster.errorsFor(r, key.name);
                assertTrue(!errors.isEmpty(), key.name + "=" + bad + " was accepted");
                for (ConfigInfo info : r.configs()) {
                    for (String e : info.configValue().errors()) {
                        assertTrue(!e.contains("Exception") && !e.contains("\tat "), key.name + ": " + e);
                    }
                }
                checked++;
            }
            assertTrue(checked >= 25, "only " + checked + " keys checked");
        }
    }

    /** Oracle keys whose free text is still checked (by validate, not by a ConfigDef validator). */
    static final java.util.Set<String> CHECKED_TEXT =
            java.util.Set.of("database.url", "database.pdb.name", "log.mining.flush.table.name", "database.user");

    static String malformed(ConfigDef.ConfigKey key) {
        return switch (key.type) {
            case INT, LONG, SHORT -> "twelve";
            case DOUBLE -> "fast";
            case BOOLEAN -> "maybe";
            case CLASS -> "no.such.Dialect";
            case LIST -> key.validator != null ? "(unclosed" : null;
            case STRING ->
                key.name.equals("database.user")
                        ? " "
                        : (key.validator != null && !key.name.equals("tenant.id")) || CHECKED_TEXT.contains(key.name)
                                ? "\u0000not-valid ?!"
                                : null;
            default -> null;
        };
    }
}
