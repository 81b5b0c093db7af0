package io.entitynotifier.connect.mysql.testing;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Assumptions;

import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * One MySQL 8, one MariaDB and one Connect cluster per test JVM (starting them is the slow part); each test uses its
 * own database, topic prefix and replica server id. Stopped by a shutdown hook.
 */
public final class SharedFixtures {

    private static final Map<DatabaseServer.Flavor, DatabaseServer> SERVERS =
            new EnumMap<>(DatabaseServer.Flavor.class);
    private static final AtomicLong SERVER_IDS = new AtomicLong(1000);
    private static ConnectTestCluster cluster;

    private SharedFixtures() {}

    public static synchronized DatabaseServer server(DatabaseServer.Flavor flavor) throws Exception {
        // -Dbinlog.flavors=MARIADB (the -Pversions run on MariaDB 11.4) skips the tests of the other flavour
        String only = System.getProperty("binlog.flavors", "").trim();
        Assumptions.assumeTrue(
                only.isEmpty() || List.of(only.split(",")).contains(flavor.name()),
                flavor + " is not in binlog.flavors=" + only);
        DatabaseServer s = SERVERS.get(flavor);
        if (s == null) {
            s = DatabaseServer.start(flavor);
            SERVERS.put(flavor, s);
        }
        return s;
    }

    public static synchronized ConnectTestCluster cluster() {
        if (cluster == null) {
            cluster = ConnectTestCluster.start();
        }
        return cluster;
    }

    /** Connector settings for {@code db} on {@code server}; the caller may add or override entries. */
    public static Map<String, String> connector(DatabaseServer server, String prefix, String db) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.entitynotifier.connect.mysql.MySqlSourceConnector");
        c.put("database.hostname", "127.0.0.1");
        c.put("database.port", Integer.toString(server.port()));
        c.put("database.user", DatabaseServer.CDC_USER);
        c.put("database.password", DatabaseServer.CDC_PASSWORD);
        c.put("database.server.id", Long.toString(SERVER_IDS.incrementAndGet()));
        c.put("database.include.list", db);
        c.put("topic.prefix", prefix);
        c.put("database.ssl.mode", "disabled");
        // Test servers run without TLS; MySQL 8's caching_sha2_password then needs the server's RSA key.
        c.put("database.allowPublicKeyRetrieval", "true");
        c.put("connect.backoff.initial.ms", "200");
        c.put("connect.backoff.max.ms", "2000");
        c.put("connect.keep.alive.interval.ms", "2000");
        return c;
    }

    /**
     * Stops the cluster and the servers; called by JUnit when the test run ends ({@link StopSharedFixtures}), before
     * the JVM exits, because a shutdown hook would race the Connect worker's own hook and hang the exit.
     */
    static synchronized void stopAll() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (RuntimeException e) {
                // shutting down anyway
            }
        }
        cluster = null;
        for (DatabaseServer s : SERVERS.values()) {
            try {
                s.close();
            } catch (Exception e) {
                // shutting down anyway
            }
        }
        SERVERS.clear();
    }
}
