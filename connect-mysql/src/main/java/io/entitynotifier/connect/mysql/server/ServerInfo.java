package io.entitynotifier.connect.mysql.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** What the connector needs to know about the server: flavour, GTID mode and the binlog settings. */
public record ServerInfo(
        String version, boolean mariaDb, boolean gtidMode, long serverId, Map<String, String> variables) {

    public static ServerInfo read(Connection c) throws SQLException {
        Map<String, String> vars = new HashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES WHERE "
                        + "Variable_name IN ('version', 'log_bin', 'binlog_format', 'binlog_row_image', "
                        + "'binlog_row_metadata', 'gtid_mode', 'server_id', 'binlog_row_value_options', "
                        + "'binlog_transaction_compression')")) {
            while (rs.next()) {
                vars.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            }
        }
        String version = vars.getOrDefault("version", "");
        boolean maria = version.toLowerCase(Locale.ROOT).contains("mariadb");
        boolean gtid = maria || "ON".equalsIgnoreCase(vars.get("gtid_mode"));
        long serverId = Long.parseLong(vars.getOrDefault("server_id", "0"));
        return new ServerInfo(version, maria, gtid, serverId, Map.copyOf(vars));
    }

    public String variable(String name) {
        return variables.get(name);
    }

    public String flavor() {
        return mariaDb ? "MariaDB" : "MySQL";
    }
}
