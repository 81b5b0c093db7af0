package io.entitynotifier.connect.mysql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.mysql.MySqlConnectorConfig;

class ServerConnectionsTest {

    private static MySqlConnectorConfig config(String queryTimeout, String lockTimeout) {
        Map<String, String> m = new HashMap<>();
        m.put("database.hostname", "localhost");
        m.put("database.user", "u");
        m.put("database.server.id", "5");
        m.put("topic.prefix", "p");
        m.put("database.query.timeout.ms", queryTimeout);
        m.put("snapshot.lock.timeout.ms", lockTimeout);
        return new MySqlConnectorConfig(m);
    }

    @Test
    void socketTimeoutIsTheQueryTimeoutButOutlastsALockWait() {
        assertEquals(600_000, ServerConnections.socketTimeoutMs(config("600000", "10000")));
        assertEquals(15_000, ServerConnections.socketTimeoutMs(config("2000", "10000")));
        assertEquals(0, ServerConnections.socketTimeoutMs(config("0", "10000")));
    }
}
