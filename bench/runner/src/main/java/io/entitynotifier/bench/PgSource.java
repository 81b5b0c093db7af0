package io.entitynotifier.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/** A private PostgreSQL 15 cluster (initdb + pg_ctl from /usr/lib/postgresql/15/bin, free port, stopped at the end). */
final class PgSource implements Source {

    static final String BIN = "/usr/lib/postgresql/15/bin";
    private final Path dir;
    private final int port;
    private final boolean asRoot = "root".equals(System.getProperty("user.name"));

    PgSource(Path dir) throws Exception {
        this.dir = Files.createDirectories(dir);
        this.port = Procs.freePort();
        if (asRoot) {
            Procs.run(List.of("chown", "postgres:postgres", dir.toString()), dir.resolve("chown.log"));
        }
        runAs(BIN + "/initdb", "-D", data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8",
                "--no-sync");
        runAs(BIN + "/pg_ctl", "-D", data(), "-l", dir + "/server.log", "-w", "-t", "60", "start", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c wal_level=logical"
                        + " -c max_replication_slots=40 -c max_wal_senders=40 -c fsync=off -c full_page_writes=off"
                        + " -c max_wal_size=4GB -c wal_sender_timeout=120s -c max_connections=100");
        sql("postgres", "CREATE DATABASE bench");
        sql("bench",
                "CREATE TABLE bench (id bigint PRIMARY KEY, k int, v varchar(100), d double precision)",
                "CREATE TABLE bench_snap (id bigint PRIMARY KEY, k int, v varchar(100), d double precision)",
                "CREATE PUBLICATION bench_pub FOR TABLE bench WITH (publish = 'insert, update, delete')",
                "CREATE PUBLICATION bench_snap_pub FOR TABLE bench_snap WITH (publish = 'insert, update, delete')",
                "CREATE PROCEDURE bench_load(n bigint, tx int, base bigint) LANGUAGE plpgsql AS $$ "
                        + "DECLARE i bigint; BEGIN FOR i IN 1..n LOOP "
                        + "INSERT INTO bench VALUES (base + i, (i % 1000)::int, md5(i::text) || md5((i + 1)::text), i * 0.5); "
                        + "IF i % tx = 0 THEN COMMIT; END IF; END LOOP; COMMIT; END $$",
                // MixedWorkload: per transaction ni inserts, then nu updates and nd deletes of the previous one's rows
                "CREATE PROCEDURE bench_mixed(txns bigint, ni int, nu int, nd int, base bigint) LANGUAGE plpgsql AS $$ "
                        + "DECLARE t bigint; j int; r bigint; BEGIN FOR t IN 0..txns - 1 LOOP "
                        + "FOR j IN 1..ni LOOP r := base + t * ni + j; "
                        + "INSERT INTO bench VALUES (r, (r % 1000)::int, md5(r::text) || md5((r + 1)::text), r * 0.5); "
                        + "END LOOP; IF t > 0 THEN "
                        + "FOR j IN 1..nu LOOP UPDATE bench SET k = k + 1 WHERE id = base + (t - 1) * ni + j; END LOOP; "
                        + "FOR j IN 1..nd LOOP DELETE FROM bench WHERE id = base + (t - 1) * ni + nu + j; END LOOP; "
                        + "END IF; COMMIT; END LOOP; END $$");
    }

    @Override
    public String name() {
        return "postgres";
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
        Procs.run(full, dir.resolveSibling(dir.getFileName() + "-cmd.log"));
    }

