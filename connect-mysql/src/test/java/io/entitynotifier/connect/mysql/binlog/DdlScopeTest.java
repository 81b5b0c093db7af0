package io.entitynotifier.connect.mysql.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.TableId;

class DdlScopeTest {

    private static List<String> names(String sql) {
        return DdlScope.tables(sql, "d").stream().map(TableId::identifier).toList();
    }

    @Test
    void findsEveryTableADdlStatementNames() {
        assertEquals(List.of("d.t"), names("CREATE TABLE IF NOT EXISTS t (id INT, x INT)"));
        assertEquals(List.of("o.t"), names("ALTER TABLE `o`.`t` ADD COLUMN c INT, ADD COLUMN e INT"));
        assertEquals(List.of("d.a", "o.b"), names("DROP TABLE IF EXISTS a, o.b"));
        assertEquals(List.of("d.a", "o.b", "d.c", "d.e"), names("RENAME TABLE a TO o.b, c TO e"));
        assertEquals(List.of("o.t"), names("CREATE UNIQUE INDEX i ON o.t (c)"));
        assertEquals(List.of("d.t"), names("DROP INDEX i ON t"));
        assertEquals(List.of("o.t"), names("TRUNCATE o.t"));
        assertEquals(List.of("d.t"), names("TRUNCATE TABLE t"));
        assertEquals(List.of("d.t"), names("/* c */ ALTER ONLINE TABLE t ADD c INT"));
        assertEquals(List.of(), names("CREATE VIEW v AS SELECT 1"));
        assertEquals(List.of(), names("CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @a = 1"));
    }
}
