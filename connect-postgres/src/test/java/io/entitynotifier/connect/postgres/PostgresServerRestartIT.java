package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** The PostgreSQL server restarts under a streaming connector, which reconnects by itself. */
@ExtendWith(TestEnvironment.class)
class PostgresServerRestartIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static PostgresServer pg;
    static ConnectTestCluster connect;

    @BeforeAll
    static void setUp() throws Exception {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
    }

    @Test
    void reconnectsAfterAServerRestart() throws Exception {
        pg.execute("CREATE SCHEMA s30", "CREATE TABLE s30.t (id int PRIMARY KEY, v int)");
        Map<String, String> cfg = pg.connectorConfig("it30", "slot_it30", "pub_it30");
        cfg.put("table.include.list", "s30\\.t");
        cfg.put("retriable.restart.connector.wait.ms", "1000");
        connect.deploy("pg-it30", cfg);
        pg.awaitSlot("slot_it30");
        for (int i = 1; i <= 50; i++) {
            pg.execute("INSERT INTO s30.t VALUES (" + i + ", " + i + ")");
        }
        assertEquals(50, connect.consumeCommitted(50, TIMEOUT, "it30.s30.t").size());
        pg.restart();
        for (int i = 51; i <= 100; i++) {
            pg.execute("INSERT INTO s30.t VALUES (" + i + ", " + i + ")");
        }
        List<Event> events = ChangeEvents.parse(connect.consumeCommitted(100, TIMEOUT, "it30.s30.t"));
        assertEquals(100, events.size(), "each change once");
        for (int i = 0; i < 100; i++) {
            assertEquals(i + 1, events.get(i).after().get("v").asInt());
        }
        assertEquals("RUNNING", connect.status("pg-it30").tasks().get(0).state());
        connect.connect().deleteConnector("pg-it30");
    }

    @Test
    void recoversFromACrashWhileStreamingALargeTransaction() throws Exception {
        pg.execute("CREATE SCHEMA s31", "CREATE TABLE s31.t (id int PRIMARY KEY, v int, pad text)");
        Map<String, String> cfg = pg.connectorConfig("it31", "slot_it31", "pub_it31");
        cfg.put("table.include.list", "s31\\.t");
        cfg.put("snapshot.mode", "never");
        cfg.put("retriable.restart.connector.wait.ms", "1000");
        cfg.put("transaction.group.max.records", "1000");
        cfg.put("max.queue.size", "200"); // with 9 MB of changes, most of the transaction is still on the server
        connect.deploy("pg-it31", cfg);
        pg.awaitSlot("slot_it31");
        pg.execute(
                "INSERT INTO s31.t SELECT g, g, repeat('x', 300) FROM generate_series(1, 30000) g",
                "INSERT INTO s31.t VALUES (30001, 30001)");
        // Crash once part of the large transaction is in Kafka: the reader resumes inside it after reconnecting.
        connect.consumeCommitted(1000, TIMEOUT, "it31.s31.t");
        pg.crashAndRestart();
        List<Event> events = ChangeEvents.parse(connect.consumeCommitted(30001, TIMEOUT, "it31.s31.t"));
        assertEquals(30001, events.size(), "each change once");
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).after().get("v").asInt());
        }
        assertEquals("RUNNING", connect.status("pg-it31").tasks().get(0).state());
        connect.connect().deleteConnector("pg-it31");
    }
}
