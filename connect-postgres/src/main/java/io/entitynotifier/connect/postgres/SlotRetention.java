package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.metrics.TaskMetrics;
import io.entitynotifier.connect.postgres.PostgresConnectorConfig.SnapshotMode;

/**
 * The task's {@code PostgresSlotRetainedWalBytes} metric: the bytes of WAL the connector's slot keeps on the server,
 * {@code pg_wal_lsn_diff(<server position>, restart_lsn)} from {@code pg_replication_slots}, where the server position
 * is {@code pg_current_wal_lsn()} on a primary and the received WAL ({@code pg_last_wal_receive_lsn()}) on a standby.
 * Sampled every {@link #INTERVAL_MS} on a daemon thread of its own over one SQL connection, never on the poll or reader
 * thread. Null until the slot exists, after it was invalidated (no restart_lsn), and while the server cannot be asked.
 */
final class SlotRetention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlotRetention.class);

    static final long INTERVAL_MS = 5_000;

    static final String SQL = "SELECT pg_wal_lsn_diff(" + Standby.CURRENT_LSN + ", restart_lsn)::bigint "
            + "FROM pg_replication_slots WHERE slot_name = ?";

    private final PostgresConnections connections;
    private final String slot;
    private final ScheduledExecutorService sampler;
    private volatile Long bytes;
    /** Opened and used by the sampler thread; closed by it after a failure, or by {@link #close}. */
    private volatile Connection connection;

    private SlotRetention(PostgresConnections connections, String slot, String threadName) {
        this.connections = connections;
        this.slot = slot;
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sampling and publishes the figure on {@code metrics}; samples nothing for initial_only (no slot). */
    static SlotRetention start(PostgresConnectorConfig config, TaskMetrics metrics) {
        SlotRetention r = new SlotRetention(
                new PostgresConnections(config),
                config.slotName(),
                "entitynotifier-postgres-slot-retention-" + config.topicPrefix());
        metrics.slotRetainedWalBytes(r::bytes);
        if (config.snapshotMode() != SnapshotMode.INITIAL_ONLY) {
            r.sampler.scheduleWithFixedDelay(r::sample, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
        return r;
    }

    /** The last sample, or null. */
    Long bytes() {
        return bytes;
    }

    private void sample() {
        try {
            if (connection == null) {
                connection = connections.sql();
            }
            try (PreparedStatement ps = connection.prepareStatement(SQL)) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    Long value = null;
                    if (rs.next()) {
                        long v = rs.getLong(1);
                        value = rs.wasNull() ? null : v;
                    }
                    bytes = value;
                }
            }
        } catch (SQLException | RuntimeException e) {
            bytes = null;
            LOG.debug("Could not sample the WAL retained by slot {}: {}", slot, e.getMessage());
            closeConnection();
        }
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            if (!sampler.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The WAL retention sampler of slot {} did not stop in time", slot);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
