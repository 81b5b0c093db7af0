package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.postgresql.PGProperty;

/**
 * Opens the connector's two kinds of connections: plain SQL (catalog, snapshot, setup) and logical replication.
 * Both carry the same session settings, so a value's text is identical in a snapshot row and in a pgoutput tuple and
 * one set of value parsers serves both.
 */
public final class PostgresConnections {

    /**
     * UTC and ISO formats make timestamptz, date and interval text unambiguous; hex bytea and full float precision
     * make bytes and floats round-trip exactly.
     */
    static final String SESSION_OPTIONS = "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=iso_8601 "
            + "-c extra_float_digits=3 -c bytea_output=hex";

    private final PostgresConnectorConfig config;

    public PostgresConnections(PostgresConnectorConfig config) {
        this.config = config;
    }

    public String url() {
        return "jdbc:postgresql://" + hostForUrl(config.hostname()) + ":" + config.port() + "/" + config.dbname();
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private Properties common() {
        Properties p = new Properties();
        PGProperty.USER.set(p, config.user());
        PGProperty.PASSWORD.set(p, config.password());
        PGProperty.SSL_MODE.set(p, config.sslmode());
        if (!config.sslrootcert().isBlank()) {
            PGProperty.SSL_ROOT_CERT.set(p, config.sslrootcert());
        }
        if (!config.sslcert().isBlank()) {
            PGProperty.SSL_CERT.set(p, config.sslcert());
        }
        if (!config.sslkey().isBlank()) {
            PGProperty.SSL_KEY.set(p, config.sslkey());
        }
        PGProperty.OPTIONS.set(p, SESSION_OPTIONS);
        PGProperty.APPLICATION_NAME.set(p, "entitynotifier-" + config.topicPrefix());
        PGProperty.CONNECT_TIMEOUT.set(p, 30);
        PGProperty.TCP_KEEP_ALIVE.set(p, true);
        return p;
    }

    /** A SQL connection; all results in text form so snapshot values parse like streamed ones. */
    public Connection sql() throws SQLException {
        Properties p = common();
        PGProperty.BINARY_TRANSFER.set(p, false);
        PGProperty.PREPARE_THRESHOLD.set(p, 0);
        Connection c = DriverManager.getConnection(url(), p);
        try {
            io.entitynotifier.connect.common.config.InitialStatements.run(c, config.initialStatements());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** A logical replication connection ({@code replication=database}). */
    public Connection replication() throws SQLException {
        Properties p = common();
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        return DriverManager.getConnection(url(), p);
    }
}
