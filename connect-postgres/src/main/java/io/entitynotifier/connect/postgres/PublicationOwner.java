package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which connector manages a publication's table list, recorded in the publication's comment ({@code COMMENT ON
 * PUBLICATION}): the connector's {@code slot.name} and {@code topic.prefix}. Needs no grant beyond what managing the
 * publication already needs (only its owner may alter or comment on it), and every user can read comments
 * ({@code obj_description}). A record whose slot no longer exists is stale: that connector is gone.
 *
 * <p>The record also serves as the registry of slots: a slot named in another connector's record is that connector's.
 * Claims are serialised by a database-wide advisory lock, held from the ownership check until the claiming
 * connector's slot exists, so two connectors starting together cannot both see a publication as free.
 */
public final class PublicationOwner {

    private static final Logger LOG = LoggerFactory.getLogger(PublicationOwner.class);

    /** "EntiNoti": the advisory lock key of publication claims (advisory locks are per database). */
    static final long CLAIM_LOCK = 0x456e74694e6f7469L;

    private static final String MARK = "Managed by EntityNotifier:";
    private static final Pattern RECORD =
            Pattern.compile(Pattern.quote(MARK) + " slot\\.name=([a-z0-9_]+) topic\\.prefix=([A-Za-z0-9._-]+)(?: |$)");

    /** The connector identity a record holds. */
    public record Owner(String slot, String topicPrefix) {
        static Owner of(PostgresConnectorConfig config) {
            return new Owner(config.slotName(), config.topicPrefix());
        }

        String comment() {
            // A space ends the prefix (a topic prefix may hold dots, never spaces).
            return MARK + " slot.name=" + slot + " topic.prefix=" + topicPrefix
                    + " (another connector must not use or change this publication; see docs/postgres.md)";
        }

        String describe() {
            return "slot.name=" + slot + ", topic.prefix=" + topicPrefix;
        }
    }

    /** A publication and the owner its comment records. */
    public record Recorded(String publication, Owner owner) {}

    private PublicationOwner() {}

    static Owner parse(String comment) {
        if (comment == null) {
            return null;
        }
        Matcher m = RECORD.matcher(comment);
        return m.find() ? new Owner(m.group(1), m.group(2)) : null;
    }

    /** The owner recorded on {@code publication}, or null (no record, or no such publication). */
    public static Owner read(Connection c, String publication) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT obj_description(oid, 'pg_publication') FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? parse(rs.getString(1)) : null;
            }
        }
    }

    /** Every record on the publications of this database. */
    public static List<Recorded> all(Connection c) throws SQLException {
        List<Recorded> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pubname, obj_description(oid, 'pg_publication') "
                        + "FROM pg_publication ORDER BY pubname")) {
            while (rs.next()) {
                Owner o = parse(rs.getString(2));
                if (o != null) {
                    out.add(new Recorded(rs.getString(1), o));
                }
            }
        }
        return out;
    }

    /** A record that binds: it names another connector whose slot still exists. */
    static boolean live(Connection c, Owner recorded, Owner self) throws SQLException {
        return recorded != null && !recorded.equals(self) && ReplicationSetup.slot(c, recorded.slot()) != null;
    }

    /** Whether the current user may comment on the publication (is, or is a member of, its owner). */
    static boolean mayRecord(Connection c, String publication) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_has_role(current_user, pubowner, 'USAGE') FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Records {@code self} as the publication's owner, unless it already is or the user may not. */
    static void record(Connection c, String publication, Owner self) throws SQLException {
        if (self.equals(read(c, publication))) {
            return;
        }
        if (!mayRecord(c, publication)) {
            LOG.warn(
                    "Publication {} belongs to another database role: its managing connector cannot be recorded, "
                            + "so other connectors are not kept from changing it",
                    publication);
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("COMMENT ON PUBLICATION " + Catalog.quote(publication) + " IS '"
                    + self.comment().replace("'", "''") + "'");
        }
        LOG.info("Recorded this connector ({}) as the one managing publication {}", self.describe(), publication);
    }

    /**
     * Takes the claim lock on {@code c}'s session, waiting while another connector holds it. Returns false when
     * {@code running} turned false first.
     */
    static boolean lock(Connection c, BooleanSupplier running, Pause pause) throws Exception {
        boolean logged = false;
        while (running.getAsBoolean()) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + CLAIM_LOCK + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return true;
                }
            }
            if (!logged) {
                LOG.info("Another connector is setting up its publication and slot on this database; waiting");
                logged = true;
            }
            pause.pause(200);
        }
        return false;
    }

    static void unlock(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_unlock(" + CLAIM_LOCK + ")");
        } catch (SQLException e) {
            // The lock ends with the session anyway.
            LOG.debug("Could not release the publication claim lock: {}", e.getMessage());
        }
    }

    /** Waits, returning early on stop. */
    @FunctionalInterface
    interface Pause {
        void pause(long ms) throws InterruptedException;
    }
}
