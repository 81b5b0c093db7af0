package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * {@code tenant.isolation=database}: {@code tenant.scope} must be the database the server reports
 * ({@code current_database()}), case included; at validate (through the REST API) and at task start.
 */
@ExtendWith(TestEnvironment.class)
class PostgresTenantScopeIT {

    static PostgresServer pg;
    static ConnectTestCluster connect;

    @BeforeAll
    static void setUp() throws Exception {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
    }

    static Map<String, String> config(String scope) {
        Map<String, String> c = pg.connectorConfig("scoped", "slot_scoped", "pub_scoped");
        c.put("tenant.isolation", "database");
        c.put("tenant.scope", scope);
        return c;
    }

    @Test
    void theScopeMustBeTheDatabaseTheServerReports() throws Exception {
        List<String> e = ConnectTestCluster.errorsFor(
                connect.validate(PostgresSourceConnector.class.getName(), config("CDC")), "tenant.scope");
        assertEquals(1, e.size(), e.toString());
        assertTrue(
                e.get(0)
                        .contains("tenant.scope 'CDC' is not the database the connector is connected to: the "
                                + "server reports 'cdc'"),
                e.get(0));
        assertTrue(ConnectTestCluster.errorsFor(
                        connect.validate(PostgresSourceConnector.class.getName(), config(PostgresServer.DB)),
                        "tenant.scope")
                .isEmpty());

        // task start, for a config that reached the worker without validate
        PostgresConnectorConfig cfg = new PostgresConnectorConfig(config("CDC"));
        try (Catalog catalog = new Catalog(new PostgresConnections(cfg), cfg.dbname())) {
            var start =
                    assertThrows(ConfigException.class, () -> PostgresTenantScope.checkAtStart(catalog, config("CDC")));
            assertTrue(start.getMessage().contains("the server reports 'cdc'"), start.getMessage());
            PostgresTenantScope.checkAtStart(catalog, config(PostgresServer.DB));
        }
    }
}
