package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.CommittedReader;
import io.entitynotifier.connect.common.testing.debezium.DebeziumOracle;
import io.entitynotifier.connect.common.testing.debezium.SchemaChangeDiff;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * Debezium 3.6.1 as the oracle for schema-change events on MySQL 8: both connectors stream CREATE TABLE, ALTER TABLE
 * ADD / MODIFY / DROP COLUMN, two renames and DROP TABLE, over about 30 column types, and each streamed event on the {@code <topic.prefix>} topic
 * must be equal, key and value, schema and payload, field by field ({@code tableChanges[].table.columns[]} included),
 * except the paths in {@link #IGNORED}.
 */
class MySqlSchemaChangeDiffIT {

    /** {@code source.version}: ours is not Debezium's version string. */
    private static final String[] IGNORED = {"source.version"};

    private static final String DB = "dbzddl";

    private static DatabaseServer server;
    private static DebeziumOracle oracle;

    @BeforeAll
    static void start() throws Exception {
        server = SharedFixtures.server(Flavor.MYSQL8);
        oracle = DebeziumOracle.start("mysql");
    }

    @AfterAll
    static void stop() {
        if (oracle != null) {
            oracle.close();
        }
    }

    @Test
    void streamedSchemaChangesEqualDebeziums() throws Exception {
        server.execute(
                null,
                "CREATE DATABASE " + DB + " CHARACTER SET utf8mb4",
                "CREATE TABLE " + DB + ".marker (id INT NOT NULL PRIMARY KEY)",
                "INSERT INTO " + DB + ".marker VALUES (1)");
        oracle.deployDebezium("dbzddl", debezium("dbzddl", 5411));
        oracle.deployOurs("oursddl", ours("oursddl", 5412));
        oracle.read("dbzddl", 1, false, DB + ".marker");
        oracle.read("oursddl", 1, false, DB + ".marker");

        List<String> ddl = List.of(
                "CREATE TABLE t1 (id int NOT NULL AUTO_INCREMENT, name varchar(40) NOT NULL DEFAULT 'x' COMMENT 'the name',"
                        + " price decimal(10,2) DEFAULT NULL, e enum('a','b') DEFAULT 'b', st set('x','y','z'),"
                        + " lat varchar(10) CHARACTER SET latin1, ts timestamp(3) NULL, u int unsigned, bl blob,"
                        + " j json, bi bigint, dt datetime(6), PRIMARY KEY (id)) COMMENT='tbl'",
                "ALTER TABLE t1 ADD COLUMN added bigint NOT NULL DEFAULT '5'",
                "ALTER TABLE t1 MODIFY COLUMN name varchar(80) NULL",
                "ALTER TABLE t1 DROP COLUMN price",
                "RENAME TABLE t1 TO t2",
                "ALTER TABLE t2 RENAME TO t3",
                "DROP TABLE t3",
                "CREATE TABLE t4 (a tinyint NOT NULL, b smallint DEFAULT '3', c mediumint unsigned, d float,"
                        + " f double DEFAULT '1.5', g float(7,3), h bit(8) DEFAULT b'101', k char(5) DEFAULT 'ab',"
                        + " l binary(4), m varbinary(10), n text, o longtext, p date DEFAULT '2020-01-02', q time(3),"
                        + " r year, s geometry, t point, v mediumblob, w bigint unsigned,"
                        + " x timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, y datetime DEFAULT NULL,"
                        + " z tinyint unsigned, PRIMARY KEY (a, b))",
                "ALTER TABLE t4 ADD COLUMN e2 enum('one','two''s') NOT NULL DEFAULT 'one', DROP COLUMN o",
                "CREATE INDEX t4_k ON t4 (k)",
                "DROP INDEX t4_k ON dbzddl.t4",
                "ALTER DATABASE dbzddl CHARACTER SET utf8mb4");
        // One statement at a time, each after ours wrote the previous one's event: ours describes a table as the
        // catalog shows it when it reaches the statement (docs/mysql.md), so it must not lag behind the next DDL.
        String bootstrap = oracle.cluster().connect().kafka().bootstrapServers();
        for (int i = 0; i < ddl.size(); i++) {
            server.execute(DB, ddl.get(i));
            CommittedReader.read(bootstrap, i + 1, DebeziumOracle.TIMEOUT, "oursddl");
        }
        // No schema-change event for TRUNCATE on either side (a "t" data event, skipped by default).
        server.execute(DB, "TRUNCATE TABLE t4", "INSERT INTO marker VALUES (2)");
        oracle.read("dbzddl", 2, false, DB + ".marker");
        oracle.read("oursddl", 2, false, DB + ".marker");

        List<ConsumerRecord<byte[], byte[]>> dbz =
                CommittedReader.read(bootstrap, ddl.size(), DebeziumOracle.TIMEOUT, "dbzddl");
        List<ConsumerRecord<byte[], byte[]>> ours =
                CommittedReader.read(bootstrap, ddl.size(), Duration.ofSeconds(60), "oursddl");
        SchemaChangeDiff diff = SchemaChangeDiff.compare(dbz, ours, IGNORED);
        diff.assertNone();
        assertEquals(ddl.size(), diff.pairedEvents());
        // Debezium also describes the snapshot's tables on that topic; ours does not (docs/mysql.md).
        List<String> snapshotDdl = SchemaChangeDiff.snapshotDdl(dbz);
        assertFalse(snapshotDdl.isEmpty(), "Debezium wrote no snapshot schema changes");
        assertEquals(List.of(), SchemaChangeDiff.snapshotDdl(ours), "ours wrote snapshot schema changes");
        System.out.println("Debezium's snapshot DDL events: " + snapshotDdl);
    }

    private Map<String, String> debezium(String prefix, int serverId) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.debezium.connector.mysql.MySqlConnector");
        c.put("database.hostname", "127.0.0.1");
        c.put("database.port", Integer.toString(server.port()));
        c.put("database.user", DatabaseServer.CDC_USER);
        c.put("database.password", DatabaseServer.CDC_PASSWORD);
        c.put("database.server.id", Integer.toString(serverId));
        c.put("topic.prefix", prefix);
        c.put("database.include.list", DB);
        c.put("database.ssl.mode", "disabled");
        c.put("database.allowPublicKeyRetrieval", "true");
        c.put(
                "schema.history.internal.kafka.bootstrap.servers",
                oracle.cluster().connect().kafka().bootstrapServers());
        c.put("schema.history.internal.kafka.topic", prefix + "-schema-history");
        return c;
    }

    private Map<String, String> ours(String prefix, int serverId) {
        Map<String, String> c = SharedFixtures.connector(server, prefix, DB);
        c.put("database.server.id", Integer.toString(serverId));
        return c;
    }
}
