package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.config.ConfigReference;

/** The generator behind docs/config/*.md: it refuses undocumented keys and marks required keys and defaults. */
class ConfigReferenceTest {

    @Test
    void aKeyWithoutDocumentationFailsTheBuild() {
        ConfigDef def = new ConfigDef()
                .define("documented", Type.STRING, "x", Importance.LOW, "Has a doc.")
                .define("undocumented", Type.STRING, "x", Importance.LOW, " ");
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ConfigReference.markdown("com.example.Connector", def));
        assertTrue(e.getMessage().contains("[undocumented]"), e.getMessage());
    }

    @Test
    void marksRequiredKeysDefaultsAndEscapesMarkdown() {
        ConfigDef def = new ConfigDef()
                .define(
                        "database.hostname",
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        Importance.HIGH,
                        "Host to connect to.",
                        "Connection",
                        1,
                        ConfigDef.Width.MEDIUM,
                        "Host")
                .define(
                        "database.port",
                        Type.INT,
                        5432,
                        ConfigDef.Range.between(1, 65535),
                        Importance.HIGH,
                        "Port; topics are <prefix>.<table> | piped",
                        "Connection",
                        2,
                        ConfigDef.Width.SHORT,
                        "Port")
                .define(
                        "database.password",
                        Type.PASSWORD,
                        "",
                        Importance.HIGH,
                        "Password.",
                        "Connection",
                        3,
                        ConfigDef.Width.SHORT,
                        "Password")
                .define(
                        "table.include.list",
                        Type.LIST,
                        "",
                        Importance.HIGH,
                        "Tables.",
                        "Events",
                        1,
                        ConfigDef.Width.LONG,
                        "Tables");
        String md = ConfigReference.markdown("com.example.PgConnector", def);
        assertTrue(md.startsWith("# PgConnector configuration reference"), md);
        assertTrue(md.contains("Required keys: `database.hostname`"), md);
        assertTrue(md.contains("| `database.hostname` | string | **required** |"), md);
        assertTrue(md.contains("| `database.port` | int | `5432` | [1,...,65535] | high |"), md);
        assertTrue(md.contains("&lt;prefix&gt;.&lt;table&gt; \\| piped"), md);
        assertTrue(md.contains("| `database.password` | password | \"\" |"), md);
        assertTrue(md.indexOf("## Connection") < md.indexOf("## Events"), "groups in definition order");
    }
}
