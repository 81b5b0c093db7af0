package io.entitynotifier.connect.common.config;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Checks that every entry of a comma-separated list is a valid regular expression, naming the bad one. */
public final class RegexListValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        @SuppressWarnings("unchecked") // a ConfigDef.Type.LIST value is always parsed into a List<String>
        List<String> entries = (List<String>) value;
        for (String entry : entries) {
            try {
                Pattern.compile(entry.trim());
            } catch (PatternSyntaxException e) {
                throw new ConfigException(
                        name,
                        entry,
                        "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
    }

    @Override
    public String toString() {
        return "comma-separated list of regular expressions";
    }
}
