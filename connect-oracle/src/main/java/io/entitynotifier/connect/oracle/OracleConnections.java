package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/** Opens JDBC connections for the connector and reads the few database-wide facts it needs. */
public final class OracleConnections {

    static final String DATABASE_SQL = "SELECT NAME, SUPPLEMENTAL_LOG_DATA_MIN FROM V$DATABASE";
    static final String OLDEST_TRANSACTION_SQL = "SELECT MIN(START_SCN) FROM V$TRANSACTION";

    private OracleConnections() {}

    public static Connection open(OracleConnectorConfig config) throws SQLException {
        Properties p = new Properties();
        if (config.user() != null) {
            p.setProperty("user", config.user());
        }
        if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        String url = config.jdbcUrl();
        if (url.startsWith("jdbc:oracle:")) {
            // Straight to the driver: DriverManager registers drivers once per JVM through the context class loader
            // of its first user, which in a Connect worker may not see this plugin's ojdbc jar.
            Connection c = new oracle.jdbc.OracleDriver().connect(url, p);
            if (c == null) {
                throw new SQLException("the Oracle driver does not accept URL " + url);
            }
            return c;
        }
        return DriverManager.getConnection(url, p);
    }

    /** {@code [NAME, SUPPLEMENTAL_LOG_DATA_MIN]} of V$DATABASE. */
    public static String[] database(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DATABASE_SQL);
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("V$DATABASE returned no row");
            }
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    /** Start SCN of the oldest transaction open right now, or {@code Long.MAX_VALUE} when none is. */
    public static long oldestOpenTransaction(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OLDEST_TRANSACTION_SQL);
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                long v = rs.getLong(1);
                if (!rs.wasNull()) {
                    return v;
                }
            }
            return Long.MAX_VALUE;
        }
    }
}
