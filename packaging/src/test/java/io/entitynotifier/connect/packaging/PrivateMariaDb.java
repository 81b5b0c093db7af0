package io.entitynotifier.connect.packaging;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away MariaDB server (the Debian package's {@code mariadbd}) with a row-based binlog: initialised in a temp
 * dir, started on a free port, stopped by its own process handle and removed on close. SQL runs through the
 * {@code mariadb} client over the server's socket as root; connectors log in over TCP as {@code cdc}/{@code cdc}.
 */
final class PrivateMariaDb implements AutoCloseable {

    static final String USER = "cdc";
    static final String PASSWORD = "cdc";

    private final Path dir;
    private final Process process;
    final int port;

    PrivateMariaDb() throws Exception {
        dir = Files.createTempDirectory("entitynotifier-mariadb");
        Files.createDirectories(dir.resolve("tmp"));
        port = freePort();
        String user = System.getProperty("user.name");
        run(List.of(
                which("mariadb-install-db"),
                "--no-defaults",
                "--user=" + user,
                "--datadir=" + dir.resolve("data"),
                "--auth-root-authentication-method=normal",
                "--skip-test-db"));
        process = new ProcessBuilder(
                        which("mariadbd"),
                        "--no-defaults",
                        "--user=" + user,
                        "--skip-name-resolve",
                        "--datadir=" + dir.resolve("data"),
                        "--tmpdir=" + dir.resolve("tmp"),
                        "--port=" + port,
                        "--bind-address=127.0.0.1",
                        "--socket=" + socket(),
                        "--pid-file=" + dir.resolve("mysqld.pid"),
                        "--log-error=" + dir.resolve("error.log"),
                        "--server-id=1",
                        "--log-bin=" + dir.resolve("data/bin"),
                        "--binlog-format=ROW",
                        "--binlog-row-image=FULL",
                        "--binlog-row-metadata=FULL",
                        "--innodb-buffer-pool-size=32M",
                        "--innodb-flush-log-at-trx-commit=2",
                        "--sync-binlog=0")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (!accepting()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("MariaDB did not start: " + Files.readString(dir.resolve("error.log")));
            }
            Thread.sleep(100); // polling a server we just launched: there is no event to wait on
        }
        sql(
                "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '" + USER + "'@'%'",
                "CREATE DATABASE shop");
    }

    /** The program's path: on PATH, or in /usr/sbin where Debian puts mariadbd (not on a normal user's PATH). */
    private static String which(String program) {
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        throw new IllegalStateException(program + " not found; the MySQL archive test runs a private MariaDB server "
                + "(Debian: apt-get install mariadb-server mariadb-client)");
    }

    /** Fails with a clear message when the MariaDB server or client package is not installed. */
    static void requireInstalled() {
        which("mariadbd");
        which("mariadb-install-db");
        which("mariadb");
    }

    private boolean accepting() {
        if (!Files.exists(Path.of(socket()))) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            return false;
        }
        try {
            sql("SELECT 1");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs statements as root through the command-line client. */
    void sql(String... statements) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                which("mariadb"),
                "--no-defaults",
                "--socket=" + socket(),
                "-uroot",
                "-e",
                String.join(";\n", statements)));
        run(cmd);
    }

    private String socket() {
        return dir.resolve("mysqld.sock").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            run(List.of("rm", "-rf", dir.toString()));
        }
    }
}
