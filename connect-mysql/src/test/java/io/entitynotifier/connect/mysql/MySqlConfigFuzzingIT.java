package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.config.DebeziumKeys;
import io.entitynotifier.connect.common.testing.ConfigFuzzing;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/** Every key given a malformed value through the validate endpoint: an error naming the key, no stack trace. */
class MySqlConfigFuzzingIT {

    @Test
    void everyMalformedValueIsNamed() throws Exception {
        DatabaseServer server = SharedFixtures.server(DatabaseServer.Flavor.MARIADB);
        server.execute(null, "CREATE DATABASE IF NOT EXISTS fuzz");
        int tried = ConfigFuzzing.assertMalformedValuesAreNamed(
                SharedFixtures.cluster(),
                MySqlSourceConnector.class.getName(),
                new MySqlSourceConnector().config(),
                SharedFixtures.connector(server, "fuzz", "fuzz"));
        assertTrue(tried > 20, "keys tried: " + tried);
    }

    /** Every Debezium key this connector does not implement: refused on that key, or accepted as documented. */
    @Test
    void everyUnimplementedDebeziumKeyIsRefusedByName() throws Exception {
        DatabaseServer server = SharedFixtures.server(DatabaseServer.Flavor.MARIADB);
        server.execute(null, "CREATE DATABASE IF NOT EXISTS fuzz");
        int tried = ConfigFuzzing.assertDebeziumKeysAreNamed(
                SharedFixtures.cluster(),
                MySqlSourceConnector.class.getName(),
                DebeziumKeys.Family.MYSQL,
                new MySqlSourceConnector().config(),
                SharedFixtures.connector(server, "fuzz", "fuzz"));
        assertTrue(tried > 100, "keys tried: " + tried);
    }
}
