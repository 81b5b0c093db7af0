package io.entitynotifier.connect.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.config.DebeziumKeys.Family;
import io.entitynotifier.connect.common.config.DebeziumKeys.Verdict;

class DebeziumKeysTest {

    private static final ConfigDef COMMON = CommonSourceConfig.configDef();

    @Test
    void catalogueNamesTheConnectorsThatDefineEachKey() {
        assertEquals(Set.of("postgres"), DebeziumKeys.entry("slot.name").connectors());
        assertEquals(
                Set.of("mysql", "mariadb"),
                DebeziumKeys.entry("database.server.id").connectors());
        assertEquals(Set.of("mysql"), DebeziumKeys.entry("database.jdbc.driver").connectors());
        assertEquals(Set.of("oracle"), DebeziumKeys.entry("log.mining.strategy").connectors());
        assertEquals(
                Set.of("mysql", "mariadb", "oracle"),
                DebeziumKeys.entry("schema.history.internal.kafka.topic").connectors());
        assertEquals(
                Set.of("postgres", "mysql", "mariadb", "oracle"),
                DebeziumKeys.entry("event.processing.failure.handling.mode").connectors());
        assertNull(DebeziumKeys.entry("transforms.unwrap.type"));
        assertNull(DebeziumKeys.entry("tasks.max"));
        assertNull(DebeziumKeys.entry("throttle.group"), "the suite's own key is not Debezium's");
        assertTrue(
                DebeziumKeys.catalogue().size() > 250,
                "" + DebeziumKeys.catalogue().size());
    }

    @Test
    void patternedKeysMatchTheirMostSpecificPattern() {
        assertEquals(
                "column.mask.with.<N>.chars",
                DebeziumKeys.entry("column.mask.with.8.chars").key());
        assertNull(DebeziumKeys.entry("column.mask.with.eight.chars"));
        assertEquals(
                "column.mask.hash.<algorithm>.with.salt.<salt>",
                DebeziumKeys.entry("column.mask.hash.SHA-256.with.salt.pepper").key());
        assertEquals(
                "column.mask.hash.v2.<algorithm>.with.salt.<salt>",
                DebeziumKeys.entry("column.mask.hash.v2.SHA-256.with.salt.pepper")
                        .key());
        assertEquals(
                "column.truncate.to.<N>.chars",
                DebeziumKeys.entry("column.truncate.to.4.chars").key());
        assertEquals(
                "snapshot.select.statement.overrides.<table>",
                DebeziumKeys.entry("snapshot.select.statement.overrides.public.orders")
                        .key());
        assertEquals(
                "schema.history.internal.producer.<property>",
                DebeziumKeys.entry("schema.history.internal.producer.acks").key());
    }

    @Test
    void aKeyOfTheConfigDefIsImplemented() {
        Map<String, String> props = Map.of("table.exclude.list", "a.b", "skipped.operations", "d");
        assertTrue(DebeziumKeys.refusals(Family.POSTGRES, COMMON, props).isEmpty());
        assertEquals(
                Verdict.IMPLEMENTED,
                DebeziumKeys.status(Family.SQLITE, COMMON, "table.exclude.list", "x")
                        .verdict());
    }

    @Test
    void aPatternIsImplementedWhenTheConfigDefDefinesThePatternItself() {
        ConfigDef def = CommonSourceConfig.configDef()
                .define("snapshot.select.statement.overrides.<table>", Type.STRING, "", Importance.MEDIUM, "SQL.");
        assertEquals(
                Verdict.IMPLEMENTED,
                DebeziumKeys.status(Family.MYSQL, def, "snapshot.select.statement.overrides.db.t", "SELECT 1")
                        .verdict());
        assertEquals(
                Verdict.REFUSED,
                DebeziumKeys.status(Family.MYSQL, COMMON, "snapshot.select.statement.overrides.db.t", "SELECT 1")
                        .verdict());
    }

    @Test
    void columnMaskingAndTruncationAreImplementedByEveryConnector() {
        Map<String, String> props = Map.of(
                "column.mask.with.8.chars", "inventory.customers.secret",
                "column.mask.hash.SHA-256.with.salt.CzQMA0cB5K", "inventory.customers.email",
                "column.mask.hash.v2.SHA-256.with.salt.CzQMA0cB5K", "inventory.customers.phone",
                "column.truncate.to.4.chars", "inventory.customers.note");
        for (Family f : Family.values()) {
            assertEquals(Map.of(), DebeziumKeys.refusals(f, COMMON, props), f.toString());
        }
    }

