package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/** Snapshot, streaming and schema changes on MySQL 8 and MariaDB, through the REST API and a read_committed consumer. */
class MySqlConnectorIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static List<Event> consume(ConnectTestCluster cluster, int n, String topic) {
        return ChangeEvents.parse(cluster.consumeCommitted(n, TIMEOUT, topic));
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void snapshotThenStreamWithPositions(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "basic_" + flavor.name().toLowerCase();
        s.execute(
                null,
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".orders (id INT PRIMARY KEY, name VARCHAR(20), qty INT NOT NULL)",
                "INSERT INTO " + db + ".orders VALUES (1, 'one', 1), (2, 'two', 2), (3, 'three', 3)");
        String prefix = "basic" + flavor.ordinal();
        String topic = prefix + "." + db + ".orders";
        Map<String, String> config = SharedFixtures.connector(s, prefix, db);
        config.put("provide.transaction.metadata", "true");
        cluster.deploy(prefix, config);
        List<Event> snap = consume(cluster, 3, topic);
        assertEquals(3, snap.size());
        assertTrue(snap.stream().allMatch(e -> e.op().equals("r")));
        assertEquals(
                List.of("first", "true", "last"),
                snap.stream().map(e -> e.source().get("snapshot").asText()).toList(),
                "Debezium's snapshot markers");
        assertEquals(3, snap.get(2).after().get("qty").asInt());

        try (var c = s.admin(db);
                var st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("INSERT INTO orders VALUES (4, 'four', 4)");
            st.execute("UPDATE orders SET qty = 20 WHERE id = 2");
            st.execute("DELETE FROM orders WHERE id = 1");
            st.execute("UPDATE orders SET id = 30 WHERE id = 3");
            c.commit();
        }
        // c, u, d + tombstone, d + tombstone + c (key change)
        List<Event> all = ChangeEvents.withoutTombstones(consume(cluster, 3 + 7, topic));
        List<Event> stream = all.subList(3, all.size());
        assertEquals(
                List.of("c", "u", "d", "d", "c"), stream.stream().map(Event::op).toList());
        Event update = stream.get(1);
        assertEquals(2, update.before().get("qty").asInt());
        assertEquals(20, update.after().get("qty").asInt());
        assertEquals(1, stream.get(2).before().get("id").asInt());
        assertEquals(30, stream.get(4).after().get("id").asInt());
        JsonNode source = update.source();
        // on MariaDB, Debezium's MariaDB connector's block
        boolean maria = flavor == Flavor.MARIADB;
        assertEquals(maria ? "mariadb" : "mysql", source.get("connector").asText());
        assertEquals(db, source.get("db").asText());
        assertEquals("orders", source.get("table").asText());
        assertFalse(source.get("file").asText().isEmpty());
        assertTrue(source.get("pos").asLong() > 0);
        assertEquals(1, source.get("server_id").asLong());
        assertNotNull(source.get("gtid").textValue(), "GTID of the transaction");
        // One MySQL transaction: one GTID on all its events.
        assertEquals(
                1,
                stream.stream()
                        .map(e -> e.source().get("gtid").asText())
                        .distinct()
                        .count());
        // Debezium's MySQL source block: schema name, thread of the transaction, row within the event
        JsonNode sourceSchema = ChangeEvents.envelopeJson(update.record().value())
                .get("schema")
                .get("fields")
                .get(2);
        assertEquals(
                maria ? "io.debezium.connector.mariadb.Source" : "io.debezium.connector.mysql.Source",
                sourceSchema.get("name").asText());
        if (flavor == Flavor.MYSQL8) { // MariaDB's GTID event replaces the BEGIN query event that carries it
            assertTrue(source.get("thread").asLong() > 0, source.toString());
        }
        assertEquals(0, source.get("row").asInt());
        // provide.transaction.metadata: the transaction block (id = GTID) and BEGIN/END records
        String gtid = update.source().get("gtid").asText();
        for (int i = 0; i < stream.size(); i++) {
            JsonNode t = stream.get(i).value().get("transaction");
            assertEquals(gtid, t.get("id").asText());
            assertEquals(i + 1, t.get("total_order").asInt());
        }
        assertTrue(snap.get(0).value().get("transaction").isNull(), "snapshot rows have no transaction");
        List<Event> txn = consume(cluster, 2, prefix + ".transaction");
        assertEquals(
                List.of("BEGIN", "END"),
                txn.stream().map(e -> e.value().get("status").asText()).toList());
        assertEquals(5, txn.get(1).value().get("event_count").asInt());
        assertEquals(gtid, txn.get(1).key().get("id").asText());
        cluster.connect().deleteConnector(prefix);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void alterTableMidStreamChangesColumnsAndEmitsSchemaChanges(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "ddl_" + flavor.name().toLowerCase();
        s.execute(
                null,
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".p (id INT PRIMARY KEY, a VARCHAR(10), b INT)",
                "INSERT INTO " + db + ".p VALUES (0, 'snap', 0)");
        String prefix = "ddl" + flavor.ordinal();
        String topic = prefix + "." + db + ".p";
        cluster.deploy(prefix, SharedFixtures.connector(s, prefix, db));
        consume(cluster, 1, topic); // the snapshot is done: what follows is streamed
        s.execute(
                db,
                "INSERT INTO p VALUES (1, 'x', 10)",
                "ALTER TABLE p ADD COLUMN c VARCHAR(5) DEFAULT 'new'",
                "INSERT INTO p (id, a, b) VALUES (2, 'y', 20)",
                "ALTER TABLE p DROP COLUMN b",
                "INSERT INTO p VALUES (3, 'z', 'zz')",
                "ALTER TABLE p RENAME COLUMN a TO a2",
                "UPDATE p SET a2 = 'w' WHERE id = 3");
        List<Event> all = consume(cluster, 5, topic);
        assertEquals(5, all.size());
        List<Event> ev = all.subList(1, 5);
        assertEquals(List.of("id", "a", "b"), fields(ev.get(0).after()));
        assertEquals(10, ev.get(0).after().get("b").asInt());
        assertEquals(List.of("id", "a", "b", "c"), fields(ev.get(1).after()));
        assertEquals("new", ev.get(1).after().get("c").asText());
        assertEquals(List.of("id", "a", "c"), fields(ev.get(2).after()));
        assertEquals("zz", ev.get(2).after().get("c").asText());
        assertEquals(List.of("id", "a2", "c"), fields(ev.get(3).after()));
        assertEquals("z", ev.get(3).before().get("a2").asText());
        assertEquals("w", ev.get(3).after().get("a2").asText());

        List<Event> changes = consume(cluster, 3, prefix);
        List<String> ddl =
                changes.stream().map(e -> e.value().get("ddl").asText()).toList();
        assertTrue(ddl.stream().anyMatch(d -> d.contains("ADD COLUMN c")), ddl.toString());
        assertTrue(ddl.stream().anyMatch(d -> d.contains("DROP COLUMN b")), ddl.toString());
        assertTrue(ddl.stream().anyMatch(d -> d.contains("RENAME COLUMN a TO a2")), ddl.toString());
        assertEquals(db, changes.get(0).value().get("databaseName").asText());
        assertEquals(
                "\"" + db + "\".\"p\"",
                changes.get(changes.size() - 1)
                        .value()
                        .get("tableChanges")
                        .get(0)
                        .get("id")
                        .asText());
        cluster.connect().deleteConnector(prefix);
    }

    static List<String> fields(JsonNode row) {
        List<String> out = new java.util.ArrayList<>();
        row.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static Map<String, String> merged(Map<String, String> base, String... kv) {
        Map<String, String> m = new java.util.HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
