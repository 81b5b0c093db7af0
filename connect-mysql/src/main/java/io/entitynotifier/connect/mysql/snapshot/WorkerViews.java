package io.entitynotifier.connect.mysql.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker connections of a parallel snapshot (snapshot.max.threads &gt; 1; NOT WIRED YET, see issue #19). Each is
 * opened while the snapshot's main connection still holds its lock (global read lock or LOCK TABLES), and starts its
 * own {@code REPEATABLE READ} consistent-snapshot transaction there, so every worker reads the same view, at the same
 * binlog position as the main connection. Closing ends every worker's transaction and connection.
 */
final class WorkerViews implements AutoCloseable {

    /** Opens a new connection to the server. */
    interface Opener {
        Connection open() throws SQLException;
    }

    private final List<Connection> connections = new ArrayList<>();

    /** Opens {@code n} connections; call it with the snapshot lock held. A failure closes those already opened. */
    static WorkerViews open(Opener opener, int n, long lockTimeoutSeconds) throws SQLException {
        WorkerViews v = new WorkerViews();
        try {
            for (int i = 0; i < n; i++) {
                Connection c = opener.open();
                v.connections.add(c);
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                try (Statement st = c.createStatement()) {
                    st.execute("SET SESSION lock_wait_timeout = " + Math.max(1, lockTimeoutSeconds));
                    st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                    st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
                }
            }
            return v;
        } catch (SQLException | RuntimeException e) {
            v.close();
            throw e;
        }
    }

    /** The i-th worker's connection (worker i always runs on the same thread of the OrderedChunkReader). */
    Connection get(int i) {
        return connections.get(i);
    }

    int size() {
        return connections.size();
    }

    @Override
    public void close() {
        for (Connection c : connections) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // closing below ends the transaction anyway
            }
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing left to release
            }
        }
        connections.clear();
    }
}
