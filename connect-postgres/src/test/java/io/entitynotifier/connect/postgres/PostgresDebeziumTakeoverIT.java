package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.debezium.DebeziumOracle;
import io.entitynotifier.connect.common.testing.debezium.TakeoverCheck;
import io.entitynotifier.connect.common.testing.debezium.TakeoverWorkload;

/**
 * Issue #13, switching without a re-snapshot: Debezium 3.6.1's PostgreSQL connector (pgoutput) runs under a name, is
 * stopped and deleted (its slot and publication stay, as {@code slot.drop.on.stop=false}, its default, keeps them),
 * and ours is created under the same name with Debezium's configuration (only connector.class replaced), as
 * docs/migrating-from-debezium.md describes, while an application commits multi-row transactions throughout (also
 * while no connector runs). Ours streams on from Debezium's last committed offset in Debezium's slot: every committed
 * change is in the topic exactly once, with Debezium's schemas ({@link TakeoverCheck}). PostgreSQL 15.
 */
class PostgresDebeziumTakeoverIT {

    private static PostgresServer pg;
    private static DebeziumOracle oracle;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("logical");
        pg.execute("CREATE TABLE public.t (id INT PRIMARY KEY, v INT NOT NULL)");
        oracle = DebeziumOracle.start("postgres");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (oracle != null) {
                oracle.close();
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    @Test
    void oursContinuesExactlyWhereDebeziumStopped() throws Exception {
        TakeoverWorkload writer = new TakeoverWorkload(pg::connect, "public.t", 150);
        writer.seed(5);
        TakeoverCheck.Result r = TakeoverCheck.run(
                oracle,
                "inventory-connector",
                debezium("dbserver1"),
                PostgresSourceConnector.class.getName(),
                "dbserver1.public.t",
                writer);
        System.out.println("PostgreSQL takeover: " + r);
        assertTrue(r.changesWhileStopped() > 0, "changes while no connector ran: " + r);
        assertTrue(
                r.debeziumOffset().containsKey("lsn") && r.debeziumOffset().containsKey("txId"),
                "Debezium's offset: " + r);
    }

    /** Debezium's configuration as a user would have it; the same map then configures ours. */
    private static Map<String, String> debezium(String prefix) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        c.put("plugin.name", "pgoutput");
        c.put("database.hostname", "127.0.0.1");
        c.put("database.port", Integer.toString(pg.port()));
        c.put("database.user", "postgres");
        c.put("database.password", "");
        c.put("database.dbname", PostgresServer.DB);
        c.put("database.sslmode", "disable");
        c.put("topic.prefix", prefix);
        c.put("slot.name", "debezium");
        c.put("publication.name", "dbz_publication");
        c.put("publication.autocreate.mode", "filtered");
        c.put("table.include.list", "public\\.t");
        // Small batches, so Debezium's Kafka transactions (transaction.boundary=poll) end inside source transactions
        c.put("max.batch.size", "7");
        return c;
    }
}
