package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SnapshotLockingModeTest {

    private static Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put("database.hostname", "localhost");
        m.put("database.user", "u");
        m.put("database.server.id", "5");
        m.put("topic.prefix", "p");
        return m;
    }

    @Test
    void debeziumDefaultsAndValues() {
        MySqlConnectorConfig c = new MySqlConnectorConfig(base());
        assertEquals(SnapshotLockingMode.MINIMAL, c.snapshotLockingMode());
        assertEquals(10_000L, c.snapshotLockTimeoutMs());
        assertEquals(600_000, c.queryTimeoutMs());
        Map<String, String> m = base();
        m.put("snapshot.locking.mode", "Extended");
        assertEquals(SnapshotLockingMode.EXTENDED, new MySqlConnectorConfig(m).snapshotLockingMode());
        m.put("snapshot.locking.mode", "none");
        assertEquals(SnapshotLockingMode.NONE, new MySqlConnectorConfig(m).snapshotLockingMode());
    }

    @Test
    void debeziumValuesNotImplementedAreRefusedByName() {
        Map<String, String> m = base();
        m.put("snapshot.locking.mode", "minimal_percona");
        ConfigException e = assertThrows(ConfigException.class, () -> new MySqlConnectorConfig(m));
        assertTrue(e.getMessage().contains("minimal_percona") && e.getMessage().contains("minimal, extended or none"));
        m.put("snapshot.locking.mode", "sometimes");
        assertThrows(ConfigException.class, () -> new MySqlConnectorConfig(m));
        m.put("snapshot.locking.mode", "minimal");
        m.put("snapshot.lock.timeout.ms", "0");
        assertThrows(ConfigException.class, () -> new MySqlConnectorConfig(m));
    }
}
