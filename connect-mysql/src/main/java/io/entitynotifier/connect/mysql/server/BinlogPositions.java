package io.entitynotifier.connect.mysql.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.entitynotifier.connect.mysql.BinlogPosition;

/** Reads binlog positions from the server and tells whether an old one is still available. */
public final class BinlogPositions {

    private final ServerInfo info;
    private final StatusStatements statements;

    public BinlogPositions(ServerInfo info) {
        this.info = info;
        this.statements = new StatusStatements(ServerVersion.parse(info.version()));
    }

    /** The statement choice (by version, then by what each connection accepts). */
    public StatusStatements statements() {
        return statements;
    }

    /** The end of the binlog now ({@code SHOW BINARY LOG STATUS}, or {@code SHOW MASTER STATUS} before MySQL 8.2). */
    public BinlogPosition current(Connection c) throws SQLException {
        BinlogPosition p = statements.query(c, StatusStatements.Kind.BINLOG_STATUS, rs -> {
            if (!rs.next()) {
                throw new SQLException(
                        "the binlog status (" + statements.accepted(c, StatusStatements.Kind.BINLOG_STATUS)
                                + ") returned nothing: binary logging is off");
            }
            String file = rs.getString(1);
            long pos = rs.getLong(2);
            String gtids = info.gtidMode() && !info.mariaDb() ? normalize(rs.getString(5)) : null;
            return BinlogPosition.at(gtids, file, pos);
        });
        if (!info.gtidMode()) {
            return p;
        }
        if (info.mariaDb()) {
            return BinlogPosition.at(gtidAt(c, p.file(), p.pos()), p.file(), p.pos());
        }
        MySqlGtids.refuseTagged("the server's executed GTID set", p.gtids());
        return p;
    }

    /**
     * Opens a consistent-snapshot transaction on {@code c} and returns the binlog position it corresponds to. MariaDB
     * reports that position itself (no lock); MySQL needs a global read lock held just while the transaction starts
     * and the position is read.
     */
    public BinlogPosition startConsistentSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement st = c.createStatement()) {
            if (info.mariaDb()) {
                st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
                Map<String, String> status = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
                    while (rs.next()) {
                        status.put(rs.getString(1).toLowerCase(), rs.getString(2));
                    }
                }
                String file = status.get("binlog_snapshot_file");
                long pos = Long.parseLong(status.get("binlog_snapshot_position"));
                return BinlogPosition.at(gtidAt(c, file, pos), file, pos);
            }
            st.execute("FLUSH TABLES WITH READ LOCK");
            try {
                st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
                return current(c);
            } finally {
                st.execute("UNLOCK TABLES");
            }
        }
    }

    /** The oldest position the server still has (snapshot.mode=never without offsets). */
    public BinlogPosition earliest(Connection c) throws SQLException {
        List<String> files = binlogFiles(c);
        if (files.isEmpty()) {
            throw new SQLException("the server lists no binary logs: binary logging is off");
        }
        String file = files.get(0);
        if (!info.gtidMode()) {
            return BinlogPosition.at(null, file, 4);
        }
        if (info.mariaDb()) {
            return BinlogPosition.at(gtidAt(c, file, 4), file, 4);
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT @@GLOBAL.gtid_purged")) {
            rs.next();
            String purged = normalize(rs.getString(1));
            MySqlGtids.refuseTagged("the server's purged GTID set", purged);
            return BinlogPosition.at(purged, file, 4);
        }
    }

    /** Null when the server still has everything after {@code p}; otherwise why not. */
    public String missingReason(Connection c, BinlogPosition p) throws SQLException {
        if (p.usesGtids() && !info.mariaDb()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT GTID_SUBSET(@@GLOBAL.gtid_purged, ?)")) {
                ps.setString(1, p.gtids());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) != 1) {
                        return "the server has purged GTIDs that the connector has not read yet (offset GTID set '"
                                + p.gtids() + "')";
                    }
                    return null;
                }
            }
        }
        if (!binlogFiles(c).contains(p.file())) {
            return "the binlog file " + p.file() + " the connector has to continue from has been purged from the "
                    + "server";
        }
        return null;
    }

    public List<String> binlogFiles(Connection c) throws SQLException {
        return statements.query(c, StatusStatements.Kind.BINARY_LOGS, rs -> {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        });
    }

    private static String gtidAt(Connection c, String file, long pos) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
            ps.setString(1, file);
            ps.setLong(2, pos);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String s = rs.getString(1);
                return s == null ? "" : s;
            }
        }
    }

    private static String normalize(String gtids) {
        return gtids == null ? "" : gtids.replace("\n", "").replace(" ", "");
    }
}
