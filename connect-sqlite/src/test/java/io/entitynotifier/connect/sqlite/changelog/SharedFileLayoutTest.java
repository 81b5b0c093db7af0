package io.entitynotifier.connect.sqlite.changelog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.sqlite.SqliteConnectorConfig;
import io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader;

/** Connectors' names in one file never collide; identities are exclusive; a shared table is logged for each. */
class SharedFileLayoutTest {

    @TempDir
    Path dir;

    static CapturedTables captured(String prefix, String name, String include) {
        SqliteConnectorConfig config = new SqliteConnectorConfig(
                Map.of("database.path", "x.db", "topic.prefix", prefix, "table.include.list", include));
        SourceInfo info = SourceInfo.builder("io.entitynotifier.connect.sqlite.Source", "sqlite", prefix)
                .build();
        return new CapturedTables(
                new SqliteSchemaReader(
                        prefix, "x.db", config.tableFilter(), config.decimalHandlingMode(), info.schema()),
                LogLayout.of(prefix, name));
    }

    static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void triggerNamesOfDifferentTagsNeverCollide() {
        // Tag "a" with table "b_t" and tag "a_b" with table "t" would both be _entitynotifier_a_b_t_ins without the $.
        assertNotEquals(
                LogLayout.of("a", "x").trigger("b_t", "ins"),
                LogLayout.of("a_b", "y").trigger("t", "ins"));
        assertEquals("a_b_c", LogLayout.of("a.b-c", "n").tag());
        assertTrue(LogLayout.isInternal(LogLayout.of("a", "x").logTable()));
    }

    @Test
    void identitiesAreExclusiveAndASharedTableIsLoggedForEach() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("x.db"))) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            }
            captured("one", "c1", "main\\.t").load(c, false);
            captured("tw_o", "c2", "main\\.t").load(c, false);
            captured("one", "c1", "main\\.t").load(c, true); // a restart of c1 keeps c2's triggers
            ConnectException sameIdentity = assertThrows(
                    ConnectException.class,
                    () -> captured("one", "other", "main\\.t").load(c, false));
            assertTrue(
                    sameIdentity.getMessage().contains("connector 'c1' already captures"), sameIdentity.getMessage());
            ConnectException sameTag = assertThrows(
                    ConnectException.class,
                    () -> captured("tw.o", "c3", "main\\.t").load(c, false));
            assertTrue(sameTag.getMessage().contains("both map to the change-log name"), sameTag.getMessage());
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO t VALUES (1, 'x')");
                s.execute("UPDATE t SET v = 'y' WHERE id = 1");
            }
            assertEquals(2, count(c, "SELECT count(*) FROM _entitynotifier_changes_one"));
            assertEquals(2, count(c, "SELECT count(*) FROM _entitynotifier_changes_tw_o"));
            assertEquals(6, count(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"));
            // The refused connectors left nothing behind.
            assertEquals(2, count(c, "SELECT count(*) FROM _entitynotifier_connectors"));
        }
    }
}
