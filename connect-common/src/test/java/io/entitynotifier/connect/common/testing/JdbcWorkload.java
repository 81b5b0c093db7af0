package io.entitynotifier.connect.common.testing;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.common.util.concurrent.RateLimiter;

/**
 * An application writing to {@code table (id INT PRIMARY KEY, v INT NOT NULL)} through JDBC: one writer, paced
 * transactions of 1, 1, 5 or 30 changes (mostly inserts, some updates and deletes of recent rows), recording in
 * commit order what each committed transaction changed ({@code "c:17"}, {@code "u:17"}, {@code "d:17"}).
 */
public final class JdbcWorkload implements Runnable {

    public final List<String> committed = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger transactions = new AtomicInteger();
    private final Callable<Connection> connect;
    private final String table;
    private final double changesPerSecond;
    private volatile boolean stop;
    private volatile Throwable failure;

    public JdbcWorkload(Callable<Connection> connect, String table, double changesPerSecond) {
        this.connect = connect;
        this.table = table;
        this.changesPerSecond = changesPerSecond;
    }

    @Override
    public void run() {
        Random rnd = new Random(3);
        RateLimiter pace = RateLimiter.create(changesPerSecond);
        int nextId = 1;
        try (Connection c = connect.call()) {
            c.setAutoCommit(false);
            while (!stop) {
                int size = new int[] {1, 1, 5, 30}[rnd.nextInt(4)];
                pace.acquire(size);
                List<String> ops = new ArrayList<>();
                try (Statement s = c.createStatement()) {
                    for (int i = 0; i < size; i++) {
                        int kind = nextId < 50 ? 0 : rnd.nextInt(10);
                        if (kind < 7) {
                            s.execute("INSERT INTO " + table + " VALUES (" + nextId + ", 0)");
                            ops.add("c:" + nextId++);
                        } else {
                            int id = nextId - 1 - rnd.nextInt(20);
                            boolean update = kind < 9;
                            String sql = update
                                    ? "UPDATE " + table + " SET v = v + 1 WHERE id = " + id
                                    : "DELETE FROM " + table + " WHERE id = " + id;
                            if (s.executeUpdate(sql) == 1) {
                                ops.add((update ? "u:" : "d:") + id);
                            }
                        }
                    }
                }
                c.commit();
                committed.addAll(ops);
                transactions.incrementAndGet();
            }
        } catch (Throwable t) {
            failure = t;
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
}
