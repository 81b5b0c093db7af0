package io.entitynotifier.connect.common.testing.debezium;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the Debezium 3.6.1 plugin directories built by {@code testing-debezium/<connector>} are: its
 * {@code target/debezium-plugins} (one sub-directory {@code debezium-connector-<connector>}, a Connect plugin.path
 * entry). Found from the test's working directory (a module directory of this project) upwards, or given with the
 * system property {@code debezium.plugins.<connector>}.
 */
public final class DebeziumPlugins {

    public static final String VERSION = "3.6.1.Final";

    /**
     * Debezium's MariaDB connector: Maven Central serves it only up to 3.5.0.Final (no 3.5.1+ or 3.6.x), so the
     * MariaDB differential tests compare with that release (testing-debezium/mariadb).
     */
    public static final String MARIADB_VERSION = "3.5.0.Final";

    private static final String MARIADB = "mariadb";

    private DebeziumPlugins() {}

    /** The Debezium release the tests use for {@code connector}. */
    public static String version(String connector) {
        return MARIADB.equals(connector) ? MARIADB_VERSION : VERSION;
    }

    /**
     * The plugin.path entry for {@code connector} ("postgres", "mysql" or "mariadb"); fails when it has not been
     * built.
     */
    public static Path pluginPath(String connector) {
        String given = System.getProperty("debezium.plugins." + connector);
        if (given != null) {
            return check(Path.of(given), connector);
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("testing-debezium")
                    .resolve(connector)
                    .resolve("target")
                    .resolve("debezium-plugins");
            if (Files.isDirectory(dir.resolve("testing-debezium"))) {
                return check(candidate, connector);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no testing-debezium directory above " + System.getProperty("user.dir")
                + "; set -Ddebezium.plugins." + connector + "=<dir>");
    }

    private static Path check(Path path, String connector) {
        Path jar = path.resolve("debezium-connector-" + connector)
                .resolve("debezium-connector-" + connector + "-" + version(connector) + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Debezium plugin not built: " + jar + " is missing; build with -am "
                    + "(the module testing-debezium-" + connector + " copies it in generate-resources)");
        }
        return path;
    }
}
