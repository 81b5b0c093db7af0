package io.entitynotifier.connect.common.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConnectionTextValidatorTest {

    @Test
    void hostNamesAndAddressesPassUrlSyntaxDoesNot() {
        var host = ConnectionTextValidator.hostname();
        for (String ok : new String[] {"db.example.com", "10.0.0.7", "::1", "[fe80::1%eth0]", "my_host-2"}) {
            assertDoesNotThrow(() -> host.ensureValid("database.hostname", ok), ok);
        }
        for (String bad :
                new String[] {"h/db?sslmode=disable", "h:5432", "h?x=1", "h;x", "h&x", "h#x", "user@h", "h x"}) {
            var e = assertThrows(ConfigException.class, () -> host.ensureValid("database.hostname", bad), bad);
            assertTrue(e.getMessage().contains("database.hostname"), e.getMessage());
        }
    }

    @Test
    void databaseNamesCannotSetConnectionOptions() {
        var db = ConnectionTextValidator.databaseName();
        for (String ok : new String[] {"inventory", "My-DB_1", "ORCLCDB", "db.with.dots", "ünïcode"}) {
            assertDoesNotThrow(() -> db.ensureValid("database.dbname", ok), ok);
        }
        for (String bad : new String[] {
            "db?sslmode=disable", "db&socketFactory=x", "db;x", "a/b", "db#x", "db%3Fx", "db=x", "a b", "db\n"
        }) {
            assertThrows(ConfigException.class, () -> db.ensureValid("database.dbname", bad), bad);
        }
    }
}
