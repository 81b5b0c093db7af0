package io.entitynotifier.connect.mysql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.mysql.server.StatusStatements.Kind;

/** The statement tried first follows the server's version; the other spelling is the fallback. */
class StatusStatementsTest {

    private static List<String> status(String version) {
        return StatusStatements.candidates(Kind.BINLOG_STATUS, ServerVersion.parse(version));
    }

    private static List<String> replicas(String version) {
        return StatusStatements.candidates(Kind.REPLICAS, ServerVersion.parse(version));
    }

    @Test
    void versionsParse() {
        assertEquals(new ServerVersion(false, 8, 0, 33), ServerVersion.parse("8.0.33"));
        assertEquals(new ServerVersion(false, 8, 4, 3), ServerVersion.parse("8.4.3-log"));
        assertEquals(new ServerVersion(false, 9, 1, 0), ServerVersion.parse("9.1.0-commercial"));
        assertEquals(new ServerVersion(true, 10, 11, 19), ServerVersion.parse("10.11.19-MariaDB-0+deb12u1-log"));
        assertEquals(new ServerVersion(true, 11, 4, 5), ServerVersion.parse("5.5.5-11.4.5-MariaDB"));
        assertEquals(new ServerVersion(false, 0, 0, 0), ServerVersion.parse("custom-build"));
        assertFalse(ServerVersion.parse("").known());
        assertTrue(ServerVersion.parse("8.2.0").atLeast(8, 2, 0));
        assertFalse(ServerVersion.parse("8.1.99").atLeast(8, 2, 0));
        assertTrue(ServerVersion.parse("9.0.1").atLeast(8, 2, 0));
    }

    @Test
    void mysqlBefore82ReadsMasterStatusFirst() {
        assertEquals(List.of("SHOW MASTER STATUS", "SHOW BINARY LOG STATUS"), status("8.0.33"));
        assertEquals(List.of("SHOW MASTER STATUS", "SHOW BINARY LOG STATUS"), status("5.7.44-log"));
        assertEquals(List.of("SHOW MASTER STATUS", "SHOW BINARY LOG STATUS"), status("8.1.0"));
    }

    @Test
    void mysql82AndNewerReadBinaryLogStatusFirst() {
        for (String v : List.of("8.2.0", "8.4.0", "8.4.7-log", "9.0.1", "9.5.0")) {
            assertEquals(List.of("SHOW BINARY LOG STATUS", "SHOW MASTER STATUS"), status(v), v);
        }
    }

    @Test
    void anUnreadableVersionStartsWithTheNewestGrammar() {
        assertEquals(List.of("SHOW BINARY LOG STATUS", "SHOW MASTER STATUS"), status("custom"));
        assertEquals(List.of("SHOW REPLICAS", "SHOW SLAVE HOSTS"), replicas("custom"));
    }

    @Test
    void mariaDbUsesItsOwnSpelling() {
        assertEquals(List.of("SHOW BINLOG STATUS", "SHOW MASTER STATUS"), status("10.11.19-MariaDB"));
        assertEquals(List.of("SHOW BINLOG STATUS", "SHOW MASTER STATUS"), status("11.4.5-MariaDB"));
        assertEquals(List.of("SHOW BINLOG STATUS", "SHOW MASTER STATUS"), status("10.5.2-MariaDB"));
        assertEquals(List.of("SHOW MASTER STATUS", "SHOW BINLOG STATUS"), status("10.5.1-MariaDB"));
        assertEquals(List.of("SHOW MASTER STATUS", "SHOW BINLOG STATUS"), status("10.4.34-MariaDB"));
    }

    @Test
    void replicaListingFollowsTheTerminologyChange() {
        assertEquals(List.of("SHOW REPLICAS", "SHOW SLAVE HOSTS"), replicas("8.0.22"));
        assertEquals(List.of("SHOW REPLICAS", "SHOW SLAVE HOSTS"), replicas("8.4.0"));
        assertEquals(List.of("SHOW SLAVE HOSTS", "SHOW REPLICAS"), replicas("8.0.21"));
        assertEquals(List.of("SHOW REPLICA HOSTS", "SHOW SLAVE HOSTS"), replicas("10.11.19-MariaDB"));
        assertEquals(List.of("SHOW SLAVE HOSTS", "SHOW REPLICA HOSTS"), replicas("10.4.34-MariaDB"));
    }

    @Test
    void binaryLogsIsTheSameEverywhere() {
        for (String v : List.of("8.0.33", "8.4.0", "9.1.0", "10.11.19-MariaDB")) {
            assertEquals(
                    List.of("SHOW BINARY LOGS"), StatusStatements.candidates(Kind.BINARY_LOGS, ServerVersion.parse(v)));
        }
    }

    @Test
    void onlyAParseErrorMovesOnToTheOtherSpelling() {
        assertTrue(StatusStatements.isParseError(new SQLSyntaxErrorException("syntax", "42000", 1064)));
        assertFalse(StatusStatements.isParseError(new SQLSyntaxErrorException("denied", "42000", 1227)));
        assertFalse(StatusStatements.isParseError(new SQLException("gone", "08000", 0)));
    }
}
