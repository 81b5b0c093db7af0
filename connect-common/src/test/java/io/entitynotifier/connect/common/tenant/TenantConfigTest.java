package io.entitynotifier.connect.common.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.TableId;

class TenantConfigTest {

    static Map<String, ConfigValue> validate(Map<String, String> props, boolean namespaceIsDb) {
        Map<String, ConfigValue> values = new HashMap<>();
        TenantConfig.validate(props, values, namespaceIsDb);
        return values;
    }

    static List<String> errors(Map<String, ConfigValue> v, String key) {
        return v.containsKey(key) ? v.get(key).errorMessages() : List.of();
    }

    @Test
    void topicPrefixMustBelongToTheTenant() {
        var v = validate(Map.of("tenant.id", "acme", "topic.prefix", "globex.orders"), false);
        assertTrue(errors(v, "topic.prefix").get(0).contains("does not belong to tenant.id 'acme'"));
        // Another tenant's namespace: 'acme-corp' and 'acme_eu' are not acme's, and a prefixed ACL 'acme.' is exact.
        for (String other : List.of("acme-corp.orders", "acme_eu", "acmecorp.orders")) {
            assertTrue(
                    errors(validate(Map.of("tenant.id", "acme", "topic.prefix", other), false), "topic.prefix")
                            .get(0)
                            .contains("does not belong to tenant.id 'acme'"),
                    other);
        }
        assertTrue(errors(validate(Map.of("tenant.id", "acme", "topic.prefix", "acme"), false), "topic.prefix")
                .isEmpty());
        // A dotted tenant id would make 'acme.eu.x' belong to both 'acme' and 'acme.eu'.
        assertTrue(errors(validate(Map.of("tenant.id", "acme.eu", "topic.prefix", "acme.eu.x"), false), "tenant.id")
                .get(0)
                .contains("only letters, digits"));
        assertTrue(errors(validate(Map.of("tenant.id", "acme", "topic.prefix", "acme.orders"), false), "topic.prefix")
                .isEmpty());
        assertTrue(errors(
                        validate(
                                Map.of(
                                        "tenant.id",
                                        "acme",
                                        "topic.prefix",
                                        "globex",
                                        "tenant.topic.prefix.check",
                                        "false"),
                                false),
                        "topic.prefix")
                .isEmpty());
    }

    @Test
    void taskStartChecksTheTenantAgain() {
        org.apache.kafka.common.config.ConfigDef def = new org.apache.kafka.common.config.ConfigDef();
        TenantConfig.define(def);
        def.define(
                "topic.prefix",
                org.apache.kafka.common.config.ConfigDef.Type.STRING,
                org.apache.kafka.common.config.ConfigDef.Importance.HIGH,
                "prefix");
        var bad = new org.apache.kafka.common.config.AbstractConfig(
                def, Map.of("tenant.id", "acme", "topic.prefix", "acme-corp.orders"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.kafka.common.config.ConfigException.class, () -> TenantConfig.checkAtStart(bad));
        assertTrue(e.getMessage().contains("topic.prefix"), e.getMessage());
        TenantConfig.checkAtStart(new org.apache.kafka.common.config.AbstractConfig(
                def, Map.of("tenant.id", "acme", "topic.prefix", "acme.orders")));
        TenantConfig.checkAtStart(new org.apache.kafka.common.config.AbstractConfig(
                def, Map.of("tenant.id", "acme", "topic.prefix", "elsewhere", "tenant.topic.prefix.check", "false")));
    }

    @Test
    void includeListMustStayInsideTheScope() {
        var v = validate(
                Map.of(
                        "tenant.isolation",
                        "schema",
                        "tenant.scope",
                        "tenant_a",
                        "table.include.list",
                        "tenant_a\\.orders,tenant_b\\.orders,.*"),
                false);
        String e = errors(v, "table.include.list").get(0);
        assertTrue(e.contains("tenant_b\\.orders") && e.contains(".*"), e);
        assertFalse(e.contains("[tenant_a"), e);
        assertTrue(errors(validate(Map.of("tenant.isolation", "schema"), false), "tenant.scope")
                .get(0)
                .contains("needs tenant.scope"));
    }

    @Test
    void runTimeScopeCheck() {
        TenantScope schema = new TenantScope(TenantScope.Isolation.SCHEMA, "a", false);
        assertTrue(schema.allows(new TableId("db", "a", "t")));
        assertFalse(schema.allows(new TableId("db", "b", "t")));
        // quoted identifiers: schema "A" is not schema a (PostgreSQL, Oracle; MySQL databases on Linux)
        assertFalse(schema.allows(new TableId("db", "A", "t")));
        TenantScope acme = new TenantScope(TenantScope.Isolation.SCHEMA, "Acme", false);
        assertTrue(acme.allows(new TableId("db", "Acme", "t")));
        assertFalse(acme.allows(new TableId("db", "acme", "t")));
        assertFalse(acme.allows(new TableId("db", "ACME", "t")));
        TenantScope db = new TenantScope(TenantScope.Isolation.DATABASE, "shop", true);
        assertTrue(db.allows(new TableId("shop", null, "t")));
        assertFalse(db.allows(new TableId("other", null, "t")));
        assertFalse(db.allows(new TableId("Shop", null, "t")));
        assertEquals(List.of("other\\.t"), db.entriesOutsideScope(List.of("shop\\.t", "other\\.t")));
    }
}