    @Test
    void schemaHistoryKeysHaveNoEffectWhereDebeziumKeepsAHistory() {
        Map<String, String> props = Map.of(
                "schema.history.internal.kafka.topic", "h",
                "schema.history.internal.kafka.bootstrap.servers", "k:9092",
                "schema.history.internal.producer.acks", "all");
        assertTrue(DebeziumKeys.refusals(Family.MYSQL, COMMON, props).isEmpty());
        assertTrue(DebeziumKeys.refusals(Family.ORACLE, COMMON, props).isEmpty());
        DebeziumKeys.Status s = DebeziumKeys.status(Family.MYSQL, COMMON, "schema.history.internal.kafka.topic", "h");
        assertEquals(Verdict.NO_EFFECT, s.verdict());
        assertTrue(s.reason().contains("no schema-history topic"), s.reason());
        // PostgreSQL's Debezium connector has no schema history: the key is another connector's, refused.
        Map<String, String> pg = DebeziumKeys.refusals(Family.POSTGRES, COMMON, props);
        assertEquals(props.keySet(), pg.keySet());
        assertTrue(pg.get("schema.history.internal.kafka.topic").contains("MySQL/MariaDB/Oracle"), pg.toString());
        assertEquals(
                props.keySet(),
                DebeziumKeys.refusals(Family.SQLITE, COMMON, props).keySet());
    }

    @Test
    void aKeyAcceptedOnlyWithDebeziumsDefaultIsRefusedWithAnotherValue() {
        assertEquals(
                Verdict.NO_EFFECT,
                DebeziumKeys.status(Family.MYSQL, COMMON, "include.schema.changes", " FALSE ")
                        .verdict());
        DebeziumKeys.Status s = DebeziumKeys.status(Family.MYSQL, COMMON, "include.schema.changes", "true");
        assertEquals(Verdict.REFUSED, s.verdict());
        assertTrue(s.reason().startsWith("only 'false' is supported"), s.reason());
        assertEquals(
                Verdict.NO_EFFECT,
                DebeziumKeys.status(Family.POSTGRES, COMMON, "notification.enabled.channels", "")
                        .verdict());
        assertEquals(
                Verdict.REFUSED,
                DebeziumKeys.status(Family.POSTGRES, COMMON, "notification.enabled.channels", "sink")
                        .verdict());
    }

    @Test
    void exactRulesWinOverPrefixes() {
        assertEquals(
                Verdict.NO_EFFECT,
                DebeziumKeys.status(Family.POSTGRES, COMMON, "signal.enabled.channels", "source")
                        .verdict());
        assertEquals(
                Verdict.REFUSED,
                DebeziumKeys.status(Family.POSTGRES, COMMON, "signal.data.collection", "public.s")
                        .verdict());
        assertEquals(
                Verdict.REFUSED,
                DebeziumKeys.status(Family.POSTGRES, COMMON, "internal.log.position.check.enable", "true")
                        .verdict());
    }

    @Test
    void customConvertersAndTheirSettingsAreRefused() {
        Map<String, String> props = new HashMap<>();
        props.put("converters", "boolean");
        props.put("boolean.type", "io.debezium.connector.binlog.converters.TinyIntOneToBooleanConverter");
        props.put("boolean.selector", "db.t.c");
        props.put("transforms", "unwrap");
        props.put("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
        Map<String, String> refused = DebeziumKeys.refusals(Family.MYSQL, COMMON, props);
        assertEquals(Set.of("converters", "boolean.type", "boolean.selector"), refused.keySet());
    }

    @Test
    void startFailsOnARefusedKey() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> DebeziumKeys.enforce(
                        Family.POSTGRES, COMMON, Map.of("signal.data.collection", "x", "topic.prefix", "p")));
        assertTrue(e.getMessage().contains("'signal.data.collection'"), e.getMessage());
        DebeziumKeys.enforce(Family.POSTGRES, COMMON, Map.of("topic.prefix", "p", "transforms", "x"));
    }

    @Test
    void everyStatusLineMatchesACatalogueKey() {
        for (DebeziumKeys.Rule r : DebeziumKeys.rules()) {
            boolean matches = DebeziumKeys.catalogue().stream()
                    .anyMatch(e -> r.prefix()
                            ? e.key()
                                    .startsWith(r.match().substring(0, r.match().length() - 1))
                            : e.key().equals(r.match()));
            assertTrue(matches, "debezium-key-status.tsv: '" + r.match() + "' is no Debezium key");
            assertNotNull(r.reason());
        }
    }
}
