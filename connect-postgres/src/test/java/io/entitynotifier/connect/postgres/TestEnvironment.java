package io.entitynotifier.connect.postgres;

import java.util.Map;

import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * One private PostgreSQL server and one Connect cluster for all test classes of the module's test JVM (starting them
 * is the slow part); both are stopped when the JVM exits.
 */
final class TestEnvironment {

    private static PostgresServer server;
    private static ConnectTestCluster cluster;

    private TestEnvironment() {
    }

    static synchronized PostgresServer postgres() throws Exception {
        if (server == null) {
            server = PostgresServer.start("logical");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    System.err.println("could not stop the test PostgreSQL: " + e);
                }
            }));
        }
        return server;
    }

    static synchronized ConnectTestCluster connect() {
        if (cluster == null) {
            cluster = ConnectTestCluster.start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        }
        return cluster;
    }
}
