package io.entitynotifier.connect.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** {@code topic.prefix} becomes the start of every topic name, so it may hold only what Kafka allows there. */
public final class TopicPrefixValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return; // "missing required configuration" is reported by ConfigDef itself
        }
        String s = value.toString();
        if (s.isBlank()) {
            throw new ConfigException(name, value, "must not be empty");
        }
        if (s.length() > 200) {
            throw new ConfigException(
                    name,
                    value,
                    "is longer than 200 characters; topic names derived from it would "
                            + "exceed Kafka's 249-character limit");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                throw new ConfigException(
                        name,
                        value,
                        "may contain only ASCII letters, digits, '.', '_' and '-' " + "(found '" + c + "')");
            }
        }
    }

    @Override
    public String toString() {
        return "non-empty string of [a-zA-Z0-9._-]";
    }
}
