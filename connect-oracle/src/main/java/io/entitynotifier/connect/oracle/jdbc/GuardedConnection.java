package io.entitynotifier.connect.oracle.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical database session that outlives its physical JDBC connections. {@link #connection()} is a
 * {@link Connection} whose calls go to the current physical connection; every statement it creates gets the query
 * timeout ({@code database.query.timeout.ms}) and is tracked, so that {@link #cancel()} (from any thread, e.g. a
 * task's {@code stop()}) cancels what is running; {@link #reconnect()} closes the current physical connection and
 * opens a fresh one, so code holding {@link #connection()} carries on after a failover without noticing. Statements
 * are created per use throughout the connector, so none outlives a reconnect.
 */
public final class GuardedConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GuardedConnection.class);

    /** Opens and prepares (session settings, container) a physical connection. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    /** Lets code that holds only the {@link Connection} reach its guard. */
    public interface Guarded {
        GuardedConnection guard();
    }

    private final Opener opener;
    private final int timeoutSeconds;
    private final Set<Statement> running = ConcurrentHashMap.newKeySet();
    private final Connection proxy;
    private volatile Connection physical;
    private volatile boolean cancelled;
    private volatile boolean closed;
    private int reconnects;

    public GuardedConnection(Opener opener, long queryTimeoutMs) throws SQLException {
        this.opener = opener;
        this.timeoutSeconds =
                queryTimeoutMs <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (queryTimeoutMs + 999) / 1000);
        this.physical = opener.open();
        this.proxy = (Connection) Proxy.newProxyInstance(
                GuardedConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class, Guarded.class},
                new Handler());
    }

    /** The guard of {@code c}, or null when {@code c} is a plain connection (tests pass those too). */
    public static GuardedConnection of(Connection c) {
        return c instanceof Guarded g ? g.guard() : null;
    }

    public Connection connection() {
        return proxy;
    }

    /** Physical connections replaced so far. */
    public synchronized int reconnects() {
        return reconnects;
    }

    /** True once {@link #cancel()} ran: the session is being stopped, nothing should be retried. */
    public boolean cancelled() {
        return cancelled;
    }

    /** Cancels every statement running on this session, from any thread; later attempts are not retried. */
    public void cancel() {
        cancelled = true;
        for (Statement s : running) {
            try {
                s.cancel();
            } catch (SQLException | RuntimeException e) {
                log.debug("cancelling a statement", e);
            }
        }
    }

    /** Closes the current physical connection (quietly: it may be dead) and opens a fresh one. */
    public synchronized void reconnect() throws SQLException {
        if (closed) {
            throw new SQLException("the connection was closed");
        }
        Connection old = physical;
        running.clear();
        try {
            old.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("closing the failed connection", e);
        }
        physical = opener.open();
        reconnects++;
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            physical.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("closing the connection", e);
        }
    }

    private Object track(Object result) throws SQLException {
        if (result instanceof Statement s) {
            if (timeoutSeconds > 0) {
                s.setQueryTimeout(timeoutSeconds);
            }
            running.removeIf(GuardedConnection::isClosed);
            running.add(s);
        }
        return result;
    }

    private static boolean isClosed(Statement s) {
        try {
            return s.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private final class Handler implements InvocationHandler {
        @Override
        public Object invoke(Object self, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "guard":
                    return GuardedConnection.this;
                case "close":
                    GuardedConnection.this.close();
                    return null;
                case "isClosed":
                    return closed || physical.isClosed();
                case "equals":
                    return self == args[0];
                case "hashCode":
                    return System.identityHashCode(self);
                case "toString":
                    return "GuardedConnection[" + physical + "]";
                default:
                    break;
            }
            try {
                Object result = m.invoke(physical, args);
                return m.getName().startsWith("create") || m.getName().startsWith("prepare") ? track(result) : result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
