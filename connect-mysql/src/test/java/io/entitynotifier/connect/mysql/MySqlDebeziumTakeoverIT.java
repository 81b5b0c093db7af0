package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.debezium.DebeziumOracle;
import io.entitynotifier.connect.common.testing.debezium.TakeoverCheck;
import io.entitynotifier.connect.common.testing.debezium.TakeoverWorkload;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * Issue #13, switching without a re-snapshot: Debezium 3.6.1's MySQL connector runs under a name, is stopped and
 * deleted, and ours is created under the same name with Debezium's configuration (only connector.class replaced), as
 * docs/migrating-from-debezium.md describes, while an application commits multi-row transactions throughout (also
 * while no connector runs). Ours continues from Debezium's last committed offset, inside the transaction Debezium
 * stopped in, at the exact row: every committed change is in the topic exactly once, with Debezium's schemas
 * ({@link TakeoverCheck}). MySQL 8.0.33 with GTIDs.
 */
class MySqlDebeziumTakeoverIT {

    private static final String DB = "takeover";

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
    void oursContinuesExactlyWhereDebeziumStopped() throws Exception {
        server.execute(null, "CREATE DATABASE " + DB, "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, v INT NOT NULL)");
        TakeoverWorkload writer = new TakeoverWorkload(() -> server.admin(DB), "t", 150);
        writer.seed(5);
        TakeoverCheck.Result r = TakeoverCheck.run(
                oracle,
                "inventory-connector",
                debezium("dbserver1"),
                MySqlSourceConnector.class.getName(),
                "dbserver1." + DB + ".t",
                writer);
        System.out.println("MySQL takeover: " + r);
        assertTrue(r.changesWhileStopped() > 0, "changes while no connector ran: " + r);
        assertTrue(r.debeziumOffset().containsKey("event"), "Debezium stopped inside a transaction: " + r);
    }

    /** Debezium's configuration as a user would have it; the same map then configures ours. */
    private Map<String, String> debezium(String prefix) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.debezium.connector.mysql.MySqlConnector");
        c.put("database.hostname", "127.0.0.1");
        c.put("database.port", Integer.toString(server.port()));
        c.put("database.user", DatabaseServer.CDC_USER);
        c.put("database.password", DatabaseServer.CDC_PASSWORD);
        c.put("database.server.id", "5501");
        c.put("topic.prefix", prefix);
        c.put("database.include.list", DB);
        c.put("database.ssl.mode", "disabled");
        c.put("database.allowPublicKeyRetrieval", "true");
        // Small batches, so Debezium's Kafka transactions (transaction.boundary=poll) end inside row events
        c.put("max.batch.size", "7");
        c.put(
                "schema.history.internal.kafka.bootstrap.servers",
                oracle.cluster().connect().kafka().bootstrapServers());
        c.put("schema.history.internal.kafka.topic", prefix + "-schema-history");
        return c;
    }
}
