package io.entitynotifier.connect.packaging;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster with wal_level=logical: initdb in a temp dir, started with pg_ctl on a free port,
 * stopped and removed on close. Runs as the OS user postgres when the tests run as root (PostgreSQL refuses root).
 */
final class PrivatePostgres implements AutoCloseable {

    private final java.sql.Driver driver;
    private final Path dir;
    private final String bin;
    private final boolean asRoot;
    final int port;

    /** Connects through the PostgreSQL driver on the classpath. */
    PrivatePostgres() throws Exception {
        this(null);
    }

    /** Connects through {@code driver} (for example one loaded from a plugin directory), or DriverManager if null. */
    PrivatePostgres(java.sql.Driver driver) throws Exception {
        this.driver = driver;
        bin = findBinDir();
        asRoot = "root".equals(System.getProperty("user.name"));
        dir = Files.createTempDirectory("entitynotifier-avro-pg");
        port = freePort();
        if (asRoot) {
            run("chown", "postgres:postgres", dir.toString());
        }
        runAs(bin + "/initdb", "-D", data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        runAs(
                bin + "/pg_ctl",
                "-D",
                data(),
                "-l",
                dir + "/server.log",
                "-w",
                "-t",
                "60",
                "start",
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c wal_level=logical"
                        + " -c max_replication_slots=4 -c max_wal_senders=4 -c fsync=off -c full_page_writes=off");
    }

    /** The newest installed server's bin directory (Debian's /usr/lib/postgresql/N/bin). */
    private static String findBinDir() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(
                                p -> Integer.parseInt(p.getFileName().toString().split("\\.")[0])));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin").toString();
                }
            }
        }
        throw new IllegalStateException("no PostgreSQL server found under /usr/lib/postgresql (Debian: apt-get install "
                + "postgresql); the Avro test streams from a private PostgreSQL");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Connection connect() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        if (driver == null) {
            return DriverManager.getConnection(url, "postgres", "");
        }
        java.util.Properties props = new java.util.Properties();
        props.put("user", "postgres");
        props.put("password", "");
        return driver.connect(url, props);
    }

    void exec(String... sql) throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void runAs(String... cmd) throws Exception {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(cmd));
        run(full.toArray(String[]::new));
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            runAs(bin + "/pg_ctl", "-D", data(), "-m", "fast", "-w", "-t", "60", "stop");
        } finally {
            run("rm", "-rf", dir.toString());
        }
    }
}
