package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class OracleConnectorConfigTest {

    static Map<String, String> base() {
        Map<String, String> p = new HashMap<>();
        p.put("topic.prefix", "t");
        p.put("database.hostname", "db.example.com");
        p.put("database.dbname", "ORCLCDB");
        return p;
    }

    @Test
    void typeModeKeysDefaultToDebeziumsAndRefuseOthers() {
        Map<String, String> p = base();
        OracleConnectorConfig c = new OracleConnectorConfig(p);
        assertEquals(TemporalMode.ADAPTIVE, c.temporalMode());
        assertEquals(IntervalMode.NUMERIC, c.intervalMode());
        p.put("time.precision.mode", "CONNECT");
        p.put("interval.handling.mode", "string");
        c = new OracleConnectorConfig(p);
        assertEquals(TemporalMode.CONNECT, c.temporalMode());
        assertEquals(IntervalMode.STRING, c.intervalMode());
        for (String[] bad : new String[][] {{"time.precision.mode", "isostring"}, {"interval.handling.mode", "text"}}) {
            Map<String, String> q = base();
            q.put(bad[0], bad[1]);
            org.apache.kafka.common.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.apache.kafka.common.config.ConfigException.class, () -> new OracleConnectorConfig(q));
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
    }

    @Test
    void buildsTheThinUrlAndKeepsDebeziumNames() {
        Map<String, String> p = base();
        p.put("database.pdb.name", "orclpdb1");
        OracleConnectorConfig c = new OracleConnectorConfig(p);
        assertEquals("jdbc:oracle:thin:@//db.example.com:1521/ORCLCDB", c.jdbcUrl());
        assertEquals("ORCLPDB1", c.pdbName());
        assertEquals("LOG_MINING_FLUSH", c.flushTable());
        assertTrue(c.snapshotData());
        p.put("snapshot.mode", "SCHEMA_ONLY"); // Debezium's older name for no_data
        assertFalse(new OracleConnectorConfig(p).snapshotData());
        p.put("snapshot.mode", "no_data");
        assertFalse(new OracleConnectorConfig(p).snapshotData());
        p.put("database.url", " jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=h)(PORT=1)))");
        assertEquals(
                "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=h)(PORT=1)))", new OracleConnectorConfig(p).jdbcUrl());
        p.remove("database.pdb.name");
        assertNull(new OracleConnectorConfig(p).pdbName());
    }

    /** Set by {@link NotADialect}'s static initializer (read here without touching that class). */
    static final java.util.concurrent.atomic.AtomicBoolean NOT_A_DIALECT_RAN =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** Not an OracleDialect; its static initializer must never run when it is named as the dialect. */
    static final class NotADialect {
        static {
            NOT_A_DIALECT_RAN.set(true);
        }
    }

    @Test
    void tenantIsolationRefusesOperatorKeysAndTheDialectIsTypeCheckedBeforeItRuns() {
        Map<String, String> p = base();
        p.put("database.user", "u");
        p.put("database.dialect.class", OracleConnectorConfigTest.class.getName() + "$NotADialect");
        Map<String, ConfigValue> values = new HashMap<>();
        OracleConnectorConfig.validateFields(p, values);
        assertTrue(values.get("database.dialect.class").errorMessages().get(0).contains("not an implementation"));
        assertFalse(NOT_A_DIALECT_RAN.get(), "the class was type-checked without being initialized");

        p.put("database.dialect.class", H2TestDialect.class.getName());
        p.remove("database.hostname");
        p.put("database.url", "jdbc:oracle:thin:@//h:1521/S");
        p.put("tenant.isolation", "schema");
        p.put("tenant.scope", "ACME");
        values = new HashMap<>();
        OracleConnectorConfig.validateFields(p, values);
        assertTrue(values.get("database.url").errorMessages().get(0).contains("operator-only"));
        assertTrue(values.get("database.dialect.class").errorMessages().get(0).contains("operator-only"));

        p.remove("tenant.isolation");
        values = new HashMap<>();
        OracleConnectorConfig.validateFields(p, values);
        assertFalse(values.containsKey("database.url"));
        assertFalse(values.containsKey("database.dialect.class"));
    }

    @Test
    void hostAndServiceNamesCannotCarryUrlSyntax() {
        Map<String, String> p = base();
        p.put("database.dbname", "ORCL?oracle.net.encryption_client=REJECTED");
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.kafka.common.config.ConfigException.class, () -> new OracleConnectorConfig(p));
        assertTrue(e.getMessage().contains("database.dbname"), e.getMessage());
        p.put("database.dbname", "ORCLCDB");
        p.put("database.hostname", "h:1/x");
        e = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.kafka.common.config.ConfigException.class, () -> new OracleConnectorConfig(p));
        assertTrue(e.getMessage().contains("database.hostname"), e.getMessage());
    }

    @Test
    void crossFieldErrorsGoToTheKeyToChange() {
        Map<String, String> p = base();
        p.put("database.pdb.name", "PDB; DROP");
        p.put("log.mining.flush.table.name", "x.y");
        p.put("log.mining.sleep.time.min.ms", "5000");
        Map<String, ConfigValue> values = new HashMap<>();
        OracleConnectorConfig.validateFields(p, values);
        assertTrue(values.get("database.pdb.name").errorMessages().get(0).contains("not a container name"));
        assertTrue(
                values.get("log.mining.flush.table.name").errorMessages().get(0).contains("plain table name"));
        assertTrue(values.get("log.mining.sleep.time.min.ms")
                .errorMessages()
                .get(0)
                .contains("larger than"));
        assertFalse(values.containsKey("database.hostname"));
        assertTrue(values.get("database.user").errorMessages().get(0).contains("required"));
    }
}
