package io.entitynotifier.connect.common.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;

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
