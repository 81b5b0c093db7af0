package io.entitynotifier.connect.oracle.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The guarded session over H2: timeouts on every statement, reconnects that close the old connection, retries. */
class GuardedConnectionTest {

    static final String URL = "jdbc:h2:mem:guarded;DB_CLOSE_DELAY=-1";

    @Test
    void everyStatementGetsTheTimeoutRoundedUpToSeconds() throws Exception {
        try (GuardedConnection g = new GuardedConnection(() -> DriverManager.getConnection(URL), 1500)) {
            Connection c = g.connection();
            try (Statement s = c.createStatement();
                    PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                assertEquals(2, s.getQueryTimeout());
                assertEquals(2, ps.getQueryTimeout());
            }
            assertSame(g, GuardedConnection.of(c));
        }
        try (GuardedConnection g = new GuardedConnection(() -> DriverManager.getConnection(URL), 0);
                Statement s = g.connection().createStatement()) {
            assertEquals(0, s.getQueryTimeout());
        }
    }

    @Test
    void reconnectClosesTheOldConnectionAndTheProxyUsesTheNewOne() throws Exception {
        List<Connection> opened = new ArrayList<>();
        try (GuardedConnection g = new GuardedConnection(
                () -> {
                    Connection c = DriverManager.getConnection(URL);
                    opened.add(c);
                    return c;
                },
                0)) {
            g.reconnect();
            assertEquals(2, opened.size());
            assertTrue(opened.get(0).isClosed());
            try (Statement s = g.connection().createStatement();
                    ResultSet rs = s.executeQuery("SELECT 7")) {
                rs.next();
                assertEquals(7, rs.getInt(1));
            }
            assertEquals(1, g.reconnects());
        }
        assertTrue(opened.get(1).isClosed(), "close() closes the current connection");
    }

    @Test
    void retryReconnectsBetweenAttemptsAndStopsAfterTheThird() throws Exception {
        try (GuardedConnection g = new GuardedConnection(() -> DriverManager.getConnection(URL), 0)) {
            AtomicInteger calls = new AtomicInteger();
            int v = Retry.run(g.connection(), "step", () -> {
                if (calls.incrementAndGet() < 3) {
                    throw new SQLException("broken pipe");
                }
                return 5;
            });
            assertEquals(5, v);
            assertEquals(2, g.reconnects());
            calls.set(0);
            assertThrows(
                    SQLException.class,
                    () -> Retry.run(g.connection(), "step", () -> {
                        calls.incrementAndGet();
                        throw new SQLException("down");
                    }));
            assertEquals(Retry.ATTEMPTS, calls.get());
            g.cancel();
            calls.set(0);
            assertThrows(
                    SQLException.class,
                    () -> Retry.run(g.connection(), "step", () -> {
                        calls.incrementAndGet();
                        throw new SQLException("cancelled");
                    }));
            assertEquals(1, calls.get(), "retried after a cancel");
        }
    }
}
