package io.entitynotifier.connect.mysql.binlog;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.SSLSocketFactory;
import com.github.shyiko.mysql.binlog.network.ServerException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.mysql.BinlogPosition;
import io.entitynotifier.connect.mysql.MySqlConnectorConfig;
import io.entitynotifier.connect.mysql.schema.BinlogCells;

/**
 * Reads the binlog with the replication protocol and feeds every event to a {@link BinlogEventHandler}. Runs on the
 * connector's reader thread: each connection gets a fresh client positioned from the handler (so a reconnect in the
 * middle of a transaction re-reads it and skips what was handled). A lost connection is retried with exponential
 * backoff up to {@code connect.max.attempts} times in a row; a connection silent for three keep-alive intervals
 * (the server sends heartbeats) is treated as lost.
 */
public final class BinlogReader {

    private static final Logger LOG = LoggerFactory.getLogger(BinlogReader.class);

    /** The position the connector needs is no longer on the server. */
    public static final class PositionPurgedException extends ConnectException {
        private static final long serialVersionUID = 1L;

        public PositionPurgedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final MySqlConnectorConfig config;
    private final BinlogEventHandler handler;
    private final SSLSocketFactory sslSocketFactory;
    private final Object monitor = new Object();
    private volatile BinaryLogClient client;
    private volatile long lastEventMillis;
    private volatile Thread clientThread;
    /** True while an event is being handled: a handler waiting for room in the queue is not a silent server. */
    private volatile boolean handling;

    public BinlogReader(MySqlConnectorConfig config, BinlogEventHandler handler, SSLSocketFactory sslSocketFactory) {
        this.config = config;
        this.handler = handler;
        this.sslSocketFactory = sslSocketFactory;
    }

    /** Streams until {@code running} turns false; throws when the binlog cannot be read any more. */
    public void run(BooleanSupplier running) throws InterruptedException {
        int failures = 0;
        long backoff = config.connectBackoffInitialMs();
        while (running.getAsBoolean()) {
            BinlogPosition from = handler.connectPosition();
            AtomicReference<Throwable> fatal = new AtomicReference<>();
            AtomicReference<Exception> lost = new AtomicReference<>();
            BinaryLogClient c = newClient(from, fatal, lost);
            client = c;
            boolean received;
            try {
                LOG.info("Connecting to the binlog of {}:{} at {}", config.hostname(), config.port(), from);
                lastEventMillis = System.currentTimeMillis();
                c.connect(config.connectTimeoutMs());
                received = watch(c, fatal, running);
            } catch (IOException | TimeoutException e) {
                lost.compareAndSet(null, e);
                received = false;
            } finally {
                disconnect(c);
            }
            if (!running.getAsBoolean()) {
                return;
            }
            rethrowFatal(fatal.get(), from);
            Exception cause = lost.get();
            checkPermanent(cause, from);
            if (received) {
                failures = 0;
                backoff = config.connectBackoffInitialMs();
            }
            failures++;
            if (failures >= config.connectMaxAttempts()) {
                throw new ConnectException(
                        "lost the binlog connection to " + config.hostname() + ":"
                                + config.port() + " and " + failures + " attempts in a row to reconnect failed ("
                                + MySqlConnectorConfig.CONNECT_MAX_ATTEMPTS_CONFIG + "=" + config.connectMaxAttempts()
                                + "); last error: " + (cause == null ? "connection closed" : cause.getMessage()),
                        cause);
            }
            LOG.warn(
                    "Binlog connection lost ({}); reconnecting in {} ms (attempt {} of {})",
                    cause == null ? "closed by the server" : cause.getMessage(),
                    backoff,
                    failures,
                    config.connectMaxAttempts());
            synchronized (monitor) {
                monitor.wait(Math.max(1, backoff));
            }
            backoff = Math.min(config.connectBackoffMaxMs(), Math.max(1, backoff * 2));
        }
    }

    /** Wakes a reader waiting between reconnect attempts and closes the connection, so {@link #run} returns. */
    public void stop() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
        Thread t = clientThread;
        if (t != null) {
            t.interrupt(); // it may be waiting for room in the change queue
        }
        BinaryLogClient c = client;
        if (c != null) {
            disconnect(c);
        }
    }

    /** Waits while the connection lives; true when it delivered at least one event. */
    private boolean watch(BinaryLogClient c, AtomicReference<Throwable> fatal, BooleanSupplier running)
            throws InterruptedException {
        long connectedAt = lastEventMillis;
        long silenceLimit = 3L * config.keepAliveIntervalMs();
        while (running.getAsBoolean() && c.isConnected() && fatal.get() == null) {
            if (!handling && System.currentTimeMillis() - lastEventMillis > silenceLimit) {
                LOG.warn("No binlog event or heartbeat for {} ms; reconnecting", silenceLimit);
                break;
            }
            synchronized (monitor) {
                monitor.wait(100);
            }
        }
        return lastEventMillis > connectedAt;
    }

