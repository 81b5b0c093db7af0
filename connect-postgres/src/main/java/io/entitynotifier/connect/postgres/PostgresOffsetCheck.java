package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import io.entitynotifier.connect.common.offset.OffsetRequest;
import io.entitynotifier.connect.common.offset.SnapshotKeyText;

/** The checks of a PostgreSQL offset given through Connect's offsets REST API (KIP-875). */
final class PostgresOffsetCheck {

    private PostgresOffsetCheck() {}

    /** The offset's LSN, once every field has the type {@link PostgresOffset#fromMap} reads. */
    static long parse(Map<String, ?> o) {
        long lsn = OffsetRequest.requiredLong(o, PostgresOffset.LSN, 0);
        OffsetRequest.optionalLong(o, PostgresOffset.TX_ID);
        Long events = OffsetRequest.optionalLong(o, PostgresOffset.TXN_EVENTS);
        if (events != null && events < 0) {
            throw new IllegalArgumentException("field '" + PostgresOffset.TXN_EVENTS + "' must be at least 0");
        }
        // Debezium's own keys (a takeover offset): typed as Debezium writes them.
        OffsetRequest.optionalLong(o, "lsn_proc");
        OffsetRequest.optionalLong(o, "lsn_commit");
        OffsetRequest.optionalLong(o, "ts_usec");
        OffsetRequest.optionalString(o, "messageType");
        Object snapshot = o.get(PostgresOffset.SNAPSHOT);
        if (snapshot != null && !(snapshot instanceof Boolean) && !(snapshot instanceof String)) {
            throw new IllegalArgumentException("field '" + PostgresOffset.SNAPSHOT + "' must be true or false");
        }
        if (Boolean.TRUE.equals(snapshot)
                && !PostgresOffset.DEBEZIUM_ONLY_KEYS.stream().anyMatch(o::containsKey)) {
            OffsetRequest.requiredString(o, PostgresOffset.SNAPSHOT_TABLE);
            String key = OffsetRequest.optionalString(o, PostgresOffset.SNAPSHOT_KEY);
            if (key != null) {
                try {
                    SnapshotKeyText.decode(key);
                } catch (RuntimeException e) {
                    // The key holds row values: never repeated in the message.
                    throw new IllegalArgumentException(
                            "field '" + PostgresOffset.SNAPSHOT_KEY + "' is not a key this connector wrote");
                }
            }
            OffsetRequest.optionalString(o, PostgresOffset.SNAPSHOT_CTID);
            String point = OffsetRequest.optionalString(o, PostgresOffset.SNAPSHOT_POINT);
            if (point != null && !point.matches("\\d+:\\d+:[\\d,]*")) {
                throw new IllegalArgumentException("field '" + PostgresOffset.SNAPSHOT_POINT
                        + "' must be a txid_current_snapshot() text xmin:xmax:xip, not '" + point + "'");
            }
        }
        try {
            PostgresOffset.fromMap(o);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "the offset cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return lsn;
    }

    /** Refuses an LSN before the slot's confirmed_flush_lsn: the server would start at that point instead. */
    static void servable(String name, PostgresConnectorConfig config, long lsn) {
        PostgresConnections connections = new PostgresConnections(config);
        try (Connection c = connections.sql();
                PreparedStatement ps = c.prepareStatement("SELECT restart_lsn::text, confirmed_flush_lsn::text"
                        + " FROM pg_replication_slots WHERE slot_name = ? AND database = ?")) {
            ps.setString(1, config.slotName());
            ps.setString(2, config.dbname());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw OffsetRequest.badRequest(name + ": replication slot '" + config.slotName()
                            + "' does not exist in database " + config.dbname() + ", so no position can be served;"
                            + " reset the offsets (DELETE /connectors/" + name + "/offsets) to start afresh");
                }
                String confirmed = rs.getString(2);
                if (confirmed != null && lsn < parseLsn(confirmed)) {
                    throw OffsetRequest.badRequest(name + ": field 'lsn' " + format(lsn) + " is before the"
                            + " confirmed_flush_lsn " + confirmed + " of replication slot '" + config.slotName()
                            + "' (restart_lsn " + rs.getString(1) + "): the slot cannot rewind, the changes in between"
                            + " would not be delivered; give an LSN at or after " + confirmed
                            + ", or reset the offsets for a fresh snapshot");
                }
            }
        } catch (SQLException e) {
            throw OffsetRequest.badRequest(name + ": cannot check field 'lsn' " + format(lsn) + " against"
                    + " replication slot '" + config.slotName() + "': cannot connect to " + connections.url() + ": "
                    + e.getMessage());
        }
    }

    static long parseLsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    static String format(long lsn) {
        return String.format("%X/%X", lsn >>> 32, lsn & 0xFFFFFFFFL);
    }
}
