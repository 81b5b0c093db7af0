package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * Only DDL of captured tables (and database-level DDL of captured databases) reaches the schema-change topic: DDL of
 * other databases, of tables outside table.include.list and of views is left out, whatever the default database.
 */
class SchemaChangeScopeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void ddlOutsideTheCapturedTablesStaysOffTheSchemaChangeTopic() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MARIADB);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        s.execute(
                null,
                "CREATE DATABASE scope_a",
                "CREATE DATABASE scope_b",
                "CREATE TABLE scope_a.t1 (id INT PRIMARY KEY)",
                "CREATE TABLE scope_a.t2 (id INT PRIMARY KEY)",
                "INSERT INTO scope_a.t1 VALUES (1)");
        String prefix = "ddlscope";
        Map<String, String> c = SharedFixtures.connector(s, prefix, "scope_a");
        c.put("table.include.list", "scope_a\\.t1");
        cluster.deploy(prefix, c);
        String topic = prefix + ".scope_a.t1";
        assertEquals(
                1,
                ChangeEvents.parse(cluster.consumeCommitted(1, TIMEOUT, topic)).size());
        // All with default database scope_a, so a filter on the default database alone lets them through.
        s.execute(
                "scope_a",
                "CREATE TABLE t3 (id INT PRIMARY KEY)",
                "ALTER TABLE t2 ADD COLUMN c INT",
                "CREATE INDEX t2_c ON t2 (c)",
                "TRUNCATE t2",
                "RENAME TABLE t3 TO t4",
                "CREATE VIEW v1 AS SELECT id FROM t2",
                "CREATE TABLE scope_b.x (id INT PRIMARY KEY)",
                "ALTER TABLE scope_b.x ADD COLUMN y INT",
                "CREATE INDEX x_y ON scope_b.x (y)",
                "TRUNCATE scope_b.x",
                "DROP TABLE scope_b.x, t4",
                "CREATE DATABASE scope_c",
                "ALTER TABLE t1 ADD COLUMN m INT",
                "INSERT INTO t1 VALUES (2, 2)");
        ChangeEvents.parse(cluster.consumeCommitted(2, TIMEOUT, topic)); // the DDL before it is committed too
        List<String> ddl = ChangeEvents.parse(cluster.consumeCommitted(1, TIMEOUT, prefix)).stream()
                .map(e -> e.value().get("ddl").asText())
                .toList();
        assertEquals(List.of("ALTER TABLE t1 ADD COLUMN m INT"), ddl);
        cluster.connect().deleteConnector(prefix);
    }

    @Test
    void includeSchemaChangesFalseWritesNoSchemaChangeEvents() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MARIADB);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        s.execute(null, "CREATE DATABASE scope_off", "CREATE TABLE scope_off.t1 (id INT PRIMARY KEY)");
        String prefix = "ddloff";
        Map<String, String> c = SharedFixtures.connector(s, prefix, "scope_off");
        c.put("include.schema.changes", "false");
        cluster.deploy(prefix, c);
        s.execute("scope_off", "INSERT INTO t1 VALUES (1)");
        String topic = prefix + ".scope_off.t1";
        ChangeEvents.parse(cluster.consumeCommitted(1, TIMEOUT, topic));
        s.execute("scope_off", "ALTER TABLE t1 ADD COLUMN m INT", "INSERT INTO t1 VALUES (2, 2)");
        List<ChangeEvents.Event> rows = ChangeEvents.parse(cluster.consumeCommitted(2, TIMEOUT, topic));
        assertEquals(2, rows.get(1).after().get("m").asInt());
        // The DDL is before the second row in the same stream, so its event would be committed by now.
        assertFalse(cluster.topics().contains(prefix), "schema-change topic written: " + cluster.topics());
        cluster.connect().deleteConnector(prefix);
    }
}
