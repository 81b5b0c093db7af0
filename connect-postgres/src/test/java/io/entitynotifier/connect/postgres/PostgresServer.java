package io.entitynotifier.connect.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL cluster for the tests: initdb in a temp dir, started with pg_ctl on a free port with
 * wal_level=logical and TLS on (a self-signed certificate for localhost/127.0.0.1), run as user postgres when the
 * tests run as root. Never the machine's own server. Stopped by its postmaster PID.
 *
 * <p>PostgreSQL 15 comes from the Debian package; 16, 17 and 18 from the Maven Central builds the module's build
 * unpacks ({@link PostgresDist}). {@link #start(String)} uses the version in the system property {@code pg.version}
 * (default 15); {@link #start(String, String)} names it.
 */
public final class PostgresServer implements AutoCloseable {

    static final String BIN = "/usr/lib/postgresql/15/bin";
    public static final String DB = "cdc";

    private final Path dir;
    private final int port;
    private final String walLevel;
    private final boolean asRoot;
    private final String bin;
    private final String version;

    private PostgresServer(Path dir, int port, String walLevel, String version) {
        this.dir = dir;
        this.port = port;
        this.walLevel = walLevel;
        this.asRoot = "root".equals(System.getProperty("user.name"));
        this.version = version;
        this.bin = PostgresDist.binDir(version);
    }

    /**
     * Creates and starts a cluster of the version in {@code pg.version} (default 15); {@code walLevel} is 'logical'
     * for capture, 'replica' to test the error.
     */
    public static PostgresServer start(String walLevel) throws Exception {
        return start(walLevel, PostgresDist.defaultVersion());
    }

    /** Creates and starts a cluster of major version {@code version} ("15" Debian; "16", "17", "18" unpacked). */
    public static PostgresServer start(String walLevel, String version) throws Exception {
        Path dir = Files.createTempDirectory("enpg-");
        PostgresServer s = new PostgresServer(dir, freePort(), walLevel, version);
        s.init();
        s.startServer();
        s.executeIn("postgres", "CREATE DATABASE " + DB);
        return s;
    }

    /** The major version this server runs ("15", "18", ...). */
    public String version() {
        return version;
    }

    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int candidate;
            try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                candidate = ss.getLocalPort();
            }
            if (candidate != 5432 && candidate != 3306) {
                return candidate;
            }
        }
        throw new IOException("no free port");
    }

    private void init() throws Exception {
        if (asRoot) {
            run("chown", "postgres:postgres", dir.toString());
        }
        runAs(
                bin + "/initdb",
                "-D",
                data(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync");
        // Self-signed certificate for TLS tests; verify-ca/verify-full use it as the root.
        runAs(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                data() + "/server.key",
                "-out",
                data() + "/server.crt");
        runAs("chmod", "600", data() + "/server.key");
        Files.copy(Path.of(data(), "server.crt"), dir.resolve("root.crt"));
        // The user 'tlsonly' may connect over TLS only: proves the connector really negotiates it.
        Path hba = Path.of(data(), "pg_hba.conf");
        String rules = "hostnossl all tlsonly 127.0.0.1/32 reject\nhostnossl all tlsonly ::1/128 reject\n";
        Files.writeString(hba, rules + Files.readString(hba));
    }

    private void startServer() throws Exception {
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
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c wal_level=" + walLevel
                        + " -c max_replication_slots=64 -c max_wal_senders=64 -c fsync=off -c full_page_writes=off"
                        + " -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
                        + " -c wal_sender_timeout=60s -c max_connections=200");
    }

    /** Fast shutdown (as an administrator's restart would), then start on the same port. */
    public void restart() throws Exception {
        stop();
        startServer();
    }

    public void stop() throws Exception {
        stop("fast");
    }

    /** Crash the server (immediate shutdown: no checkpoint, recovery at the next start), then start it again. */
    public void crashAndRestart() throws Exception {
        stop("immediate");
        startServer();
    }

    private void stop(String mode) throws Exception {
        if (!Files.exists(Path.of(data(), "postmaster.pid"))) {
            return; // not running (a test stopped it already)
        }
        long pid = pid();
        runAs(bin + "/pg_ctl", "-D", data(), "-m", mode, "-w", "-t", "60", "stop");
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
    }

    private long pid() throws IOException {
        return Long.parseLong(
                Files.readAllLines(Path.of(data(), "postmaster.pid")).get(0).trim());
    }

    /**
     * A physical hot standby of this server (what {@code pg_basebackup -R} would set up; the Maven Central builds of
     * 16-18 have no pg_basebackup): creates the physical slot {@code physicalSlot} here, copies the data directory
     * of this server while it is cleanly stopped for a moment, and starts the copy on its own port with
     * {@code standby.signal}, {@code primary_conninfo}, {@code primary_slot_name} and {@code hot_standby_feedback=on}.
     */
    public PostgresServer standby(String physicalSlot) throws Exception {
        executeIn("postgres", "SELECT pg_create_physical_replication_slot('" + physicalSlot + "', true)");
        PostgresServer s =
                new PostgresServer(Files.createTempDirectory("enpg-standby-"), freePort(), walLevel, version);
        if (asRoot) {
            run("chown", "postgres:postgres", s.dir.toString());
        }
        stop();
        try {
            runAs("cp", "-a", data(), s.data());
        } finally {
            startServer();
        }
        runAs("rm", "-rf", s.data() + "/pg_replslot/" + physicalSlot); // the primary's slot, not the standby's
        Files.copy(dir.resolve("root.crt"), s.dir.resolve("root.crt"));
        runAs("touch", s.data() + "/standby.signal");
        Files.writeString(
                Path.of(s.data(), "postgresql.auto.conf"),
                "primary_conninfo = 'host=127.0.0.1 port=" + port + " user=postgres sslmode=disable "
                        + "application_name=standby'\nprimary_slot_name = '" + physicalSlot + "'\n"
                        + "hot_standby_feedback = on\n",
                java.nio.file.StandardOpenOption.APPEND);
        s.startServer();
        return s;
    }

    /** {@code pg_ctl promote}: a standby becomes a primary (waits until it accepts writes). */
    public void promote() throws Exception {
        runAs(bin + "/pg_ctl", "-D", data(), "-w", "-t", "60", "promote");
    }

    public int port() {
        return port;
    }

    public String rootCert() {
        return dir.resolve("root.crt").toString();
    }

    public String jdbcUrl(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?sslmode=disable";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(DB), "postgres", "");
    }

    /** Runs each statement in autocommit mode on database {@link #DB}. */
    public void execute(String... sql) throws SQLException {
        executeIn(DB, sql);
    }

    public void executeIn(String db, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(db), "postgres", "");
                Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** The slot's confirmed_flush_lsn, or -1 when the slot does not exist. */
    public long confirmedFlush(String slot) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT confirmed_flush_lsn::text FROM pg_replication_slots "
                        + "WHERE slot_name = '" + slot + "'")) {
            return rs.next() && rs.getString(1) != null
                    ? org.postgresql.replication.LogSequenceNumber.valueOf(rs.getString(1))
                            .asLong()
                    : -1;
        }
    }

    /** True when the slot exists and no connection streams from it. */
    public boolean slotIdle(String slot) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                java.sql.ResultSet rs =
                        s.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            return rs.next() && !rs.getBoolean(1);
        }
    }

    /** Waits until the connector has created {@code slot}. */
    public void awaitSlot(String slot) throws InterruptedException {
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> confirmedFlush(slot) > 0, 120_000, "slot " + slot + " not created");
    }

    /** Connector settings for this server: connection keys for user postgres, TLS off. */
    public Map<String, String> connectorConfig(String prefix, String slot, String publication) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", PostgresSourceConnector.class.getName());
        c.put("database.hostname", "127.0.0.1");
        c.put("database.port", Integer.toString(port));
        c.put("database.user", "postgres");
        c.put("database.password", "");
        c.put("database.dbname", DB);
        c.put("database.sslmode", "disable");
        c.put("topic.prefix", prefix);
        c.put("slot.name", slot);
        c.put("publication.name", publication);
        c.put("publication.autocreate.mode", "filtered");
        c.put("slot.drop.on.stop", "false");
        return c;
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            run("rm", "-rf", dir.toString());
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

    private void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
