package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.ReplicationSlotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.postgres.Catalog.CapturedTable;
import io.entitynotifier.connect.postgres.PostgresConnectorConfig.PublicationMode;

/** Creates and inspects the publication and the replication slot. Never drops the slot unless asked to. */
public final class ReplicationSetup {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationSetup.class);

    /** A row of pg_replication_slots. {@code activePid} is null when no connection streams from it. */
    public record SlotState(String plugin, String database, Integer activePid, long confirmedFlushLsn) {}

    private ReplicationSetup() {}

    public static SlotState slot(Connection c, String slotName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT plugin, database, active_pid, "
                + "confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slotName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                int pid = rs.getInt(3);
                Integer active = rs.wasNull() ? null : pid;
                String lsn = rs.getString(4);
                return new SlotState(
                        rs.getString(1),
                        rs.getString(2),
                        active,
                        lsn == null ? 0 : LogSequenceNumber.valueOf(lsn).asLong());
            }
        }
    }

    /**
     * Creates the slot on a replication connection. The snapshot it exports stays usable only while that connection
     * is open and idle, so the caller imports it before closing {@code replication}.
     */
    public static ReplicationSlotInfo createSlot(Connection replication, String slotName, boolean failover)
            throws SQLException {
        return failover ? FailoverSlots.create(replication, slotName) : createSlot(replication, slotName);
    }

    /** {@link #createSlot(Connection, String, boolean)} without failover. */
    public static ReplicationSlotInfo createSlot(Connection replication, String slotName) throws SQLException {
        ReplicationSlotInfo info = replication
                .unwrap(PGConnection.class)
                .getReplicationAPI()
                .createReplicationSlot()
                .logical()
                .withSlotName(slotName)
                .withOutputPlugin("pgoutput")
                .make();
        LOG.info(
                "Created replication slot {} at {} (snapshot {})",
                slotName,
                info.getConsistentPoint().asString(),
                info.getSnapshotName());
        return info;
    }

    public static void dropSlot(Connection c, String slotName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_drop_replication_slot(slot_name) " + "FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slotName);
            ps.execute();
        }
        LOG.info("Dropped replication slot {}", slotName);
    }

    /**
     * Tables of a publication as {@code schema.table}: listed ones, those of its schemas (PostgreSQL 15+), all of them
     * for {@code FOR ALL TABLES}, and the partitions of published partitioned tables. Read from the catalogs, not
     * from {@code pg_publication_tables}: on PostgreSQL 16+ that view opens every published table and so waits
     * behind any ACCESS EXCLUSIVE lock (an ALTER TABLE, a VACUUM FULL), which would hang the connector's start.
     */
    public static Set<String> publishedTables(Connection c, String publication) throws SQLException {
        int version = ServerChecks.intQuery(c, "SHOW server_version_num");
        boolean schemas = version >= 150000;
        String viaRoot = version >= 130000 ? "pubviaroot" : "false";
        String sql = "WITH RECURSIVE pub AS (SELECT oid, puballtables, " + viaRoot
                + " AS viaroot FROM pg_publication WHERE pubname = ?), "
                + "listed AS ("
                + " SELECT pr.prrelid AS relid FROM pg_publication_rel pr JOIN pub ON pr.prpubid = pub.oid"
                + (schemas
                        ? " UNION SELECT cl.oid FROM pg_publication_namespace pn JOIN pub ON pn.pnpubid = pub.oid"
                                + " JOIN pg_class cl ON cl.relnamespace = pn.pnnspid AND cl.relkind IN ('r', 'p')"
                        : "")
                + " UNION SELECT cl.oid FROM pg_class cl JOIN pub ON pub.puballtables"
                + " JOIN pg_namespace n ON n.oid = cl.relnamespace"
                + " WHERE cl.relkind IN ('r', 'p') AND cl.relpersistence = 'p'"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'), "
                + "tree AS (SELECT relid FROM listed"
                + " UNION SELECT i.inhrelid FROM pg_inherits i JOIN tree t ON i.inhparent = t.relid) "
                // As the view: leaf tables, or with publish_via_partition_root the topmost published ancestors.
                + "SELECT n.nspname, cl.relname FROM tree JOIN pg_class cl ON cl.oid = tree.relid"
                + " JOIN pg_namespace n ON n.oid = cl.relnamespace CROSS JOIN pub"
                + " WHERE (NOT pub.viaroot AND cl.relkind = 'r')"
                + " OR (pub.viaroot AND cl.oid IN (SELECT relid FROM listed) AND NOT EXISTS ("
                + " SELECT 1 FROM pg_inherits i JOIN tree t2 ON i.inhparent = t2.relid WHERE i.inhrelid = cl.oid))";
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "." + rs.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * Makes the publication exist as {@code publication.autocreate.mode} asks. Must run before the slot is created:
     * the slot decodes with the catalog as of each change, and a publication younger than a change is unknown to it.
     */
    public static void ensurePublication(Connection c, PostgresConnectorConfig config, List<CapturedTable> captured)
            throws SQLException {
        String name = config.publicationName();
        PublicationMode mode = config.publicationMode();
        boolean exists;
        boolean allTables = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT puballtables FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
                if (exists) {
                    allTables = rs.getBoolean(1);
                }
            }
        }
        if (mode == PublicationMode.DISABLED) {
            return; // checked by ServerChecks
        }
        if (Standby.inRecovery(c)) {
            return; // read-only: ServerChecks asks for mode disabled unless nothing is to be written
        }
        String tableList = captured.stream().map(t -> Catalog.quote(t.id())).collect(Collectors.joining(", "));
        // Changes of a partition then arrive as changes of the partitioned table the connector captures (PG 13+).
        String options = ServerChecks.intQuery(c, "SHOW server_version_num") >= 130000
                ? " WITH (publish_via_partition_root = true)"
                : "";
        // The caller holds PublicationOwner's claim lock and has refused a publication another connector manages.
        PublicationOwner.Owner self = PublicationOwner.Owner.of(config);
        try (Statement s = c.createStatement()) {
            if (!exists && mode == PublicationMode.ALL_TABLES) {
                s.execute("CREATE PUBLICATION " + Catalog.quote(name) + " FOR ALL TABLES" + options);
                LOG.info("Created publication {} FOR ALL TABLES", name);
                PublicationOwner.record(c, name, self);
            } else if (!exists) {
                s.execute("CREATE PUBLICATION " + Catalog.quote(name) + " FOR TABLE " + tableList + options);
                LOG.info("Created publication {} for {}", name, tableList);
                PublicationOwner.record(c, name, self);
            } else if (mode == PublicationMode.FILTERED && !allTables) {
                PublicationOwner.record(c, name, self);
                Set<String> want =
                        captured.stream().map(t -> t.id().identifier()).collect(Collectors.toSet());
                if (!publishedTables(c, name).equals(want)) {
                    s.execute("ALTER PUBLICATION " + Catalog.quote(name) + " SET TABLE " + tableList);
                    LOG.info("Set the tables of publication {} to {}", name, tableList);
                }
            }
        }
    }
}
