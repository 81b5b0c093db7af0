package io.entitynotifier.connect.mysql.server;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.github.shyiko.mysql.binlog.network.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.mysql.MySqlConnectorConfig;
import io.entitynotifier.connect.mysql.SslMode;

/**
 * Opens JDBC connections (MariaDB driver; it speaks to MySQL 8 too) with the configured TLS mode and the socket timeout
 * of {@code database.query.timeout.ms}, and remembers the open ones so that {@link #killAll()} can end their server
 * sessions (and any lock they hold or wait for) when the task stops.
 */
public final class ServerConnections {

    private static final Logger LOG = LoggerFactory.getLogger(ServerConnections.class);

    /** Margin of the socket timeout over the lock wait, so that the server's lock_wait_timeout ends a wait first. */
    static final int LOCK_MARGIN_MS = 5_000;

    /** Connect and socket timeout of the short connection that kills sessions at stop. */
    private static final int KILL_TIMEOUT_MS = 3_000;

    private final MySqlConnectorConfig config;
    private final Map<Connection, Long> open = new ConcurrentHashMap<>();

    public ServerConnections(MySqlConnectorConfig config) {
        this.config = config;
    }

    /** A connection with session time zone UTC, so TIMESTAMP text is UTC. */
    public Connection open() throws SQLException {
        Connection c = connect(config.connectTimeoutMs(), socketTimeoutMs(config));
        try {
            try (Statement st = c.createStatement()) {
                st.execute("SET time_zone = '+00:00'");
            }
            io.entitynotifier.connect.common.config.InitialStatements.run(c, config.initialStatements());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        open.keySet().removeIf(ServerConnections::closed);
        open.put(c, c.unwrap(org.mariadb.jdbc.Connection.class).getThreadId());
        return c;
    }

    /**
     * Ends the server session of every connection still open (KILL from a short-lived connection, which the server
     * allows for a user's own sessions), so that no lock and no pending lock request outlives the task. The threads
     * using those connections see an error; callers stop them first.
     */
    public void killAll() {
        open.keySet().removeIf(ServerConnections::closed);
        if (open.isEmpty()) {
            return;
        }
        try (Connection k = connect(KILL_TIMEOUT_MS, KILL_TIMEOUT_MS);
                Statement st = k.createStatement()) {
            for (Map.Entry<Connection, Long> e : open.entrySet()) {
                try {
                    st.execute("KILL " + e.getValue());
                    LOG.info("Ended server session {} of the stopping task", e.getValue());
                } catch (SQLException se) {
                    if (se.getErrorCode() != 1094) { // unknown thread: the session has ended already
                        LOG.warn("Could not end server session {}: {}", e.getValue(), se.getMessage());
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warn("Could not connect to end the task's server sessions: {}", e.getMessage());
        }
        open.clear();
    }

    /**
     * True only for the driver's refusal because the server offers no TLS at all: the one case where
     * {@code preferred} goes on without TLS.
     */
    public static boolean serverHasNoTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("ssl not enabled in the server")) {
                return true;
            }
        }
        return false;
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** The JDBC socket timeout: the query timeout, but never shorter than a lock wait plus a margin; 0 = none. */
    static int socketTimeoutMs(MySqlConnectorConfig config) {
        int query = config.queryTimeoutMs();
        if (query == 0) {
            return 0;
        }
        long lock = config.snapshotLockTimeoutMs() + LOCK_MARGIN_MS;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(query, lock));
    }

    private Connection connect(int connectTimeoutMs, int socketTimeoutMs) throws SQLException {
        SslMode mode = config.sslMode();
        if (mode == SslMode.PREFERRED) {
            try {
                return open(SslMode.REQUIRED, connectTimeoutMs, socketTimeoutMs);
            } catch (SQLException e) {
                if (!serverHasNoTls(e)) {
                    throw e; // any other failure (a TLS handshake error, a refused login) must not drop TLS
                }
                return open(SslMode.DISABLED, connectTimeoutMs, socketTimeoutMs);
            }
        }
        return open(mode, connectTimeoutMs, socketTimeoutMs);
    }

    private Connection open(SslMode mode, int connectTimeoutMs, int socketTimeoutMs) throws SQLException {
        String url = "jdbc:mariadb://" + config.hostname() + ":" + config.port() + "/";
        Properties p = new Properties();
        p.setProperty("user", config.user());
        p.setProperty("password", config.password());
        p.setProperty("connectTimeout", Integer.toString(connectTimeoutMs));
        p.setProperty("socketTimeout", Integer.toString(socketTimeoutMs));
        p.setProperty("yearIsDateType", "false");
        p.setProperty("tinyInt1isBit", "false");
        p.setProperty("allowPublicKeyRetrieval", Boolean.toString(config.allowPublicKeyRetrieval()));
        p.setProperty("sslMode", mode.jdbcMode());
        if (mode.verifiesCertificate() && !config.sslTruststore().isBlank()) {
            String store = config.sslTruststore();
            p.setProperty("trustStore", store);
            p.setProperty("trustStorePassword", config.sslTruststorePassword());
            String lower = store.toLowerCase(java.util.Locale.ROOT);
            p.setProperty("trustStoreType", lower.endsWith(".jks") ? "JKS" : "PKCS12");
        }
        return DriverManager.getConnection(url, p);
    }

    /** TLS for the binlog client when a trust store is configured; null means the client's defaults. */
    public SSLSocketFactory binlogSslSocketFactory() {
        if (!config.sslMode().verifiesCertificate() || config.sslTruststore().isBlank()) {
            return null;
        }
        SSLContext ctx = trustStoreContext();
        return (Socket socket) -> {
            try {
                return (SSLSocket) ctx.getSocketFactory()
                        .createSocket(socket, socket.getInetAddress().getHostName(), socket.getPort(), true);
            } catch (IOException e) {
                throw new java.net.SocketException(e.getMessage());
            }
        };
    }

    private SSLContext trustStoreContext() {
        try (InputStream in = new FileInputStream(config.sslTruststore())) {
            KeyStore ks = KeyStore.getInstance(
                    config.sslTruststore().toLowerCase(java.util.Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12");
            ks.load(in, config.sslTruststorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new X509TrustManager[] {(X509TrustManager) tmf.getTrustManagers()[0]}, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot load " + MySqlConnectorConfig.SSL_TRUSTSTORE_CONFIG + " " + config.sslTruststore() + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
