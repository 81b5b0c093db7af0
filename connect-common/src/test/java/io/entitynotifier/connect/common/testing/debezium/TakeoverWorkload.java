package io.entitynotifier.connect.common.testing.debezium;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.common.util.concurrent.RateLimiter;

/**
 * The application of a migration test: one JDBC writer on {@code table (id INT PRIMARY KEY, v INT NOT NULL)}
 * committing paced transactions of one to three statements, each a multi-row insert (so row events and pgoutput
 * transactions hold several rows), an update of a key range or a delete. It keeps the table's content, so it knows
 * every change each committed transaction made, in commit order: {@code "c:17:0"}, {@code "u:17:3"} (the new
 * {@code v}), {@code "d:17"}. Each such text occurs once (ids are never reused, {@code v} only grows).
 */
public final class TakeoverWorkload implements Runnable {

    public final List<String> committed = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger transactions = new AtomicInteger();
    private final Callable<Connection> connect;
    private final String table;
    private final double changesPerSecond;
    private final Map<Integer, Integer> rows = new TreeMap<>();
    private int nextId = 1;
    private volatile boolean stop;
    private volatile Throwable failure;

    public TakeoverWorkload(Callable<Connection> connect, String table, double changesPerSecond) {
        this.connect = connect;
        this.table = table;
        this.changesPerSecond = changesPerSecond;
    }

    /** One transaction inserting {@code n} rows, before any connector runs (they are snapshotted). */
    public void seed(int n) throws Exception {
        try (Connection c = connect.call()) {
            c.setAutoCommit(false);
            transaction(c, new Random(1), n);
        }
    }

    @Override
    public void run() {
        Random rnd = new Random(7);
        RateLimiter pace = RateLimiter.create(changesPerSecond);
        try (Connection c = connect.call()) {
            c.setAutoCommit(false);
            while (!stop) {
                pace.acquire(transaction(c, rnd, 0));
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Commits one transaction (only inserts of {@code insertOnly} rows if positive); returns how many changes. */
    private int transaction(Connection c, Random rnd, int insertOnly) throws Exception {
        List<String> ops = new ArrayList<>();
        Map<Integer, Integer> after = new TreeMap<>(rows);
        int id = nextId;
        try (Statement s = c.createStatement()) {
            int statements = insertOnly > 0 ? 1 : 1 + rnd.nextInt(3);
            for (int i = 0; i < statements; i++) {
                int kind = insertOnly > 0 || after.size() < 20 ? 0 : rnd.nextInt(10);
                if (kind < 6) {
                    int n = insertOnly > 0 ? insertOnly : 1 + rnd.nextInt(12);
                    StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (id, v) VALUES ");
                    for (int k = 0; k < n; k++) {
                        sql.append(k == 0 ? "" : ", ").append('(').append(id).append(", 0)");
                        after.put(id, 0);
                        ops.add("c:" + id + ":0");
                        id++;
                    }
                    s.execute(sql.toString());
                } else if (kind < 9) {
                    int from = Math.max(1, id - 1 - rnd.nextInt(60));
                    int to = from + rnd.nextInt(8);
                    int expected = 0;
                    for (int k = from; k <= to; k++) {
                        Integer v = after.get(k);
                        if (v != null) {
                            after.put(k, v + 1);
                            ops.add("u:" + k + ":" + (v + 1));
                            expected++;
                        }
                    }
                    int n = s.executeUpdate(
                            "UPDATE " + table + " SET v = v + 1 WHERE id BETWEEN " + from + " AND " + to);
                    check(n, expected);
                } else {
                    Integer victim = after.keySet().stream()
                            .skip(rnd.nextInt(after.size()))
                            .findFirst()
                            .orElseThrow();
                    after.remove(victim);
                    ops.add("d:" + victim);
                    check(s.executeUpdate("DELETE FROM " + table + " WHERE id = " + victim), 1);
                }
            }
        }
        c.commit();
        rows.clear();
        rows.putAll(after);
        nextId = id;
        committed.addAll(ops);
        transactions.incrementAndGet();
        return ops.size();
    }

    private static void check(int changed, int expected) {
        if (changed != expected) {
            throw new IllegalStateException("the writer's model is off: " + changed + " rows changed, not " + expected);
        }
    }

    /** Ends the run after the transaction in progress. */
    public void stop() {
        stop = true;
    }

    /** Null unless the writer failed. */
    public Throwable failure() {
        return failure;
    }

    /** How many records the changes committed so far give (a delete is followed by a tombstone). */
    public int expectedRecords() {
        synchronized (committed) {
            return committed.size()
                    + (int) committed.stream().filter(o -> o.startsWith("d:")).count();
        }
    }
}
