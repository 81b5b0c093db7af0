package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.postgres.PostgresConnectorConfig.PublicationMode;
import io.entitynotifier.connect.postgres.ServerChecks.Problem;

/**
 * Capture from a hot standby (PostgreSQL 16+ decodes logically on a standby). A standby is read-only: the connector
 * can create its slot there, but not a publication, nor record itself in a publication's comment, nor change its
 * table list, so the publication is created on the primary (it replicates to the standby) and the connector runs with
 * {@code publication.autocreate.mode=disabled}. The slot lives on the standby only and survives its promotion.
 */
final class Standby {

    private static final Logger LOG = LoggerFactory.getLogger(Standby.class);

    /** The first server version (server_version_num) that decodes logically on a standby. */
    static final int MIN_VERSION_NUM = 160000;

    /**
     * The server's newest WAL position: written WAL on a primary; on a standby the WAL received from the primary
     * (replayed, before the WAL receiver has connected).
     */
    static final String CURRENT_LSN = "CASE WHEN pg_is_in_recovery() THEN "
            + "COALESCE(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) ELSE pg_current_wal_lsn() END";

    /** {@link #CURRENT_LSN} as pg_lsn text. */
    static final String CURRENT_LSN_SQL = "SELECT (" + CURRENT_LSN + ")::text";

    private Standby() {}

    /** True on a server in recovery (a standby). */
    static boolean inRecovery(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** What stands in the way of streaming from this standby, each tied to the key a user would change. */
    static void check(Connection c, PostgresConnectorConfig config, int versionNum, List<Problem> problems)
            throws SQLException {
        if (versionNum < MIN_VERSION_NUM) {
            problems.add(new Problem(
                    PostgresConnectorConfig.HOSTNAME_CONFIG,
                    "the server is a standby (in recovery) of version " + versionNum + " (server_version_num); "
                            + "logical decoding on a standby needs PostgreSQL 16 or later. Connect to the primary"));
            return;
        }
        if (config.slotFailover()) {
            problems.add(new Problem(
                    PostgresConnectorConfig.SLOT_FAILOVER_CONFIG,
                    "the server is a standby: PostgreSQL creates no failover slot on a standby. Set "
                            + "slot.failover=false (the slot on the standby survives its promotion)"));
        }
        PublicationMode mode = config.publicationMode();
        if (mode == PublicationMode.DISABLED) {
            return; // ServerChecks reports a missing publication
        }
        String name = config.publicationName();
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        if (!exists) {
            problems.add(new Problem(
                    PostgresConnectorConfig.PUBLICATION_AUTOCREATE_MODE_CONFIG,
                    "the server is a standby (read-only): the connector cannot create publication '" + name
                            + "' there. Create it on the primary (CREATE PUBLICATION " + name
                            + " FOR TABLE ...; it replicates to the standby) and set "
                            + "publication.autocreate.mode=disabled"));
        } else if (mode == PublicationMode.FILTERED) {
            problems.add(new Problem(
                    PostgresConnectorConfig.PUBLICATION_AUTOCREATE_MODE_CONFIG,
                    "the server is a standby (read-only): with publication.autocreate.mode=filtered the connector would record itself on publication '"
                            + name + "' or change its "
                            + "tables, which a standby refuses. Keep the publication's tables on the primary and set "
                            + "publication.autocreate.mode=disabled"));
        }
    }

    /** Logs what a standby needs beyond the checks: feedback to the primary, and the primary's snapshot records. */
    static void warnAboutSettings(Connection c, String slotName) throws SQLException {
        if (!"on".equals(ServerChecks.stringQuery(c, "SHOW hot_standby_feedback"))) {
            LOG.warn(
                    "The standby runs with hot_standby_feedback=off: the primary may remove catalog rows that slot "
                            + "{} still needs, and PostgreSQL then invalidates the slot. Set hot_standby_feedback=on "
                            + "(with primary_slot_name) on the standby",
                    slotName);
        }
        if (ReplicationSetup.slot(c, slotName) == null) {
            LOG.info(
                    "Creating slot {} on a standby: PostgreSQL completes it only once the primary has logged a "
                            + "running-transactions record (with activity about every 15 s, at each checkpoint, or "
                            + "at once with SELECT pg_log_standby_snapshot() on the primary)",
                    slotName);
        }
    }
}
