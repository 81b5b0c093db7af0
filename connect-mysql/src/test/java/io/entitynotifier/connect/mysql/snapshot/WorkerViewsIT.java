package io.entitynotifier.connect.mysql.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * Worker connections opened under the global read lock see the main connection's view (not a row committed after
 * the lock is released), and ChunkPlanner's bounds split a table in chunkSize-row steps. MySQL 8.
 */
class WorkerViewsIT {

    @Test
    void workersShareTheViewAndChunksAreSplit() throws Exception {
        DatabaseServer server = SharedFixtures.server(DatabaseServer.Flavor.MYSQL8);
        server.execute("mysql", "DROP DATABASE IF EXISTS wv", "CREATE DATABASE wv");
        server.execute("wv", "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        for (int i = 1; i <= 10; i++) {
            server.execute("wv", "INSERT INTO t VALUES (" + i + ", " + i + ")");
        }
        try (Connection main = server.admin("wv");
                Statement st = main.createStatement()) {
            main.setAutoCommit(false);
            st.execute("FLUSH TABLES WITH READ LOCK");
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            try (WorkerViews views = WorkerViews.open(() -> server.admin("wv"), 2, 10)) {
                st.execute("UNLOCK TABLES");
                server.execute("wv", "INSERT INTO t VALUES (11, 11)");
                for (int i = 0; i < views.size(); i++) {
                    assertEquals(10, count(views.get(i)));
                }
                assertEquals(10, count(main));
                ChunkPlanner planner = new ChunkPlanner("FROM `wv`.`t`", "`id`", "?", List.of(false), 3);
                List<String> bounds = new ArrayList<>();
                List<String> b = planner.nextBound(views.get(0), null);
                while (b != null) {
                    bounds.add(b.get(0));
                    b = planner.nextBound(views.get(0), b);
                }
                assertEquals(List.of("3", "6", "9"), bounds);
                assertNull(planner.nextBound(views.get(1), List.of("9")));
            }
        }
    }

    private static int count(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM `wv`.`t`")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
