package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Debezium's database.server.id default and snapshot.mode values, without a server. */
class MySqlDebeziumKeysTest {

    private static Map<String, String> base() {
        Map<String, String> c = new HashMap<>();
        c.put("database.hostname", "localhost");
        c.put("database.user", "u");
        c.put("topic.prefix", "p");
        return c;
    }

    @Test
    void withoutAServerIdOneIsChosenInDebeziumsRangeAndKeptByTheConfig() {
        for (int i = 0; i < 200; i++) {
            MySqlConnectorConfig config = new MySqlConnectorConfig(base());
            long id = config.serverId();
            assertTrue(id >= 5400 && id < 6400, "" + id);
            assertEquals(id, config.serverId());
        }
        Map<String, String> c = base();
        c.put("database.server.id", "184054");
        assertEquals(184054L, new MySqlConnectorConfig(c).serverId());
        c.put("database.server.id", "0");
        assertThrows(ConfigException.class, () -> new MySqlConnectorConfig(c));
    }

    @Test
    void snapshotModesOfDebezium() {
        for (String mode :
                new String[] {"initial", "initial_only", "when_needed", "no_data", "always", "never", "NO_DATA"}) {
            Map<String, String> c = base();
            c.put("snapshot.mode", mode);
            new MySqlConnectorConfig(c).snapshotMode();
        }
        Map<String, String> c = base();
        c.put("snapshot.mode", "recovery");
        ConfigException e = assertThrows(ConfigException.class, () -> new MySqlConnectorConfig(c));
        assertTrue(e.getMessage().contains("schema-history topic"), e.getMessage());
        c.put("snapshot.mode", "schema_only");
        e = assertThrows(ConfigException.class, () -> new MySqlConnectorConfig(c));
        assertTrue(e.getMessage().contains("no_data"), e.getMessage());
        c.put("snapshot.mode", "sometimes");
        e = assertThrows(ConfigException.class, () -> new MySqlConnectorConfig(c));
        assertTrue(e.getMessage().contains("must be one of initial, never"), e.getMessage());
        assertTrue(SnapshotMode.NO_DATA.streams() && !SnapshotMode.NO_DATA.snapshotsWithoutOffset());
    }
}
