package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.postgres.Catalog.CapturedTable;
import io.entitynotifier.connect.postgres.PostgresConnectorConfig.PublicationMode;
import io.entitynotifier.connect.postgres.PostgresConnectorConfig.SnapshotMode;

/**
 * What must hold on the server before the connector can run, each failure tied to the config key a user would change:
 * used by {@code validate()} (errors on the keys) and at task start (the task fails with the same messages).
 */
public final class ServerChecks {

    /** One failed check and the key it belongs to. */
    public record Problem(String key, String message) {}

    private static final Logger LOG = LoggerFactory.getLogger(ServerChecks.class);

    private ServerChecks() {}

    /**
     * @param activeSlotIsError report a slot in use by another connection (validation); the task instead waits for
     *                          it (a previous task may still be shutting down)
     */
    public static List<Problem> run(
            Connection c,
            PostgresConnectorConfig config,
            List<CapturedTable> all,
            List<CapturedTable> captured,
            boolean activeSlotIsError)
            throws SQLException {
        List<Problem> problems = new ArrayList<>();
        int version = intQuery(c, "SHOW server_version_num");
        if (version < 100000) {
            problems.add(new Problem(
                    PostgresConnectorConfig.HOSTNAME_CONFIG,
                    "PostgreSQL " + version + " is too old; pgoutput logical replication needs 10 or later"));
        }
        // initial_only reads the tables and stops: like Debezium it needs no slot, no publication, no logical WAL.
        boolean streams = config.snapshotMode() != SnapshotMode.INITIAL_ONLY;
        String walLevel = stringQuery(c, "SHOW wal_level");
        if (streams && !"logical".equals(walLevel)) {
            problems.add(new Problem(
                    PostgresConnectorConfig.PLUGIN_NAME_CONFIG,
                    "the server runs with wal_level="
                            + walLevel
                            + "; logical decoding needs wal_level=logical (set it in postgresql.conf and restart "
                            + "the server)"));
        }
        boolean superuser;
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT rolreplication, rolsuper FROM pg_roles WHERE rolname = current_user");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            superuser = rs.getBoolean(2);
            if (streams && !rs.getBoolean(1) && !superuser) {
                problems.add(new Problem(
                        PostgresConnectorConfig.USER_CONFIG,
                        "user '" + config.user() + "' lacks the REPLICATION attribute (ALTER ROLE " + config.user()
                                + " REPLICATION)"));
            }
        }
        checkTables(c, config, all, captured, problems);
        String signal = streams ? IncrementalSetup.signalTableProblem(c, config, captured) : null;
        if (signal != null) {
            problems.add(new Problem(
                    io.entitynotifier.connect.common.signal.SignalConfig.SIGNAL_DATA_COLLECTION_CONFIG, signal));
        }
        boolean standby = streams && Standby.inRecovery(c);
        if (standby) {
            Standby.check(c, config, version, problems);
            if (io.entitynotifier.connect.common.signal.SignalConfig.signalTable(config) != null) {
                problems.add(new Problem(
                        io.entitynotifier.connect.common.signal.SignalConfig.SIGNAL_DATA_COLLECTION_CONFIG,
                        "the server is a standby, which is read-only: incremental snapshots write their watermark "
                                + "rows into the signal table; capture from the primary to use signals"));
            }
        }
        if (streams) {
            checkSlot(c, config, activeSlotIsError, problems);
            if (config.slotFailover() && !standby) {
                String failover = FailoverSlots.problem(c, version, config.slotName());
                if (failover != null) {
                    problems.add(new Problem(PostgresConnectorConfig.SLOT_FAILOVER_CONFIG, failover));
                }
            }
            checkPublication(c, config, captured, superuser, problems);
        }
        return problems;
    }

    private static void checkTables(
            Connection c,
            PostgresConnectorConfig config,
            List<CapturedTable> all,
            List<CapturedTable> captured,
            List<Problem> problems)
            throws SQLException {
        List<TableId> ids = all.stream().map(CapturedTable::id).toList();
        for (String unmatched : config.tableFilter().unmatchedIncludes(ids)) {
            problems.add(new Problem(
                    CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG,
                    "'" + unmatched + "' matches no table in database " + config.dbname()));
        }
        if (captured.isEmpty()) {
            problems.add(new Problem(
                    CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG,
                    "no table of database " + config.dbname() + " is captured"));
        }
        List<String> unreadable = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT has_table_privilege(?::oid, 'SELECT')")) {
            for (CapturedTable t : captured) {
                ps.setLong(1, t.oid());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        unreadable.add(t.id().identifier());
                    }
                }
            }
        }
        if (!unreadable.isEmpty()) {
            problems.add(new Problem(
                    CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG,
                    "user '" + config.user() + "' may not SELECT from " + unreadable + " (GRANT SELECT ON ... TO "
                            + config.user() + ")"));
        }
    }

    private static void checkSlot(
            Connection c, PostgresConnectorConfig config, boolean activeSlotIsError, List<Problem> problems)
            throws SQLException {
        ReplicationSetup.SlotState slot = ReplicationSetup.slot(c, config.slotName());
        if (slot == null) {
            return;
        }
        if (!"pgoutput".equals(slot.plugin())) {
            problems.add(new Problem(
                    PostgresConnectorConfig.SLOT_NAME_CONFIG,
                    "replication slot '" + config.slotName() + "' exists with output plugin '" + slot.plugin()
                            + "', not pgoutput"));
        }
        if (!config.dbname().equals(slot.database())) {
            problems.add(new Problem(
                    PostgresConnectorConfig.SLOT_NAME_CONFIG,
                    "replication slot '"
                            + config.slotName() + "' belongs to database '" + slot.database() + "', not '"
                            + config.dbname() + "'"));
        }
        if (slot.activePid() != null) {
            String holder = applicationName(c, slot.activePid());
            String self = applicationName(config);
            boolean otherConnector = holder != null && holder.startsWith(APPLICATION_PREFIX) && !holder.equals(self);
            // Validation while this very connector streams (a config update) is not a conflict; at task start a
            // previous task of this connector may still be shutting down, so only another connector is an error.
            if ((activeSlotIsError && !self.equals(holder)) || otherConnector) {
                problems.add(new Problem(
                        PostgresConnectorConfig.SLOT_NAME_CONFIG,
                        "replication slot '" + config.slotName() + "' is in use by another connection (server PID "
                                + slot.activePid() + (holder == null ? "" : ", application_name '" + holder + "'")
                                + "); another connector or client streams from it. Give this connector its own "
                                + "slot.name"));
            }
        }
        PublicationOwner.Owner self = PublicationOwner.Owner.of(config);
        for (PublicationOwner.Recorded r : PublicationOwner.all(c)) {
            if (r.owner().slot().equals(config.slotName()) && !r.owner().equals(self)) {
                problems.add(new Problem(
                        PostgresConnectorConfig.SLOT_NAME_CONFIG,
                        "replication slot '" + config.slotName() + "' is the slot of another connector ("
                                + r.owner().describe() + ", recorded on publication '" + r.publication()
                                + "'); two connectors on one slot take each other's changes. Give this connector "
                                + "its own slot.name"));
            }
        }
    }

    static final String APPLICATION_PREFIX = "entitynotifier-";

    /** The application_name of this connector's sessions as the server stores it (at most 63 bytes). */
    static String applicationName(PostgresConnectorConfig config) {
        String name = APPLICATION_PREFIX + config.topicPrefix();
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private static String applicationName(Connection c, int pid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT application_name FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void checkPublication(
            Connection c,
            PostgresConnectorConfig config,
            List<CapturedTable> captured,
            boolean superuser,
            List<Problem> problems)
            throws SQLException {
        PublicationMode mode = config.publicationMode();
        String name = config.publicationName();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT puballtables, pubinsert, pubupdate, pubdelete " + "FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    if (mode == PublicationMode.ALL_TABLES
                            && !config.originals()
                                    .containsKey(PostgresConnectorConfig.PUBLICATION_AUTOCREATE_MODE_CONFIG)) {
                        problems.add(new Problem(
                                PostgresConnectorConfig.PUBLICATION_AUTOCREATE_MODE_CONFIG,
                                "the default 'all_tables' would create publication '" + name + "' FOR ALL TABLES: "
                                        + "PostgreSQL then rejects UPDATE and DELETE on every table of database '"
                                        + config.dbname() + "' without a replica identity, captured or not ("
                                        + exposedNow(c) + "). Set publication.autocreate.mode="
                                        + "all_tables explicitly to choose that, or 'filtered' to publish only the "
                                        + "captured tables"));
                    } else if (mode == PublicationMode.ALL_TABLES) {
                        List<String> exposed = withoutReplicaIdentity(c);
                        if (!exposed.isEmpty()) {
                            LOG.warn(
                                    "publication.autocreate.mode=all_tables: once publication {} exists FOR ALL "
                                            + "TABLES, PostgreSQL rejects UPDATE and DELETE on tables without a "
                                            + "replica identity: {}",
                                    name,
                                    exposed);
                        }
                    }
                    if (mode == PublicationMode.DISABLED) {
                        problems.add(new Problem(
                                PostgresConnectorConfig.PUBLICATION_NAME_CONFIG,
                                "publication '"
                                        + name + "' does not exist and publication.autocreate.mode=disabled; create it "
                                        + "(CREATE PUBLICATION " + name + " FOR TABLE ...) or choose another mode"));
                    } else if (mode == PublicationMode.ALL_TABLES && !superuser) {
                        problems.add(new Problem(
                                PostgresConnectorConfig.PUBLICATION_AUTOCREATE_MODE_CONFIG,
                                "creating publication '" + name + "' FOR ALL TABLES needs a superuser; use "
                                        + "'filtered' or create the publication beforehand"));
                    }
                    return;
                }
                if (!rs.getBoolean(2) || !rs.getBoolean(3) || !rs.getBoolean(4)) {
                    problems.add(new Problem(
                            PostgresConnectorConfig.PUBLICATION_NAME_CONFIG,
                            "publication '" + name + "' does not publish all of insert, update and delete"));
                }
                if (rs.getBoolean(1)) {
                    return; // all tables: nobody changes its table list, so connectors may share it
                }
                PublicationOwner.Owner owner = PublicationOwner.read(c, name);
                if (PublicationOwner.live(c, owner, PublicationOwner.Owner.of(config))) {
                    problems.add(new Problem(
                            PostgresConnectorConfig.PUBLICATION_NAME_CONFIG,
                            "publication '" + name + "' holds the tables of another connector (" + owner.describe()
                                    + ", recorded in the publication's comment): sharing it would drop that "
                                    + "connector's changes or this one's. Set publication.name to a publication of "
                                    + "this connector's own; if that connector is gone, drop its slot '"
                                    + owner.slot() + "' or run COMMENT ON PUBLICATION " + name + " IS NULL"));
                    return;
                }
                if (mode == PublicationMode.FILTERED) {
                    return; // we set its table list ourselves
                }
            }
        }
        Set<String> published = ReplicationSetup.publishedTables(c, name);
        Set<String> missing = new TreeSet<>();
        for (CapturedTable t : captured) {
            if (!published.contains(t.id().identifier())) {
                missing.add(t.id().identifier());
            }
        }
        if (!missing.isEmpty()) {
            problems.add(new Problem(
                    PostgresConnectorConfig.PUBLICATION_NAME_CONFIG,
                    "captured tables " + missing + " are not in publication '" + name + "' (ALTER PUBLICATION " + name
                            + " ADD TABLE ...)"));
        }
    }

    /** Up to ten tables of the database on which a FOR ALL TABLES publication would refuse UPDATE and DELETE. */
    static List<String> withoutReplicaIdentity(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT n.nspname, c.relname FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' "
                        + "AND c.relpersistence <> 't' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                        + "AND (c.relreplident = 'n' "
                        + "OR (c.relreplident = 'd' AND NOT EXISTS (SELECT 1 FROM pg_index i "
                        + "WHERE i.indrelid = c.oid AND i.indisprimary)) "
                        + "OR (c.relreplident = 'i' AND NOT EXISTS (SELECT 1 FROM pg_index i "
                        + "WHERE i.indrelid = c.oid AND i.indisreplident))) ORDER BY 1, 2 LIMIT 11")) {
            while (rs.next()) {
                out.add(out.size() == 10 ? "..." : rs.getString(1) + "." + rs.getString(2));
            }
        }
        return out;
    }

    private static String exposedNow(Connection c) throws SQLException {
        List<String> exposed = withoutReplicaIdentity(c);
        return exposed.isEmpty() ? "none now, but any created later" : "now " + String.join(", ", exposed);
    }

    static int intQuery(Connection c, String sql) throws SQLException {
        return Integer.parseInt(stringQuery(c, sql));
    }

    static String stringQuery(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
