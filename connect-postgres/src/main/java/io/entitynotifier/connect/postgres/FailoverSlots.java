package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.ReplicationSlotInfo;
import org.postgresql.replication.ReplicationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 failover slots ({@code slot.failover=true}): the slot is created with the FAILOVER option, so a
 * standby with {@code sync_replication_slots=on} keeps a synchronized copy and the connector can continue on it after
 * a promotion. pgjdbc's slot builder has no such option, so the replication command is sent as text here.
 */
final class FailoverSlots {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverSlots.class);

    /** The first server version (server_version_num) with failover slots. */
    static final int MIN_VERSION_NUM = 170000;

    private FailoverSlots() {}

    /**
     * {@code CREATE_REPLICATION_SLOT ... LOGICAL pgoutput (SNAPSHOT 'export', FAILOVER)} on a replication connection.
     * {@code slotName} has passed the slot-name validator (lower-case letters, digits, underscores), so it needs no
     * quoting.
     */
    static ReplicationSlotInfo create(Connection replication, String slotName) throws SQLException {
        String sql = "CREATE_REPLICATION_SLOT " + slotName + " LOGICAL pgoutput (SNAPSHOT 'export', FAILOVER)";
        try (Statement st = replication.createStatement()) {
            if (!st.execute(sql)) {
                throw new SQLException("CREATE_REPLICATION_SLOT returned no result for slot " + slotName);
            }
            try (ResultSet rs = st.getResultSet()) {
                if (!rs.next()) {
                    throw new SQLException("CREATE_REPLICATION_SLOT returned no row for slot " + slotName);
                }
                ReplicationSlotInfo info = new ReplicationSlotInfo(
                        rs.getString("slot_name"),
                        ReplicationType.LOGICAL,
                        LogSequenceNumber.valueOf(rs.getString("consistent_point")),
                        rs.getString("snapshot_name"),
                        rs.getString("output_plugin"));
                LOG.info(
                        "Created failover replication slot {} at {} (snapshot {})",
                        slotName,
                        info.getConsistentPoint().asString(),
                        info.getSnapshotName());
                return info;
            }
        }
    }

    /** True when {@code slotName} exists on this PostgreSQL 17+ server with failover = false. */
    static boolean existsWithoutFailover(Connection c, String slotName) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT NOT failover FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slotName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The problem with {@code slot.failover=true} on this server, or null. */
    static String problem(Connection c, int versionNum, String slotName) throws SQLException {
        if (versionNum < MIN_VERSION_NUM) {
            return "failover slots need PostgreSQL 17 or later; the server is version " + versionNum
                    + " (server_version_num). Set slot.failover=false";
        }
        if (existsWithoutFailover(c, slotName)) {
            return "replication slot '" + slotName + "' exists without failover; enable it on a replication "
                    + "connection with ALTER_REPLICATION_SLOT " + slotName + " (FAILOVER true), or drop the slot so "
                    + "the connector creates it with FAILOVER (a new snapshot then runs as snapshot.mode says)";
        }
        return null;
    }
}
