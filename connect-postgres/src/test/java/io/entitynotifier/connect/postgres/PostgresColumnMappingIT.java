package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Debezium's column keys through the REST API on a real worker: a masked and a truncated column never appear in clear
 * (snapshot, update before/after, delete), an excluded column, table and schema never appear, message.key.columns keys
 * a keyless table, column.propagate.source.type annotates the schema; validate refuses Debezium's combinations.
 */
@ExtendWith(TestEnvironment.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresColumnMappingIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static PostgresServer pg;
    static ConnectTestCluster connect;

    @BeforeAll
    static void setUp() throws Exception {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
    }

    static Map<String, String> config() {
        Map<String, String> cfg = pg.connectorConfig("itcm", "slot_itcm", "pub_itcm");
        cfg.put("schema.include.list", "cm1");
        cfg.put("table.exclude.list", "cm1\\.skipped");
        cfg.put("column.exclude.list", "cm1\\.people\\.hidden");
        cfg.put("column.mask.with.8.chars", "cm1.people.secret");
        cfg.put("column.truncate.to.4.chars", "cm1.people.note");
        cfg.put("column.propagate.source.type", "cm1.people.id");
        cfg.put("message.key.columns", "cm1.nokey:a");
        return cfg;
    }

    @Test
    @Order(1)
    void maskedTruncatedAndExcludedDataNeverReachesTheTopics() throws Exception {
        pg.execute(
                "CREATE SCHEMA cm1",
                "CREATE SCHEMA cm2",
                "CREATE TABLE cm1.people (id int PRIMARY KEY, secret varchar(40), note text, hidden text)",
                "ALTER TABLE cm1.people REPLICA IDENTITY FULL",
                "CREATE TABLE cm1.nokey (a int, b text)",
                "CREATE TABLE cm1.skipped (id int PRIMARY KEY, v text)",
                "CREATE TABLE cm2.other (id int PRIMARY KEY, v text)",
                "INSERT INTO cm1.people VALUES (1, 'TOPSECRET-111', 'NOTE-LONG-111', 'HIDDEN-111')",
                "INSERT INTO cm1.nokey VALUES (5, 'five')",
                "INSERT INTO cm1.skipped VALUES (1, 'SKIPPED-111')",
                "INSERT INTO cm2.other VALUES (1, 'OTHER-111')");
        connect.deploy("pg-itcm", config());
        try {
            String people = "itcm.cm1.people";
            connect.consumeCommitted("pg-itcm", 1, TIMEOUT, "itcm.cm1.nokey");
            connect.consumeCommitted("pg-itcm", 1, TIMEOUT, people);
            pg.awaitSlot("slot_itcm");
            pg.execute(
                    "UPDATE cm1.people SET secret = 'TOPSECRET-222', note = 'NOTE-LONG-222', hidden = 'HIDDEN-222'",
                    "INSERT INTO cm1.skipped VALUES (2, 'SKIPPED-222')",
                    "INSERT INTO cm2.other VALUES (2, 'OTHER-222')",
                    "DELETE FROM cm1.people WHERE id = 1",
                    "INSERT INTO cm1.nokey VALUES (6, 'six')");
            List<ConsumerRecord<byte[], byte[]>> records = connect.consumeCommitted("pg-itcm", 4, TIMEOUT, people);
            List<Event> events = ChangeEvents.parse(records);
            assertEquals(
                    List.of("r", "u", "d"),
                    ChangeEvents.withoutTombstones(events).stream()
                            .map(Event::op)
                            .toList());
            Event r = events.get(0), u = events.get(1), d = events.get(2);
            for (JsonNode image : List.of(r.after(), u.before(), u.after(), d.before())) {
                assertEquals("********", image.get("secret").asText(), image.toString());
                assertFalse(image.has("hidden"), image.toString());
            }
            assertEquals("NOTE", r.after().get("note").asText());
            assertEquals("NOTE", u.after().get("note").asText());
            assertEquals(1, d.key().get("id").asInt());

            JsonNode fields =
                    ChangeEvents.envelopeJson(r.record().value()).get("schema").get("fields");
            JsonNode after = null;
            for (JsonNode f : fields) {
                if ("after".equals(f.get("field").asText())) {
                    after = f;
                }
            }
            JsonNode idParams = null, secretParams = null;
            for (JsonNode f : after.get("fields")) {
                if ("id".equals(f.get("field").asText())) {
                    idParams = f.get("parameters");
                } else if ("secret".equals(f.get("field").asText())) {
                    secretParams = f.get("parameters");
                }
            }
            assertEquals("INT4", idParams.get("__debezium.source.column.type").asText());
            assertEquals("10", idParams.get("__debezium.source.column.length").asText());
            assertEquals("0", idParams.get("__debezium.source.column.scale").asText());
            assertEquals("true", secretParams.get("masked").asText());

            List<Event> keyless = ChangeEvents.parse(connect.consumeCommitted("pg-itcm", 2, TIMEOUT, "itcm.cm1.nokey"));
            assertEquals(5, keyless.get(0).key().get("a").asInt());
            assertEquals(6, keyless.get(1).key().get("a").asInt());
            assertNull(keyless.get(1).key().get("b"));

            for (ConsumerRecord<byte[], byte[]> rec : records) {
                String text = (rec.key() == null ? "" : new String(rec.key(), StandardCharsets.UTF_8))
                        + (rec.value() == null ? "" : new String(rec.value(), StandardCharsets.UTF_8));
                for (String clear : List.of("TOPSECRET", "NOTE-LONG", "HIDDEN-")) {
                    assertFalse(text.contains(clear), clear + " in clear in " + text);
                }
            }
            assertFalse(connect.topics().contains("itcm.cm1.skipped"));
            assertFalse(connect.topics().contains("itcm.cm2.other"));
        } finally {
            connect.connect().deleteConnector("pg-itcm");
        }
    }

    @Test
    @Order(2) // after the tables exist: the valid configuration must capture something
    void validateRefusesWhatDebeziumRefuses() {
        Map<String, String> cfg = config();
        cfg.put("name", "pg-itcm-v");
        cfg.put("column.include.list", "cm1\\.people\\.id");
        cfg.put("schema.exclude.list", "cm2");
        cfg.put("table.include.list", "cm1\\.people");
        cfg.put("column.mask.hash.NO-SUCH-HASH.with.salt.s", "cm1.people.note");
        cfg.put("message.key.columns", "cm1.nokey");
        var infos = connect.validate(PostgresSourceConnector.class.getName(), cfg);
        assertEquals(
                List.of("\"column.include.list\" is already specified"),
                ConnectTestCluster.errorsFor(infos, "column.exclude.list"));
        assertEquals(
                List.of("\"schema.include.list\" is already specified"),
                ConnectTestCluster.errorsFor(infos, "schema.exclude.list"));
        assertEquals(
                List.of("\"table.include.list\" is already specified"),
                ConnectTestCluster.errorsFor(infos, "table.exclude.list"));
        assertTrue(ConnectTestCluster.errorsFor(infos, "column.mask.hash.NO-SUCH-HASH.with.salt.s")
                .get(0)
                .contains("NO-SUCH-HASH"));
        assertTrue(ConnectTestCluster.errorsFor(infos, "message.key.columns")
                .get(0)
                .contains("has an invalid format"));
        var valid = connect.validate(PostgresSourceConnector.class.getName(), withName(config()));
        assertEquals(0, valid.errorCount(), valid.configs().toString());
    }

    private static Map<String, String> withName(Map<String, String> cfg) {
        cfg.put("name", "pg-itcm-v");
        cfg.put("slot.name", "slot_itcm_v"); // the first test's task may still hold slot_itcm while it stops
        cfg.put("publication.name", "pub_itcm_v"); // pub_itcm is recorded as the first test's connector's own
        return cfg;
    }
}