    private BinaryLogClient newClient(
            BinlogPosition from, AtomicReference<Throwable> fatal, AtomicReference<Exception> lost) {
        BinaryLogClient c = new BinaryLogClient(config.hostname(), config.port(), config.user(), config.password());
        c.setServerId(config.serverId());
        c.setKeepAlive(false);
        c.setHeartbeatInterval(config.keepAliveIntervalMs());
        c.setSSLMode(config.sslMode().binlogMode());
        if (sslSocketFactory != null) {
            c.setSslSocketFactory(sslSocketFactory);
        }
        c.setThreadFactory(r -> {
            Thread t = new Thread(r, "binlog-client-" + config.topicPrefix());
            t.setDaemon(true);
            clientThread = t;
            return t;
        });
        if (from.usesGtids()) {
            c.setGtidSet(from.gtids());
            c.setBinlogFilename("");
            c.setBinlogPosition(4);
        } else {
            c.setBinlogFilename(from.file());
            c.setBinlogPosition(from.pos());
        }
        c.setEventDeserializer(BinlogCells.eventDeserializer());
        c.registerEventListener(event -> {
            lastEventMillis = System.currentTimeMillis();
            if (fatal.get() != null) {
                return; // the connection is being closed; nothing after a failure may be handled
            }
            handling = true;
            try {
                handler.handle(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fatal.compareAndSet(null, e);
            } catch (Throwable t) {
                fatal.compareAndSet(null, t);
            } finally {
                handling = false;
                lastEventMillis = System.currentTimeMillis();
            }
            if (fatal.get() != null) {
                synchronized (monitor) {
                    monitor.notifyAll();
                }
            }
        });
        c.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
                lost.compareAndSet(null, ex);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient client, Exception ex) {
                // The client would skip the event; a change must never be skipped silently.
                fatal.compareAndSet(null, new ConnectException("cannot decode binlog event: " + ex.getMessage(), ex));
            }
        });
        return c;
    }

    private void rethrowFatal(Throwable t, BinlogPosition from) {
        if (t == null) {
            return;
        }
        if (t instanceof ConnectException ce) {
            throw ce;
        }
        if (t instanceof InterruptedException) {
            throw new ConnectException("interrupted while reading the binlog", t);
        }
        throw new ConnectException("failed to handle a binlog event after " + from + ": " + t.getMessage(), t);
    }

    /** Errors no reconnect can fix. */
    private void checkPermanent(Exception cause, BinlogPosition from) {
        if (!(cause instanceof ServerException se)) {
            return;
        }
        String msg = se.getMessage() == null ? "" : se.getMessage();
        String lower = msg.toLowerCase();
        if (lower.contains("same server_uuid")
                || lower.contains("same server_id")
                || lower.contains("same server id")) {
            // MySQL: error 1236 on the reader that was pushed out; MariaDB: its own error code on the newcomer.
            throw new ConnectException(
                    MySqlConnectorConfig.SERVER_ID_CONFIG + "=" + config.serverId()
                            + " is also used by another replica or binlog reader of this server; give each reader its own "
                            + "id (server said: " + msg + ")",
                    se);
        }
        if (se.getErrorCode() == BinlogSourceError.FATAL_ERROR_READING_BINLOG
                && BinlogSourceError.classify(se.getErrorCode(), msg) == BinlogSourceError.Kind.OTHER) {
            // Not a purge (a too large event, a position past the end of a file, a corrupt binlog, ...): a new
            // snapshot would not help, and the server's message says what would.
            throw new ConnectException("the server cannot send the binlog from " + from + " (error 1236): " + msg, se);
        }
        if (se.getErrorCode() == BinlogSourceError.FATAL_ERROR_READING_BINLOG) {
            throw new PositionPurgedException(
                    "the server cannot send the binlog from " + from + ": " + msg
                            + ". The binlog or GTIDs the connector needs have been purged. Either use snapshot.mode="
                            + "when_needed to take a new snapshot automatically, or delete the connector's offsets (or "
                            + "rename topic.prefix) for a fresh snapshot; raise binlog_expire_logs_seconds so this does not "
                            + "happen again",
                    se);
        }
        if (se.getErrorCode() == 1045 || se.getErrorCode() == 1227 || se.getErrorCode() == 1044) {
            throw new ConnectException(
                    "the server refused the binlog connection: " + msg + " (check " + MySqlConnectorConfig.USER_CONFIG
                            + " and its REPLICATION SLAVE privilege)",
                    se);
        }
    }

    private static void disconnect(BinaryLogClient c) {
        try {
            if (c.isConnected()) {
                c.disconnect();
            }
        } catch (IOException e) {
            LOG.debug("Disconnect failed", e);
        }
    }
}
