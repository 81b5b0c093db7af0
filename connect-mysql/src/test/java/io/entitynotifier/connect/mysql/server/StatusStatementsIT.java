package io.entitynotifier.connect.mysql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.mysql.BinlogPosition;
import io.entitynotifier.connect.mysql.server.StatusStatements.Kind;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * The version-dependent statements run against the real servers here (MySQL 8.0.33, MariaDB 10.11): the statement the
 * version picks is accepted, and a version string that claims a newer grammar falls back on the parse error. No MySQL
 * 8.4/9.x server can be had on these machines, so SHOW BINARY LOG STATUS itself has not run against a server that
 * accepts it.
 */
class StatusStatementsIT {

    private static boolean parses(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeQuery(sql).close();
            return true;
        } catch (SQLException e) {
            if (StatusStatements.isParseError(e)) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void mysql80AcceptsWhatItsVersionPicks() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MYSQL8);
        try (Connection c = s.admin(null)) {
            ServerInfo info = ServerInfo.read(c);
            assertTrue(info.version().startsWith("8.0."), info.version());
            BinlogPositions positions = new BinlogPositions(info);
            BinlogPosition p = positions.current(c);
            assertTrue(p.file().startsWith("mysql-bin."), p.toString());
            assertTrue(p.usesGtids(), p.toString());
            assertEquals("SHOW MASTER STATUS", positions.statements().accepted(c, Kind.BINLOG_STATUS));
            assertFalse(positions.binlogFiles(c).isEmpty());
            assertEquals("SHOW BINARY LOGS", positions.statements().accepted(c, Kind.BINARY_LOGS));
            // 8.0.33 does not know the 8.2+ spelling: the parse error the fallback relies on
            assertFalse(parses(c, "SHOW BINARY LOG STATUS"));
            assertTrue(parses(c, "SHOW REPLICAS"));
        }
    }

    @Test
    void aVersionClaimingTheNewGrammarFallsBackAndRemembersPerConnection() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MYSQL8);
        StatusStatements st = new StatusStatements(ServerVersion.parse("8.4.3"));
        try (Connection c = s.admin(null)) {
            List<String> seen = new ArrayList<>();
            String file = st.query(c, Kind.BINLOG_STATUS, rs -> {
                rs.next();
                seen.add(rs.getMetaData().getColumnLabel(1));
                return rs.getString(1);
            });
            assertTrue(file.startsWith("mysql-bin."), file);
            assertEquals("SHOW MASTER STATUS", st.accepted(c, Kind.BINLOG_STATUS));
            assertEquals(List.of("File"), seen);
            try (Connection other = s.admin(null)) {
                assertNull(st.accepted(other, Kind.BINLOG_STATUS), "remembered per connection");
            }
            assertEquals("SHOW REPLICAS", st.query(c, Kind.REPLICAS, rs -> "SHOW REPLICAS"));
            assertEquals("SHOW REPLICAS", st.accepted(c, Kind.REPLICAS));
        }
    }

    @Test
    void aWrongFlavourStillFindsTheSpellingTheServerAccepts() throws Exception {
        // a version string from the other flavour: MariaDB's first choices are parse errors on MySQL 8.0.33
        DatabaseServer s = SharedFixtures.server(Flavor.MYSQL8);
        StatusStatements st = new StatusStatements(ServerVersion.parse("10.11.0-MariaDB"));
        try (Connection c = s.admin(null)) {
            boolean row = st.query(c, Kind.BINLOG_STATUS, rs -> rs.next());
            assertTrue(row);
            assertEquals("SHOW MASTER STATUS", st.accepted(c, Kind.BINLOG_STATUS));
            st.query(c, Kind.REPLICAS, rs -> null);
            assertEquals("SHOW SLAVE HOSTS", st.accepted(c, Kind.REPLICAS));
        }
    }

    @Test
    void mariaDb1011AcceptsItsSpellings() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MARIADB);
        try (Connection c = s.admin(null)) {
            ServerInfo info = ServerInfo.read(c);
            assertTrue(info.mariaDb(), info.version());
            BinlogPositions positions = new BinlogPositions(info);
            BinlogPosition p = positions.current(c);
            assertTrue(p.usesGtids(), p.toString());
            assertEquals("SHOW BINLOG STATUS", positions.statements().accepted(c, Kind.BINLOG_STATUS));
            StatusStatements st = positions.statements();
            st.query(c, Kind.REPLICAS, rs -> null);
            assertEquals("SHOW REPLICA HOSTS", st.accepted(c, Kind.REPLICAS));
            assertTrue(parses(c, "SHOW MASTER STATUS"));
            assertFalse(parses(c, "SHOW BINARY LOG STATUS"), "MySQL's 8.2+ spelling is not MariaDB's");
            assertFalse(parses(c, "SHOW REPLICAS"));
        }
    }
}
