package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * Debezium's column keys on MySQL 8 through the REST API: masked, hashed and truncated columns never appear in clear
 * (snapshot, update before/after, delete), excluded columns, tables and databases never appear, message.key.columns
 * keys a keyless table.
 */
class ColumnMappingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void maskedHashedTruncatedAndExcludedDataNeverReachesTheTopics() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MYSQL8);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        s.execute(
                null,
                "CREATE DATABASE cm",
                "CREATE DATABASE cm_other",
                "CREATE TABLE cm.people (id INT PRIMARY KEY, secret VARCHAR(40), email TEXT, note TEXT, hidden TEXT)",
                "CREATE TABLE cm.nokey (a INT, b TEXT)",
                "CREATE TABLE cm.skipped (id INT PRIMARY KEY, v TEXT)",
                "CREATE TABLE cm_other.t (id INT PRIMARY KEY, v TEXT)",
                "INSERT INTO cm.people VALUES (1, 'TOPSECRET-111', 'MAIL-111', 'NOTE-LONG-111', 'HIDDEN-111')",
                "INSERT INTO cm.nokey VALUES (5, 'five')",
                "INSERT INTO cm.skipped VALUES (1, 'SKIPPED-111')",
                "INSERT INTO cm_other.t VALUES (1, 'OTHER-111')");
        Map<String, String> c = SharedFixtures.connector(s, "mycm", "cm");
        c.put("table.exclude.list", "cm\\.skipped");
        c.put("column.exclude.list", "cm\\.people\\.hidden");
        c.put("column.mask.with.8.chars", "cm.people.secret");
        c.put("column.mask.hash.v2.SHA-256.with.salt.pepper", "cm.people.email");
        c.put("column.truncate.to.4.chars", "cm.people.note");
        c.put("message.key.columns", "cm.nokey:a");
        cluster.deploy("mycm", c);
        try {
            String people = "mycm.cm.people";
            cluster.consumeCommitted("mycm", 1, TIMEOUT, people);
            s.execute(
                    null,
                    "UPDATE cm.people SET secret = 'TOPSECRET-222', email = 'MAIL-222', note = 'NOTE-LONG-222', "
                            + "hidden = 'HIDDEN-222'",
                    "INSERT INTO cm.skipped VALUES (2, 'SKIPPED-222')",
                    "INSERT INTO cm_other.t VALUES (2, 'OTHER-222')",
                    "DELETE FROM cm.people WHERE id = 1",
                    "INSERT INTO cm.nokey VALUES (6, 'six')");
            List<ConsumerRecord<byte[], byte[]>> records = cluster.consumeCommitted("mycm", 4, TIMEOUT, people);
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
                assertEquals("NOTE", image.get("note").asText(), image.toString());
            }
            assertEquals(sha256v2("pepper", "MAIL-111"), r.after().get("email").asText());
            assertEquals(sha256v2("pepper", "MAIL-111"), u.before().get("email").asText());
            assertEquals(sha256v2("pepper", "MAIL-222"), u.after().get("email").asText());
            assertEquals(1, d.key().get("id").asInt());

            List<Event> keyless = ChangeEvents.parse(cluster.consumeCommitted("mycm", 2, TIMEOUT, "mycm.cm.nokey"));
            assertEquals(5, keyless.get(0).key().get("a").asInt());
            assertEquals(6, keyless.get(1).key().get("a").asInt());

            for (ConsumerRecord<byte[], byte[]> rec : records) {
                String text = (rec.key() == null ? "" : new String(rec.key(), StandardCharsets.UTF_8))
                        + (rec.value() == null ? "" : new String(rec.value(), StandardCharsets.UTF_8));
                for (String clear : List.of("TOPSECRET", "MAIL-", "NOTE-LONG", "HIDDEN-")) {
                    assertFalse(text.contains(clear), clear + " in clear in " + text);
                }
            }
            assertFalse(cluster.topics().contains("mycm.cm.skipped"));
            assertFalse(cluster.topics().contains("mycm.cm_other.t"));
        } finally {
            cluster.connect().deleteConnector("mycm");
        }
    }

    private static String sha256v2(String salt, String value) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(salt.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
