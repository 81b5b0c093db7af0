package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * The same column keys as Debezium's connectors on SQLite, through the REST API: masked and truncated columns never
 * appear in clear (snapshot, update before/after, delete), an excluded column and table never appear, and
 * message.key.columns keys a table without a primary key.
 */
class SqliteColumnMappingIT {

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

    @Test
    void maskedTruncatedAndExcludedDataNeverReachesTheTopics() throws Exception {
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, "cm.db")) {
            db.exec(
                    "CREATE TABLE people (id INTEGER PRIMARY KEY, secret VARCHAR(40), note TEXT, hidden TEXT)",
                    "CREATE TABLE nokey (a INTEGER, b TEXT)",
                    "CREATE TABLE skipped (id INTEGER PRIMARY KEY, v TEXT)",
                    "INSERT INTO people VALUES (1, 'TOPSECRET-111', 'NOTE-LONG-111', 'HIDDEN-111')",
                    "INSERT INTO nokey VALUES (5, 'five')",
                    "INSERT INTO skipped VALUES (1, 'SKIPPED-111')");
            Map<String, String> c = new HashMap<>();
            c.put("connector.class", SqliteSourceConnector.class.getName());
            c.put("database.path", db.file.toString());
            c.put("topic.prefix", "sqcm");
            c.put("poll.interval.ms", "50");
            c.put("table.exclude.list", "main\\.skipped");
            c.put("column.exclude.list", "main\\.people\\.hidden");
            c.put("column.mask.with.8.chars", "main.people.secret");
            c.put("column.truncate.to.4.chars", "main.people.note");
            c.put("message.key.columns", "main.nokey:a");
            Map<String, String> named = new HashMap<>(c);
            named.put("name", "sqcm");
            var valid = cluster.validate(SqliteSourceConnector.class.getName(), named);
            assertEquals(0, valid.errorCount(), valid.configs().toString());
            cluster.deploy("sqcm", c);
            try {
                String people = "sqcm.main.people";
                cluster.consumeCommitted("sqcm", 1, TIMEOUT, people);
                cluster.consumeCommitted("sqcm", 1, TIMEOUT, "sqcm.main.nokey");
                db.exec(
                        "UPDATE people SET secret = 'TOPSECRET-222', note = 'NOTE-LONG-222', hidden = 'HIDDEN-222'",
                        "INSERT INTO skipped VALUES (2, 'SKIPPED-222')",
                        "DELETE FROM people WHERE id = 1",
                        "INSERT INTO nokey VALUES (6, 'six')");
                List<ConsumerRecord<byte[], byte[]>> records = cluster.consumeCommitted("sqcm", 4, TIMEOUT, people);
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
                assertEquals(1, d.key().get("id").asInt());
                List<Event> keyless =
                        ChangeEvents.parse(cluster.consumeCommitted("sqcm", 2, TIMEOUT, "sqcm.main.nokey"));
                assertEquals(5, keyless.get(0).key().get("a").asInt());
                assertEquals(6, keyless.get(1).key().get("a").asInt());
                for (ConsumerRecord<byte[], byte[]> rec : records) {
                    String text = (rec.key() == null ? "" : new String(rec.key(), StandardCharsets.UTF_8))
                            + (rec.value() == null ? "" : new String(rec.value(), StandardCharsets.UTF_8));
                    for (String clear : List.of("TOPSECRET", "NOTE-LONG", "HIDDEN-")) {
                        assertFalse(text.contains(clear), clear + " in clear in " + text);
                    }
                }
                assertFalse(cluster.topics().contains("sqcm.main.skipped"));
                assertTrue(cluster.topics().contains(people));
            } finally {
                cluster.connect().deleteConnector("sqcm");
            }
        }
    }
}
