package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;

/**
 * The shared column keys on Oracle's schema path, against the H2 stand-in (no live Oracle here): the connector's own
 * config builds the filter, OracleSchemaReader reads ALL_TAB_COLUMNS, and the TableSchema masks, truncates, leaves
 * out columns and keys a keyless table.
 */
class OracleColumnMappingTest {

    private static OracleConnectorConfig config() {
        Map<String, String> p = new HashMap<>();
        p.put("topic.prefix", "o");
        p.put("database.hostname", "db.example.com");
        p.put("database.dbname", "ORCLCDB");
        p.put("column.exclude.list", "APP\\.PEOPLE\\.HIDDEN");
        p.put("column.mask.with.8.chars", "app.people.secret");
        p.put("column.truncate.to.4.chars", "APP.PEOPLE.NOTE");
        p.put("column.propagate.source.type", "APP.PEOPLE.ID");
        p.put("message.key.columns", "APP.NOKEY:A");
        return new OracleConnectorConfig(p);
    }

    @Test
    void masksTruncatesExcludesAndKeysFromTheConnectorsConfig() throws Exception {
        try (H2Oracle db = new H2Oracle("colmap1")) {
            db.createTable(
                    "APP", "PEOPLE", "ID NUMBER(10) PK, SECRET VARCHAR2(40), NOTE VARCHAR2(200), HIDDEN VARCHAR2(20)");
            db.createTable("APP", "NOKEY", "A NUMBER(10), B VARCHAR2(20)");
            OracleConnectorConfig config = config();
            OracleSchemaReader reader = new OracleSchemaReader(
                    "o",
                    "ORCLCDB",
                    config.tableFilter(),
                    config.schemaFilter(),
                    config.decimalHandlingMode(),
                    config.unavailablePlaceholder(),
                    OracleSourceInfo.create("o").schema());
            TableSchema people = reader.read(db.connection(), new TableId("ORCLCDB", "APP", "PEOPLE"))
                    .schema();
            assertEquals(List.of("ID", "SECRET", "NOTE"), people.columnNames());
            Struct v = people.row(new Object[] {1L, "TOPSECRET", "NOTE-LONG"});
            assertEquals("********", v.get("SECRET"));
            assertEquals("NOTE", v.get("NOTE"));
            assertEquals(
                    "true",
                    people.rowSchema().field("SECRET").schema().parameters().get("masked"));
            Map<String, String> id = people.rowSchema().field("ID").schema().parameters();
            assertEquals("NUMBER", id.get("__debezium.source.column.type"));
            assertEquals("10", id.get("__debezium.source.column.length"));
            assertEquals("0", id.get("__debezium.source.column.scale"));

            TableSchema nokey = reader.read(db.connection(), new TableId("ORCLCDB", "APP", "NOKEY"))
                    .schema();
            assertEquals(List.of("A"), nokey.keyColumnNames());
            assertEquals(10L, nokey.key(new Object[] {10L, "x"}).get("A"));
            assertNull(nokey.keySchema().field("B"));
        }
    }
}
