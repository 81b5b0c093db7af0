package io.entitynotifier.connect.mysql.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.entitynotifier.connect.mysql.MySqlConnectorConfig;

/**
 * Checks the server is set up for binlog capture and says how to fix what is not: each problem names the config key
 * it belongs to (the server settings are reported on {@code database.hostname}).
 */
public final class ServerSetupCheck {

    /** One problem, reported on {@code key}. */
    public record Problem(String key, String message) {}

    private ServerSetupCheck() {}

    public static List<Problem> check(Connection c, ServerInfo info, long configuredServerId) throws SQLException {
        List<Problem> out = new ArrayList<>();
        String host = MySqlConnectorConfig.HOSTNAME_CONFIG;
        if (!"ON".equalsIgnoreCase(info.variable("log_bin")) && !"1".equals(info.variable("log_bin"))) {
            out.add(new Problem(
                    host,
                    "binary logging is off on the server; start it with --log-bin (and "
                            + "--server-id) so the connector can read changes"));
        }
        if (!"ROW".equalsIgnoreCase(info.variable("binlog_format"))) {
            out.add(new Problem(
                    host,
                    "binlog_format is " + info.variable("binlog_format") + " but must be ROW; "
                            + "set binlog_format=ROW in the server configuration"));
        }
        if (!"FULL".equalsIgnoreCase(info.variable("binlog_row_image"))) {
            out.add(new Problem(
                    host,
                    "binlog_row_image is " + info.variable("binlog_row_image")
                            + " but must be FULL so that every event carries whole before and after images; set "
                            + "binlog_row_image=FULL"));
        }
        if (!"FULL".equalsIgnoreCase(info.variable("binlog_row_metadata"))) {
            out.add(new Problem(
                    host,
                    "binlog_row_metadata is "
                            + (info.variable("binlog_row_metadata") == null
                                    ? "not supported by this server version"
                                    : info.variable("binlog_row_metadata"))
                            + " but must be FULL: the connector builds schemas from the column names and types in the "
                            + "binlog. Set binlog_row_metadata=FULL (MySQL 8.0.1+, MariaDB 10.5+; it applies to binlog "
                            + "written after the change)"));
        }
        if (!info.mariaDb() && "PARTIAL_JSON".equalsIgnoreCase(info.variable("binlog_row_value_options"))) {
            out.add(new Problem(
                    host,
                    "binlog_row_value_options=PARTIAL_JSON writes partial JSON updates the "
                            + "connector cannot apply; set it to ''"));
        }
        String tagged = taggedGtids(c, info);
        if (tagged != null) {
            out.add(new Problem(host, MySqlGtids.taggedUnsupported("the server's gtid_executed", tagged)));
        }
        if (info.serverId() == configuredServerId) {
            out.add(new Problem(
                    MySqlConnectorConfig.SERVER_ID_CONFIG,
                    "is " + configuredServerId
                            + ", the server's own server_id; choose an id no server or replica in the topology uses"));
        } else {
            Long replica = replicaUsing(c, info, configuredServerId);
            if (replica != null) {
                out.add(new Problem(
                        MySqlConnectorConfig.SERVER_ID_CONFIG,
                        "is " + configuredServerId
                                + ", which a registered replica of this server already uses; choose another id"));
            }
        }
        out.addAll(privileges(c, info));
        return out;
    }

    /** The server's executed GTID set when it holds tagged GTIDs (MySQL 8.3+), else null. */
    private static String taggedGtids(Connection c, ServerInfo info) throws SQLException {
        if (info.mariaDb() || !info.gtidMode()) {
            return null;
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT @@GLOBAL.gtid_executed")) {
            String set = rs.next() ? rs.getString(1) : null;
            try {
                return set != null && MySqlGtids.hasTags(set) ? set : null;
            } catch (IllegalArgumentException e) {
                return null; // not a GTID set this parser knows; the binlog client reports it when it connects
            }
        }
    }

    private static Long replicaUsing(Connection c, ServerInfo info, long serverId) {
        if (info.mariaDb()) {
            return null; // SHOW SLAVE HOSTS needs REPLICATION MASTER ADMIN, more than the connector should have
        }
        StatusStatements statements = new StatusStatements(ServerVersion.parse(info.version()));
        try {
            return statements.query(c, StatusStatements.Kind.REPLICAS, rs -> {
                while (rs.next()) {
                    if (rs.getLong(1) == serverId) {
                        return serverId;
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            return null; // missing privilege: the binlog connection reports a clash at run time
        }
    }

    private static List<Problem> privileges(Connection c, ServerInfo info) throws SQLException {
        StringBuilder grants = new StringBuilder();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                String g = rs.getString(1).toUpperCase(Locale.ROOT);
                if (g.contains(" ON *.* ")) {
                    grants.append(g).append('\n');
                }
            }
        }
        String all = grants.toString();
        List<Problem> out = new ArrayList<>();
        if (all.contains("ALL PRIVILEGES")) {
            return out;
        }
        String user = MySqlConnectorConfig.USER_CONFIG;
        if (!all.contains("REPLICATION SLAVE") && !all.contains("REPLICATION REPLICA")) {
            out.add(new Problem(
                    user,
                    "lacks the REPLICATION SLAVE privilege needed to read the binlog: "
                            + "GRANT REPLICATION SLAVE ON *.* TO <user>"));
        }
        if (info.mariaDb()) {
            if (!all.contains("BINLOG MONITOR") && !all.contains("REPLICATION CLIENT")) {
                out.add(new Problem(
                        user,
                        "lacks the BINLOG MONITOR (REPLICATION CLIENT) privilege needed to "
                                + "read binlog positions: GRANT BINLOG MONITOR ON *.* TO <user>"));
            }
        } else if (!all.contains("REPLICATION CLIENT")) {
            out.add(new Problem(
                    user,
                    "lacks the REPLICATION CLIENT privilege needed to read binlog positions: "
                            + "GRANT REPLICATION CLIENT ON *.* TO <user>"));
        }
        if (!all.contains("SELECT")) {
            out.add(new Problem(
                    user,
                    "lacks the SELECT privilege needed for the snapshot: GRANT SELECT ON *.* TO "
                            + "<user> (or on the captured databases)"));
        }
        return out;
    }
}
