package io.entitynotifier.connect.oracle.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a read that failed on a database error, on a fresh connection: a failover, a killed session or a network
 * break fail a statement, the next attempt opens a new session. Only steps that change nothing in memory before they
 * succeed are run this way, so an attempt can be repeated as if the first had not happened. The third failure in a row
 * is thrown; nothing is retried once the session was cancelled (the task is stopping).
 */
public final class Retry {

    private static final Logger log = LoggerFactory.getLogger(Retry.class);

    public static final int ATTEMPTS = 3;
    static final long BACKOFF_MS = 200;

    /** A database step. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws SQLException;
    }

    private Retry() {}

    /** Runs {@code step} up to {@link #ATTEMPTS} times; {@code c}'s guard reconnects between attempts. */
    public static <T> T run(Connection c, String what, Step<T> step) throws SQLException {
        GuardedConnection guard = GuardedConnection.of(c);
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run();
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || (guard != null && guard.cancelled())) {
                    throw e;
                }
                log.warn(
                        "{} failed (attempt {} of {}), retrying on a fresh connection: {}",
                        what,
                        attempt,
                        ATTEMPTS,
                        e.getMessage());
                pause(attempt, e);
                if (guard != null) {
                    try {
                        guard.reconnect();
                    } catch (SQLException again) {
                        // the next attempt fails on the closed connection and reconnects again
                        log.warn("reconnecting failed: {}", again.getMessage());
                    }
                }
            }
        }
    }

    private static void pause(int attempt, SQLException failure) throws SQLException {
        try {
            Thread.sleep(BACKOFF_MS * attempt);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }
}
