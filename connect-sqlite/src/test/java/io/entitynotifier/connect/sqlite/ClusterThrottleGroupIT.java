package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.tenant.OperatorPolicy;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * A throttle group whose members run on two workers holds the budget the operator set for it, shared by
 * {@code tenant.priority}; the operator's policy refuses what tenants may not claim. Both embedded workers run in this
 * JVM and so read the same operator policy file (named by the system property before the cluster starts, as a real
 * worker's JVM would be started with it); the members still meet only through the coordination topic: each task has
 * its own Kafka clients and counts only what it reads there.
 */
class ClusterThrottleGroupIT {

    static final Duration TIMEOUT = Duration.ofSeconds(180);
    static final String CLS = SqliteSourceConnector.class.getName();
    static final double BUDGET = 110;
    static final String COORDINATION_TOPIC = "_entitynotifier-throttle";
    static ConnectTestCluster cluster;
    static Path policy;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        policy = dir.resolve("operator.properties");
        writePolicy("normal", "");
        System.setProperty(OperatorPolicy.SYSTEM_PROPERTY, policy.toString());
        cluster = ConnectTestCluster.start(Map.of(), 2);
        // The broker's address is known only now: the workers re-read the changed file.
        writePolicy(
                "normal",
                "throttle.coordination.bootstrap.servers="
                        + cluster.connect().kafka().bootstrapServers() + "\nthrottle.coordination.topic="
                        + COORDINATION_TOPIC);
        TestUtils.waitForCondition(() -> OperatorPolicy.current().coordinates(), 10_000, "policy re-read");
    }

    @AfterAll
    static void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            System.clearProperty(OperatorPolicy.SYSTEM_PROPERTY);
        }
    }

    static String coordination = "";
    static double sharedBudget = BUDGET;

    /** The operator's file: group "shared" (budget, critical allowed), group "capped" (at most {@code capped}). */
    static void writePolicy(String capped, String coordinationLines) throws Exception {
        if (!coordinationLines.isEmpty()) {
            coordination = coordinationLines;
        }
        Files.writeString(
                policy,
                String.join(
                        "\n",
                        "throttle.group.shared.max.events.per.second=" + sharedBudget,
                        "throttle.group.shared.max.priority=critical",
                        "throttle.group.capped.max.priority=" + capped,
                        "sqlite.allowed.dirs=" + dir.resolve("tenants").resolve("{tenant}"),
                        coordination,
                        ""));
        // a new modification time even within the file system's timestamp resolution
        Files.setLastModifiedTime(policy, FileTime.fromMillis(System.currentTimeMillis() + 2_000));
    }

    static SqliteTestDatabase tenantDb(String tenant, int rows) throws Exception {
        SqliteTestDatabase db = new SqliteTestDatabase(dir.resolve("tenants").resolve(tenant), "t.db");
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        List<String> s = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            s.add("INSERT INTO t VALUES (" + i + ", 'row')");
        }
        if (!s.isEmpty()) {
            db.txn(s.toArray(String[]::new));
        }
        return db;
    }

    static Map<String, String> member(String tenant, Path file, String group, String priority) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", CLS);
        c.put("database.path", file.toString());
        c.put("topic.prefix", tenant);
        c.put("tenant.id", tenant);
        c.put("tenant.priority", priority);
        c.put("throttle.group", group);
        c.put("poll.interval.ms", "50");
        return c;
    }

    static long[] timestamps(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().mapToLong(ConsumerRecord::timestamp).sorted().toArray();
    }

    static long inWindow(long[] ts, long from, long to) {
        return java.util.Arrays.stream(ts).filter(t -> t >= from && t < to).count();
    }

    @Test
    void aGroupWithMembersOnBothWorkersHoldsTheOperatorsBudgetByPriority() throws Exception {
        int criticalRows = 2600;
        int floodRows = 3000;
        String[] lows = {"low1", "low2", "low3"};
        List<SqliteTestDatabase> dbs = new ArrayList<>();
        try {
            for (String t : lows) {
                SqliteTestDatabase db = tenantDb(t, floodRows);
                dbs.add(db);
                Map<String, String> c = member(t, db.file, "shared", "low");
                if (t.equals("low1")) {
                    // below the operator's budget: accepted, and the operator's budget is what is enforced
                    c.put("throttle.group.max.events.per.second", "100");
                }
                cluster.connect().configureConnector(t, withDefaults(c));
            }
            SqliteTestDatabase crit = tenantDb("crit", criticalRows);
            dbs.add(crit);
            cluster.connect().configureConnector("crit", withDefaults(member("crit", crit.file, "shared", "critical")));
            Set<String> workers = new HashSet<>();
            for (String name : List.of("low1", "low2", "low3", "crit")) {
                cluster.awaitRunning(name);
                workers.add(cluster.status(name).tasks().get(0).workerId());
            }
            assertEquals(2, workers.size(), "the group's tasks run on both workers: " + workers);
            // Each new connector rebalanced the cluster, which may have moved (restarted) tasks until now.
            long settled = System.currentTimeMillis();

            long[] critTs = timestamps(cluster.consumeCommitted("crit", criticalRows, TIMEOUT, "crit.main.t"));
            assertEquals(criticalRows, critTs.length);
            long end = critTs[critTs.length - 1] - 1_000; // critical was busy until its last record
            TestUtils.waitForCondition(
                    () -> System.currentTimeMillis() > end + 5_000, 30_000, "floods' records up to the window end");
            Map<String, long[]> lowTs = new HashMap<>();
            for (String t : lows) {
                lowTs.put(t, timestamps(cluster.consumeCommitted(t, 1, TIMEOUT, t + ".main.t")));
            }
            long start = critTs[0];
            for (long[] ts : lowTs.values()) {
                start = Math.max(start, ts[0]);
                assertTrue(ts.length < floodRows, "every flood was still busy after the window");
            }
            start = Math.max(start, settled)
                    + 6_000; // every member has joined, caught up with the topic and seen the others
            double secs = (end - start) / 1000.0;
            assertTrue(secs >= 5, "a steady window of " + secs + " s");
            double critRate = inWindow(critTs, start, end) / secs;
            double total = critRate;
            StringBuilder rates = new StringBuilder("crit " + Math.round(critRate));
            for (String t : lows) {
                double r = inWindow(lowTs.get(t), start, end) / secs;
                rates.append(", ").append(t).append(' ').append(Math.round(r));
                assertTrue(r > 3, "a low-priority flood is not starved: " + rates);
                total += r;
            }
            String report = "over " + secs + " s: total " + Math.round(total) + "/s (" + rates + "); per 5 s: "
                    + buckets(critTs, lowTs, start, end) + "; published states: " + published();
            System.out.println("ClusterThrottleGroupIT " + report); // the measurement, also when it passes
            assertTrue(Math.abs(total - BUDGET) <= BUDGET * 0.10, "the group stays within 10% of its budget " + report);
            double critShare = BUDGET * 8 / 11; // weights: critical 8, three lows 1 each
            assertTrue(
                    Math.abs(critRate - critShare) <= critShare * 0.15,
                    "critical gets its weighted share (" + Math.round(critShare) + "/s) " + report);
        } finally {
            for (String name : List.of("low1", "low2", "low3", "crit")) {
                try {
                    cluster.connect().deleteConnector(name);
                } catch (RuntimeException e) {
                    // not created
                }
            }
            for (SqliteTestDatabase db : dbs) {
                db.close();
            }
        }
        assertTrue(cluster.topics().contains(COORDINATION_TOPIC));
    }

    /** Records per 5 s of the window: critical / the floods together. */
    static String buckets(long[] crit, Map<String, long[]> lows, long start, long end) {
        StringBuilder b = new StringBuilder();
        for (long t = start; t + 5_000 <= end; t += 5_000) {
            long l = 0;
            for (long[] ts : lows.values()) {
                l += inWindow(ts, t, t + 5_000);
            }
            b.append(inWindow(crit, t, t + 5_000)).append('/').append(l).append(' ');
        }
        return b.toString().trim();
    }

    /** What the members published on the coordination topic: per key, busy and idle record counts. */
    static String published() {
        Map<String, int[]> counts = new java.util.TreeMap<>();
        for (var r : cluster.consumeCommitted(1, TIMEOUT, COORDINATION_TOPIC)) {
            int[] c = counts.computeIfAbsent(
                    new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), k -> new int[3]);
            String v = r.value() == null ? null : new String(r.value(), java.nio.charset.StandardCharsets.UTF_8);
            c[v == null ? 2 : v.contains("\"busy\":true") ? 0 : 1]++;
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((k, c) -> b.append(k)
                .append(" busy ")
                .append(c[0])
                .append(" idle ")
                .append(c[1])
                .append(" left ")
                .append(c[2])
                .append("; "));
        return b.toString();
    }

    static Map<String, String> withDefaults(Map<String, String> c) {
        Map<String, String> all = ConnectTestCluster.exactlyOnceDefaults();
        all.putAll(c);
        return all;
    }

    @Test
    void validateRefusesWhatOnlyTheOperatorMaySet() throws Exception {
        try (SqliteTestDatabase db = tenantDb("acme", 1);
                SqliteTestDatabase other = new SqliteTestDatabase(dir.resolve("tenants/globex"), "secret.db")) {
            Map<String, String> c = member("acme", db.file, "shared", "normal");
            c.put("throttle.group.max.events.per.second", "100000");
            var infos = cluster.validate(CLS, c);
            List<String> e = ConnectTestCluster.errorsFor(infos, "throttle.group.max.events.per.second");
            assertEquals(1, e.size(), e.toString());
            assertTrue(
                    e.get(0).contains("above the budget the operator set for throttle group 'shared' (110.0"),
                    e.get(0));

            c = member("acme", db.file, "capped", "critical");
            e = ConnectTestCluster.errorsFor(cluster.validate(CLS, c), "tenant.priority");
            assertEquals(1, e.size(), e.toString());
            assertTrue(e.get(0).contains("operator allows in throttle group 'capped' (normal"), e.get(0));

            Path link = Files.createSymbolicLink(dir.resolve("tenants/acme/shop.db"), other.file);
            c = member("acme", link, "capped", "normal");
            e = ConnectTestCluster.errorsFor(cluster.validate(CLS, c), "database.path");
            assertEquals(1, e.size(), e.toString());
            assertTrue(e.get(0).contains("not inside a directory the operator allows for tenant 'acme'"), e.get(0));
            assertFalse(e.get(0).contains("globex"), "another tenant's path is not echoed: " + e.get(0));

            c = member("acme", db.file, "capped", "normal");
            var ok = cluster.validate(CLS, c);
            for (String key : List.of("database.path", "tenant.priority", "throttle.group.max.events.per.second")) {
                assertTrue(ConnectTestCluster.errorsFor(ok, key).isEmpty(), key);
            }
        }
    }

    @Test
    void aTaskStartsOnlyWithinThePolicyInForceWhenItStarts() throws Exception {
        try (SqliteTestDatabase db = tenantDb("initech", 1)) {
            writePolicy("high", "");
            TestUtils.waitForCondition(
                    () -> OperatorPolicy.current().groupMaxPriority("capped")
                            == io.entitynotifier.connect.common.tenant.TenantConfig.Priority.HIGH,
                    10_000,
                    "policy re-read");
            cluster.deploy("initech", member("initech", db.file, "capped", "high"));
            // the operator lowers the group's cap: the running config no longer passes at the next task start
            writePolicy("normal", "");
            TestUtils.waitForCondition(
                    () -> OperatorPolicy.current().groupMaxPriority("capped")
                            == io.entitynotifier.connect.common.tenant.TenantConfig.Priority.NORMAL,
                    10_000,
                    "policy re-read");
            cluster.restartConnectorAndTasks("initech");
            String trace = cluster.awaitTaskFailure("initech", TIMEOUT);
            assertTrue(trace.contains("tenant.priority=high is above the highest priority"), trace);
            cluster.connect().deleteConnector("initech");
        }
    }

    @Test
    void aMemberAboveALoweredGroupBudgetDoesNotStart() throws Exception {
        try (SqliteTestDatabase db = tenantDb("hooli", 1)) {
            Map<String, String> c = member("hooli", db.file, "shared", "normal");
            c.put("throttle.group.max.events.per.second", "100");
            assertTrue(ConnectTestCluster.errorsFor(cluster.validate(CLS, c), "throttle.group.max.events.per.second")
                    .isEmpty());
            cluster.deploy("hooli", c);
            // the operator lowers the group's budget below the member's: the next task start refuses it
            sharedBudget = 50;
            writePolicy("normal", "");
            TestUtils.waitForCondition(
                    () -> OperatorPolicy.current().groupBudget("shared") == 50.0, 10_000, "policy re-read");
            cluster.restartConnectorAndTasks("hooli");
            String trace = cluster.awaitTaskFailure("hooli", TIMEOUT);
            assertTrue(
                    trace.contains("throttle.group.max.events.per.second=100 is above the budget the operator set "
                            + "for throttle group 'shared' (50.0"),
                    trace);
            cluster.connect().deleteConnector("hooli");
        } finally {
            sharedBudget = BUDGET;
            writePolicy("normal", "");
            TestUtils.waitForCondition(
                    () -> OperatorPolicy.current().groupBudget("shared") == BUDGET, 10_000, "policy re-read");
        }
    }
}
