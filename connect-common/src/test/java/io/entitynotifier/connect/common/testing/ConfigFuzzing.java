package io.entitynotifier.connect.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;

import io.entitynotifier.connect.common.config.DebeziumKeys;

/**
 * Gives every key of a connector's {@code ConfigDef} a malformed value through {@code PUT
 * /connector-plugins/{class}/config/validate} and requires an error naming that key, and no stack trace anywhere.
 */
public final class ConfigFuzzing {

    private ConfigFuzzing() {}

    /** @return how many keys were tried */
    public static int assertMalformedValuesAreNamed(
            ConnectTestCluster cluster, String connectorClass, ConfigDef definition, Map<String, String> validConfig) {
        int tried = 0;
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            String bad = malformed(key);
            if (bad == null) {
                continue;
            }
            tried++;
            Map<String, String> cfg = new HashMap<>(validConfig);
            cfg.put(key.name, bad);
            ConfigInfos r = cluster.validate(connectorClass, cfg);
            List<String> errors = ConnectTestCluster.errorsFor(r, key.name);
            assertFalse(errors.isEmpty(), key.name + "=" + bad + " was accepted");
            for (ConfigInfo info : r.configs()) {
                for (String e : info.configValue().errors()) {
                    assertFalse(e.contains("Exception") || e.contains("\tat "), key.name + ": " + e);
                }
            }
        }
        return tried;
    }

    /**
     * Sets every Debezium key of the catalogue that {@code definition} does not implement, through {@code PUT
     * /connector-plugins/{class}/config/validate}: each refused one (with any value, or with a value other than the
     * accepted ones) must get an error on that key saying it is refused and why; each accepted-without-effect one (with
     * an accepted value) must get none.
     *
     * @return how many keys were tried
     */
    public static int assertDebeziumKeysAreNamed(
            ConnectTestCluster cluster,
            String connectorClass,
            DebeziumKeys.Family family,
            ConfigDef definition,
            Map<String, String> validConfig) {
        Map<String, String> refused = new TreeMap<>();
        Map<String, String> accepted = new TreeMap<>();
        for (DebeziumKeys.Entry e : DebeziumKeys.catalogue()) {
            String key = e.key().replace("<N>", "8").replaceAll("<[^>]*>", "x");
            if (validConfig.containsKey(key) || key.equals("converters") || key.equals("post.processors")) {
                continue;
            }
            DebeziumKeys.Status any = DebeziumKeys.status(family, definition, key, null);
            if (any.verdict() == DebeziumKeys.Verdict.IMPLEMENTED) {
                continue;
            }
            if (any.verdict() == DebeziumKeys.Verdict.REFUSED) {
                refused.put(key, "x");
            } else if (any.rule().accepted() == null) {
                accepted.put(key, "x");
            } else {
                accepted.put(key, any.rule().accepted().iterator().next());
                refused.put(key, "not-" + any.rule().accepted().iterator().next());
            }
        }
        refused.put("converters", "c1");
        refused.put("c1.type", "com.example.Converter");
        Map<String, String> withAccepted = new HashMap<>(validConfig);
        withAccepted.putAll(accepted);
        ConfigInfos ok = cluster.validate(connectorClass, withAccepted);
        for (String key : accepted.keySet()) {
            assertTrue(
                    ConnectTestCluster.errorsFor(ok, key).isEmpty(),
                    key + ": " + ConnectTestCluster.errorsFor(ok, key));
        }
        Map<String, String> withRefused = new HashMap<>(validConfig);
        withRefused.putAll(refused);
        ConfigInfos bad = cluster.validate(connectorClass, withRefused);
        for (String key : refused.keySet()) {
            List<String> errors = ConnectTestCluster.errorsFor(bad, key);
            assertEquals(1, errors.size(), key + " was not refused by name: " + errors);
            assertTrue(
                    errors.get(0).startsWith("'" + key + "' is a Debezium setting that this connector refuses: "),
                    errors.get(0));
        }
        return accepted.size() + refused.size();
    }

    /** A value {@code key} must reject by its own type or validator, or null where every string is acceptable. */
    static String malformed(ConfigDef.ConfigKey key) {
        return switch (key.type) {
            case INT, LONG, SHORT -> "twelve";
            case DOUBLE -> "fast";
            case BOOLEAN -> "maybe";
            case LIST, STRING -> {
                for (String candidate : new String[] {"\u0000not-valid ?!", "(unclosed", "", " "}) {
                    if (rejects(key, candidate)) {
                        yield candidate;
                    }
                }
                yield null;
            }
            default -> null;
        };
    }

    private static boolean rejects(ConfigDef.ConfigKey key, String value) {
        if (key.validator == null) {
            return false;
        }
        try {
            key.validator.ensureValid(key.name, ConfigDef.parseType(key.name, value, key.type));
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }
}
