package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.config.DebeziumKeys;
import io.entitynotifier.connect.common.config.DebeziumKeys.Family;
import io.entitynotifier.connect.common.config.DebeziumKeys.Verdict;
import io.entitynotifier.connect.common.config.DebeziumKeysReference;

/**
 * docs/migrating-from-debezium.md holds the table of every Debezium key that {@link DebeziumKeysReference} generates
 * from the connectors' ConfigDefs and the catalogue: this fails when the committed table differs. To regenerate, run
 * this test with {@code -Ddocs.regenerate=true}.
 */
class DebeziumKeysDocTest {

    static final Path DOC = Path.of("../docs/migrating-from-debezium.md");

    static Map<Family, ConfigDef> definitions() throws Exception {
        return DebeziumKeysReference.definitions(List.of(
                "POSTGRES=io.entitynotifier.connect.postgres.PostgresSourceConnector",
                "MYSQL=io.entitynotifier.connect.mysql.MySqlSourceConnector",
                "ORACLE=io.entitynotifier.connect.oracle.OracleSourceConnector",
                "SQLITE=io.entitynotifier.connect.sqlite.SqliteSourceConnector"));
    }

    @Test
    void theCommittedTableIsTheGeneratedOne() throws Exception {
        Map<Family, ConfigDef> defs = definitions();
        String committed = Files.readString(DOC, StandardCharsets.UTF_8);
        String generated = DebeziumKeysReference.replaceSection(committed, DebeziumKeysReference.table(defs));
        if (Boolean.getBoolean("docs.regenerate")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(
                generated,
                committed,
                DOC + " is out of date: run DebeziumKeysDocTest with -Ddocs.regenerate=true and commit the result");
    }

    @Test
    void everyDebeziumKeyOfAConnectorIsListedWithAStatus() throws Exception {
        Map<Family, ConfigDef> defs = definitions();
        String committed = Files.readString(DOC, StandardCharsets.UTF_8);
        for (DebeziumKeys.Entry e : DebeziumKeys.catalogue()) {
            assertTrue(committed.contains("| `" + e.key() + "` |"), e.key());
            for (Map.Entry<Family, ConfigDef> d : defs.entrySet()) {
                Verdict v = DebeziumKeys.status(d.getKey(), d.getValue(), e.key(), null)
                        .verdict();
                assertTrue(v != Verdict.NOT_DEBEZIUM, e.key() + " on " + d.getKey());
            }
        }
    }
}