    String url(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?sslmode=disable";
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url("bench"), "postgres", "");
    }

    void sql(String db, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(db), "postgres", ""); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private static String slot(String run) {
        return "s_" + run.replaceAll("[^a-z0-9_]", "_");
    }

    @Override
    public void prepareCatchup(int txn, int n, long base, List<String> runs) throws Exception {
        sql("bench", "TRUNCATE bench");
        for (String r : runs) {
            sql("bench", "SELECT pg_create_logical_replication_slot('" + slot(r) + "', 'pgoutput')");
        }
        load(txn, n, base);
    }

    @Override
    public void prepareMixedCatchup(MixedWorkload m, List<String> runs) throws Exception {
        sql("bench", "TRUNCATE bench");
        for (String r : runs) {
            sql("bench", "SELECT pg_create_logical_replication_slot('" + slot(r) + "', 'pgoutput')");
        }
        loadMixed(m);
    }

    @Override
    public void loadMixed(MixedWorkload m) throws Exception {
        sql("bench", "CALL bench_mixed(" + m.transactions() + ", " + m.insertsPerTxn() + ", " + m.updatesPerTxn() + ", "
                + m.deletesPerTxn() + ", " + m.base() + ")");
    }

    @Override
    public boolean catchupByStopResume() {
        return false;
    }

    @Override
    public void load(int txn, int n, long base) throws Exception {
        sql("bench", "CALL bench_load(" + n + ", " + txn + ", " + base + ")");
    }

    @Override
    public void prepareStream(String run) throws Exception {
        sql("bench", "TRUNCATE bench", "SELECT pg_create_logical_replication_slot('" + slot(run) + "', 'pgoutput')");
    }

    @Override
    public void prepareSnapshot(int n) throws Exception {
        sql("bench", "TRUNCATE bench_snap", "INSERT INTO bench_snap SELECT i, (i % 1000)::int, "
                + "md5(i::text) || md5((i + 1)::text), i * 0.5 FROM generate_series(1, " + n + ") i", "VACUUM ANALYZE bench_snap");
    }

    @Override
    public PreparedStatement insertOne(Connection c) throws SQLException {
        c.setAutoCommit(true);
        return c.prepareStatement("INSERT INTO bench VALUES (?, 1, md5('x') || md5('y'), 0.5)");
    }

    @Override
    public String topic(String prefix, boolean snapshot) {
        return prefix + ".public." + (snapshot ? "bench_snap" : "bench");
    }

    @Override
    public Map<String, String> config(String kind, String run, String prefix, boolean snapshot, boolean eos,
                                      String bootstrap) {
        Map<String, String> c = new HashMap<>();
        c.put("database.hostname", "127.0.0.1");
        c.put("database.port", Integer.toString(port));
        c.put("database.user", "postgres");
        c.put("database.password", "");
        c.put("database.dbname", "bench");
        c.put("topic.prefix", prefix);
        c.put("slot.name", slot(run));
        c.put("publication.name", snapshot ? "bench_snap_pub" : "bench_pub");
        c.put("publication.autocreate.mode", "disabled");
        c.put("table.include.list", snapshot ? "public.bench_snap" : "public.bench");
        c.put("tasks.max", "1");
        if (kind.equals("ours")) {
            c.put("connector.class", "io.entitynotifier.connect.postgres.PostgresSourceConnector");
            c.put("database.sslmode", "disable");
            c.put("snapshot.mode", snapshot ? "initial" : "never");
            c.put("slot.drop.on.stop", "false");
            if (eos) {
                c.put("exactly.once.support", "required");
                c.put("transaction.boundary", "connector");
            }
        } else {
            c.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
            c.put("plugin.name", "pgoutput");
            c.put("database.sslmode", "disable");
            c.put("snapshot.mode", snapshot ? "initial" : "no_data");
            if (eos) {
                c.put("exactly.once.support", "requested");
                c.put("transaction.boundary", "poll");
            }
        }
        return c;
    }

    @Override
    public void afterRun(String run) {
        for (int i = 0; i < 40; i++) {
            try {
                sql("bench", "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                        + slot(run) + "' AND NOT active");
                return;
            } catch (SQLException e) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** pgjdbc's replication stream alone (pgoutput v1), counting Insert messages until {@code n}: events/s. */
    @Override
    public double rawRate(String run, int n) throws Exception {
        Properties p = new Properties();
        PGProperty.USER.set(p, "postgres");
        PGProperty.PASSWORD.set(p, "");
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        try (Connection c = DriverManager.getConnection(url("bench"), p)) {
            long t0 = System.nanoTime();
            PGReplicationStream s = c.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(slot(run)).withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", "bench_pub").start();
            long inserts = 0;
            while (inserts < n) {
                ByteBuffer b = s.readPending();
                if (b == null) {
                    Thread.sleep(1);
                    continue;
                }
                if (b.get(b.position()) == 'I') {
                    inserts++;
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            s.close();
            return n / secs;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            runAs(BIN + "/pg_ctl", "-D", data(), "-m", "immediate", "-w", "-t", "60", "stop");
        } finally {
            Procs.run(List.of("rm", "-rf", dir.toString()), dir.resolveSibling("rm.log"));
        }
    }
}
