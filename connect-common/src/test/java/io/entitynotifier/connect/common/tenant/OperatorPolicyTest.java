package io.entitynotifier.connect.common.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.throttle.ThrottleConfig;

class OperatorPolicyTest {

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(OperatorPolicy.SYSTEM_PROPERTY);
    }

    Path policy(String... lines) throws Exception {
        Path f = dir.resolve("operator.properties");
        Files.writeString(f, String.join("\n", lines) + "\n");
        System.setProperty(OperatorPolicy.SYSTEM_PROPERTY, f.toString());
        return f;
    }

    static Map<String, ConfigValue> validate(Map<String, String> props) {
        Map<String, ConfigValue> values = new HashMap<>();
        OperatorPolicyChecks.validate(props, values);
        return values;
    }

    static List<String> errors(Map<String, ConfigValue> values, String key) {
        ConfigValue v = values.get(key);
        return v == null ? List.of() : v.errorMessages();
    }

    static AbstractConfig config(Map<String, String> props) {
        ConfigDef def = new ConfigDef();
        TenantConfig.define(def);
        ThrottleConfig.define(def);
        return new AbstractConfig(def, props);
    }

    @Test
    void withoutAPolicyFileEverythingIsAllowedAsBefore() {
        OperatorPolicy p = OperatorPolicy.current();
        assertSame(OperatorPolicy.NONE, p);
        assertTrue(p.none());
        assertFalse(p.coordinates());
        assertFalse(p.restrictsSqlite());
        Map<String, String> member = Map.of(
                "throttle.group",
                "shared",
                "throttle.group.max.events.per.second",
                "1e6",
                "tenant.priority",
                "critical");
        assertTrue(validate(member).isEmpty());
        OperatorPolicyChecks.checkAtStart(config(member));
        assertEquals(1e6, OperatorPolicyChecks.groupBudget(p, "shared", 1e6));
    }

    @Test
    void readsGroupsCoordinationAndAllowedDirs() throws Exception {
        policy(
                "throttle.group.gold.tier.max.events.per.second=500",
                "throttle.group.gold.tier.max.priority=high",
                "throttle.group.bronze.max.priority=low",
                "throttle.coordination.bootstrap.servers=k1:9092,k2:9092",
                "throttle.coordination.topic=_throttle",
                "throttle.coordination.client.security.protocol=SSL",
                "sqlite.allowed.dirs=/data/{tenant}, /shared");
        OperatorPolicy p = OperatorPolicy.current();
        assertEquals(500.0, p.groupBudget("gold.tier"));
        assertEquals(0.0, p.groupBudget("bronze"), "no budget set: the member's applies");
        assertEquals(TenantConfig.Priority.HIGH, p.groupMaxPriority("gold.tier"));
        assertEquals(TenantConfig.Priority.LOW, p.groupMaxPriority("bronze"));
        assertNull(p.groupMaxPriority("other"));
        assertTrue(p.coordinates());
        assertEquals("_throttle", p.coordinationTopic());
        assertEquals(
                Map.of("bootstrap.servers", "k1:9092,k2:9092", "security.protocol", "SSL"), p.coordinationClient());
        assertEquals(List.of(Path.of("/data/acme"), Path.of("/shared")), p.sqliteAllowedDirs("acme"));
        assertEquals(List.of(Path.of("/shared")), p.sqliteAllowedDirs(""), "{tenant} needs a tenant.id");
        assertEquals(500.0, OperatorPolicyChecks.groupBudget(p, "gold.tier", 100), "the operator's budget is enforced");
        assertEquals(100.0, OperatorPolicyChecks.groupBudget(p, "bronze", 100));
    }

    @Test
    void aMemberCannotRaiseTheGroupBudget() throws Exception {
        policy("throttle.group.shared.max.events.per.second=300");
        var v = validate(Map.of("throttle.group", "shared", "throttle.group.max.events.per.second", "5000"));
        List<String> e = errors(v, "throttle.group.max.events.per.second");
        assertEquals(1, e.size(), v.toString());
        assertTrue(e.get(0).contains("above the budget the operator set for throttle group 'shared' (300.0"), e.get(0));
        assertTrue(validate(Map.of("throttle.group", "shared", "throttle.group.max.events.per.second", "300"))
                .isEmpty());
        assertTrue(validate(Map.of("throttle.group", "shared")).isEmpty(), "0: the operator's budget applies");
        assertTrue(
                validate(Map.of("throttle.group", "other", "throttle.group.max.events.per.second", "5000"))
                        .isEmpty(),
                "a group the operator did not define keeps its members' budget");
        // task start: a config that bypassed validate (or a policy changed later) fails with the same message
        var start = assertThrows(
                ConfigException.class,
                () -> OperatorPolicyChecks.checkAtStart(
                        config(Map.of("throttle.group", "shared", "throttle.group.max.events.per.second", "5000"))));
        assertTrue(start.getMessage().contains("throttle.group.max.events.per.second"), start.getMessage());
        assertTrue(start.getMessage().contains(e.get(0)), start.getMessage());
        OperatorPolicyChecks.checkAtStart(
                config(Map.of("throttle.group", "shared", "throttle.group.max.events.per.second", "300")));
        OperatorPolicyChecks.checkAtStart(config(Map.of("throttle.group", "shared")));
        OperatorPolicyChecks.checkAtStart(
                config(Map.of("throttle.group", "other", "throttle.group.max.events.per.second", "5000")));
    }

    @Test
    void aMemberCannotClaimMoreThanTheGroupsMaxPriority() throws Exception {
        policy("throttle.group.shared.max.priority=normal");
        Map<String, String> critical = Map.of("throttle.group", "shared", "tenant.priority", "critical");
        List<String> e = errors(validate(critical), "tenant.priority");
        assertEquals(1, e.size());
        assertTrue(
                e.get(0)
                        .contains("above the highest priority the operator allows in throttle group 'shared' "
                                + "(normal"),
                e.get(0));
        var start = assertThrows(ConfigException.class, () -> OperatorPolicyChecks.checkAtStart(config(critical)));
        assertTrue(start.getMessage().contains("tenant.priority"), start.getMessage());
        Map<String, String> normal = Map.of("throttle.group", "shared", "tenant.priority", "NORMAL");
        assertTrue(validate(normal).isEmpty());
        OperatorPolicyChecks.checkAtStart(config(normal));
        OperatorPolicyChecks.checkAtStart(config(Map.of("throttle.group", "shared", "tenant.priority", "low")));
        OperatorPolicyChecks.checkAtStart(config(Map.of("tenant.priority", "critical"))); // in no group
    }

    @Test
    void tenantConfigValidateAndStartApplyThePolicy() throws Exception {
        policy("throttle.group.shared.max.priority=high");
        Map<String, String> props = Map.of("throttle.group", "shared", "tenant.priority", "critical");
        Map<String, ConfigValue> values = new HashMap<>();
        TenantConfig.validate(props, values, false);
        assertEquals(1, errors(values, "tenant.priority").size());
        ConfigDef def = new ConfigDef();
        TenantConfig.define(def);
        ThrottleConfig.define(def);
        def.define("topic.prefix", ConfigDef.Type.STRING, "p", ConfigDef.Importance.HIGH, "prefix");
        assertThrows(ConfigException.class, () -> TenantConfig.checkAtStart(new AbstractConfig(def, props)));
    }

    @Test
    void anUnreadableOrInvalidPolicyFailsClosed() throws Exception {
        System.setProperty(
                OperatorPolicy.SYSTEM_PROPERTY,
                dir.resolve("missing.properties").toString());
        var e = assertThrows(IllegalStateException.class, OperatorPolicy::current);
        assertTrue(e.getMessage().contains("missing.properties"), e.getMessage());
        assertEquals(1, errors(validate(Map.of()), "tenant.id").size(), "validate reports it");
        policy("throttle.group.g.max.events.per.second=lots");
        assertThrows(IllegalStateException.class, OperatorPolicy::current);
        policy("throttle.group.g.max.priority=urgent");
        assertThrows(IllegalStateException.class, OperatorPolicy::current);
        policy("throttle.coordination.topic=t");
        assertThrows(IllegalStateException.class, OperatorPolicy::current, "topic without bootstrap servers");
    }

    @Test
    void aChangedFileIsReadAgain() throws Exception {
        Path f = policy("throttle.group.g.max.events.per.second=100");
        assertEquals(100.0, OperatorPolicy.current().groupBudget("g"));
        Files.writeString(f, "throttle.group.g.max.events.per.second=250\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Path other = dir.resolve("other.properties"); // a different file is read at once
        Files.writeString(other, "throttle.group.g.max.events.per.second=42\n");
        System.setProperty(OperatorPolicy.SYSTEM_PROPERTY, other.toString());
        assertEquals(42.0, OperatorPolicy.current().groupBudget("g"));
        System.setProperty(OperatorPolicy.SYSTEM_PROPERTY, f.toString());
        assertEquals(250.0, OperatorPolicy.current().groupBudget("g"));
    }
}
