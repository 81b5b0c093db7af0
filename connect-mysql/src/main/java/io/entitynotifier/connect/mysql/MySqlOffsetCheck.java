package io.entitynotifier.connect.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.entitynotifier.connect.common.offset.OffsetRequest;
import io.entitynotifier.connect.mysql.server.ServerConnections;
import io.entitynotifier.connect.mysql.server.ServerInfo;

/** The checks of a MySQL/MariaDB offset given through Connect's offsets REST API (KIP-875). */
final class MySqlOffsetCheck {

    private MySqlOffsetCheck() {}

    /** The offset's position, once every field has the type {@link BinlogPosition#fromOffset} reads. */
    static BinlogPosition parse(Map<String, ?> o) {
        OffsetRequest.requiredString(o, BinlogPosition.FILE);
        OffsetRequest.requiredLong(o, BinlogPosition.POS, 0);
        OffsetRequest.optionalString(o, BinlogPosition.GTIDS);
        OffsetRequest.optionalString(o, BinlogPosition.GTID);
        OffsetRequest.optionalLong(o, BinlogPosition.EVENT);
        Long row = OffsetRequest.optionalLong(o, BinlogPosition.ROW);
        if (row != null && row < 0) {
            throw new IllegalArgumentException("field '" + BinlogPosition.ROW + "' must be at least 0");
        }
        OffsetRequest.optionalString(o, BinlogPosition.SNAPSHOT_TABLE);
        OffsetRequest.optionalString(o, BinlogPosition.SNAPSHOT_KEY);
        Object snapshot = o.get(BinlogPosition.SNAPSHOT);
        if (snapshot != null && !(snapshot instanceof Boolean) && !(snapshot instanceof String)) {
            throw new IllegalArgumentException("field '" + BinlogPosition.SNAPSHOT + "' must be true or false");
        }
        try {
            return BinlogPosition.fromOffset(o);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "the offset cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Refuses a binlog file the server no longer has (or never had), and on MySQL a GTID set that is not contained in
     * {@code gtid_executed} or that misses transactions already purged from the binlogs.
     */
    static void servable(String name, MySqlConnectorConfig config, BinlogPosition p) {
        if (p == null) {
            return; // an interrupted Debezium snapshot: the connector snapshots afresh
        }
        try (Connection c = new ServerConnections(config).open()) {
            ServerInfo info = ServerInfo.read(c);
            List<String> files = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
                while (rs.next()) {
                    files.add(rs.getString(1));
                }
            }
            boolean byGtid = info.gtidMode() && p.gtids() != null && !p.gtids().isBlank();
            if (!byGtid && !files.contains(p.file())) {
                throw OffsetRequest.badRequest(name + ": field 'file' " + p.file() + " is not among the server's"
                        + " binary logs " + files + " (purged, or never written): that position cannot be served");
            }
            if (byGtid && !info.mariaDb()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed),"
                        + " GTID_SUBSET(@@GLOBAL.gtid_purged, ?), @@GLOBAL.gtid_purged")) {
                    ps.setString(1, p.gtids());
                    ps.setString(2, p.gtids());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) != 1) {
                            throw OffsetRequest.badRequest(name + ": field 'gtids' '" + p.gtids() + "' is not"
                                    + " contained in the server's gtid_executed: those transactions never ran here");
                        }
                        if (rs.getInt(2) != 1) {
                            throw OffsetRequest.badRequest(name + ": field 'gtids' '" + p.gtids() + "' lacks"
                                    + " transactions the server has purged (gtid_purged '" + rs.getString(3)
                                    + "'): the changes after that position are no longer in the binary logs");
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw OffsetRequest.badRequest(
                    name + ": cannot check the position " + p + " against the server: " + e.getMessage());
        }
    }
}
