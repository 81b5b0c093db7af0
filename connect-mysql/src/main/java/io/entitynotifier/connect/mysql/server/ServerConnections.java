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
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.github.shyiko.mysql.binlog.network.SSLSocketFactory;

import io.entitynotifier.connect.mysql.MySqlConnectorConfig;
import io.entitynotifier.connect.mysql.SslMode;

/** Opens JDBC connections (MariaDB driver; it speaks to MySQL 8 too) with the configured TLS mode. */
public final class ServerConnections {

    private final MySqlConnectorConfig config;

    public ServerConnections(MySqlConnectorConfig config) {
        this.config = config;
    }

    /** A connection with session time zone UTC, so TIMESTAMP text is UTC. */
    public Connection open() throws SQLException {
        SslMode mode = config.sslMode();
        Connection c;
        if (mode == SslMode.PREFERRED) {
            try {
                c = open(SslMode.REQUIRED);
            } catch (SQLException e) {
                c = open(SslMode.DISABLED); // the server offers no TLS
            }
        } else {
            c = open(mode);
        }
        try {
            try (Statement st = c.createStatement()) {
                st.execute("SET time_zone = '+00:00'");
            }
            io.entitynotifier.connect.common.config.InitialStatements.run(c, config.initialStatements());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private Connection open(SslMode mode) throws SQLException {
        String url = "jdbc:mariadb://" + config.hostname() + ":" + config.port() + "/";
        Properties p = new Properties();
        p.setProperty("user", config.user());
        p.setProperty("password", config.password());
        p.setProperty("connectTimeout", Integer.toString(config.connectTimeoutMs()));
        p.setProperty("yearIsDateType", "false");
        p.setProperty("tinyInt1isBit", "false");
        p.setProperty("allowPublicKeyRetrieval", "true");
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
