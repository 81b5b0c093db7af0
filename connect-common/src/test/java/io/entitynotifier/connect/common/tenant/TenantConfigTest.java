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
        assertTrue(errors(v, "topic.prefix").get(0).contains("does not start with tenant.id 'acme'"));
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
        TenantScope db = new TenantScope(TenantScope.Isolation.DATABASE, "shop", true);
        assertTrue(db.allows(new TableId("shop", null, "t")));
        assertFalse(db.allows(new TableId("other", null, "t")));
        assertEquals(List.of("other\\.t"), db.entriesOutsideScope(List.of("shop\\.t", "other\\.t")));
    }
}
