package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * A rolled-back transaction that touched a temporary and a MyISAM table: MariaDB logs the MyISAM change as a group of
 * its own ending in COMMIT (it happened), and the InnoDB rows in a group ending in ROLLBACK (they did not happen).
 * Only the MyISAM change is delivered.
 */
class RollbackGroupIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void rowsOfAGroupEndingInRollbackAreNotDeliveredAndTheMyIsamChangeIs() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MARIADB);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        s.execute(
                null,
                "CREATE DATABASE rb",
                "CREATE TABLE rb.i (id INT PRIMARY KEY) ENGINE=InnoDB",
                "CREATE TABLE rb.m (id INT PRIMARY KEY) ENGINE=MyISAM",
                "INSERT INTO rb.i VALUES (1)");
        cluster.deploy("rb", SharedFixtures.connector(s, "rb", "rb"));
        assertEquals(List.of("r1"), ops(ChangeEvents.parse(cluster.consumeCommitted(1, TIMEOUT, "rb.rb.i"))));

        try (Connection c = s.admin("rb");
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TEMPORARY TABLE tt (id INT) ENGINE=MyISAM");
            st.execute("INSERT INTO i VALUES (2)");
            st.execute("INSERT INTO m VALUES (3)");
            st.execute("INSERT INTO tt VALUES (4)");
            c.rollback();
            c.setAutoCommit(true);
        }
        s.execute("rb", "INSERT INTO i VALUES (5)", "INSERT INTO m VALUES (6)");

        try (Connection c = s.admin("rb");
                Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM i")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "the setup: row 2 was rolled back");
        }
        List<Event> i = ChangeEvents.parse(cluster.consumeCommitted("rb", 2, TIMEOUT, "rb.rb.i"));
        assertEquals(List.of("r1", "c5"), ops(i), "the rolled-back InnoDB row is not delivered");
        List<Event> m = ChangeEvents.parse(cluster.consumeCommitted("rb", 2, TIMEOUT, "rb.rb.m"));
        assertEquals(List.of("c3", "c6"), ops(m), "the MyISAM change happened and is delivered");
        assertEquals("RUNNING", cluster.status("rb").tasks().get(0).state());
        cluster.connect().deleteConnector("rb");
    }

    private static List<String> ops(List<Event> events) {
        return events.stream().map(e -> e.op() + e.after().get("id").asInt()).toList();
    }
}
