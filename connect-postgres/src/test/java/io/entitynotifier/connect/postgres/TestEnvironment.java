package io.entitynotifier.connect.postgres;

import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * One private PostgreSQL server and one Connect cluster for all test classes of the module's test JVM (starting them
 * is the slow part). Kept in JUnit's root store, so both are stopped when the whole test run ends, before the JVM
 * exits (shutdown hooks would race the worker's own hook against the broker's shutdown).
 */
final class TestEnvironment implements BeforeAllCallback {

    private static PostgresServer server;
    private static ConnectTestCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Resources.class, k -> new Resources(), Resources.class);
    }

    static PostgresServer postgres() {
        if (server == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(TestEnvironment.class)");
        }
        return server;
    }

    static ConnectTestCluster connect() {
        if (cluster == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(TestEnvironment.class)");
        }
        return cluster;
    }

    /** Started once, closed by JUnit at the end of the run. */
    @SuppressWarnings("deprecation")
    static final class Resources implements ExtensionContext.Store.CloseableResource {
        Resources() {
            try {
                server = PostgresServer.start("logical");
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test PostgreSQL server", e);
            }
            cluster = ConnectTestCluster.start(Map.of());
        }

        @Override
        public void close() throws Exception {
            try {
                cluster.close();
            } finally {
                server.close();
            }
        }
    }
}
