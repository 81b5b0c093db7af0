package io.entitynotifier.connect.mysql.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Chooses the replication status statements by the server's version and by what it accepts. MySQL 8.2 introduced
 * {@code SHOW BINARY LOG STATUS} and 8.4 removed {@code SHOW MASTER STATUS}; MariaDB 10.5.2 added {@code SHOW BINLOG
 * STATUS} and keeps {@code SHOW MASTER STATUS}. The version gives the statement tried first; a parse error (1064,
 * ER_PARSE_ERROR) moves on to the other spelling, so a version string that lies (a proxy, a fork) still works. The
 * statement a connection accepted is remembered for that connection.
 */
public final class StatusStatements {

    /** ER_PARSE_ERROR: the server's grammar has no such statement. */
    public static final int ER_PARSE_ERROR = 1064;

    /** What is asked. */
    public enum Kind {
        /** File, Position, Binlog_Do_DB, Binlog_Ignore_DB[, Executed_Gtid_Set]. */
        BINLOG_STATUS,
        /** The binlog files the server still has (Log_name first). */
        BINARY_LOGS,
        /** The registered replicas (Server_Id first). */
        REPLICAS
    }

    /** Reads the result of the chosen statement. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final ServerVersion version;
    private final Map<Connection, Map<Kind, String>> accepted = Collections.synchronizedMap(new WeakHashMap<>());

    public StatusStatements(ServerVersion version) {
        this.version = version;
    }

    public ServerVersion version() {
        return version;
    }

    /** The statements to try for {@code kind} on {@code v}, the one its version supports first. */
    public static List<String> candidates(Kind kind, ServerVersion v) {
        return switch (kind) {
            case BINLOG_STATUS -> {
                if (v.mariaDb()) {
                    yield v.atLeast(10, 5, 2)
                            ? List.of("SHOW BINLOG STATUS", "SHOW MASTER STATUS")
                            : List.of("SHOW MASTER STATUS", "SHOW BINLOG STATUS");
                }
                yield !v.known() || v.atLeast(8, 2, 0)
                        ? List.of("SHOW BINARY LOG STATUS", "SHOW MASTER STATUS")
                        : List.of("SHOW MASTER STATUS", "SHOW BINARY LOG STATUS");
            }
            case BINARY_LOGS -> List.of("SHOW BINARY LOGS"); // the same on every MySQL and MariaDB version
            case REPLICAS -> {
                if (v.mariaDb()) {
                    yield v.atLeast(10, 5, 1)
                            ? List.of("SHOW REPLICA HOSTS", "SHOW SLAVE HOSTS")
                            : List.of("SHOW SLAVE HOSTS", "SHOW REPLICA HOSTS");
                }
                yield !v.known() || v.atLeast(8, 0, 22)
                        ? List.of("SHOW REPLICAS", "SHOW SLAVE HOSTS")
                        : List.of("SHOW SLAVE HOSTS", "SHOW REPLICAS");
            }
        };
    }

    /** True when the server rejected the statement's grammar (and another spelling may work). */
    public static boolean isParseError(SQLException e) {
        return e.getErrorCode() == ER_PARSE_ERROR;
    }

    /** The statement {@code c} accepted for {@code kind}, null before the first successful query. */
    public String accepted(Connection c, Kind kind) {
        Map<Kind, String> m = accepted.get(c);
        return m == null ? null : m.get(kind);
    }

    /** Runs the statement for {@code kind} that {@code c} accepts and reads its result. */
    public <T> T query(Connection c, Kind kind, Reader<T> reader) throws SQLException {
        String known = accepted(c, kind);
        if (known != null) {
            return run(c, known, reader);
        }
        List<String> candidates = candidates(kind, version);
        SQLException rejected = null;
        for (String sql : candidates) {
            try {
                T out = run(c, sql, reader);
                accepted.computeIfAbsent(c, k -> new EnumMap<>(Kind.class)).put(kind, sql);
                return out;
            } catch (SQLException e) {
                if (!isParseError(e)) {
                    throw e;
                }
                if (rejected == null) {
                    rejected = e;
                } else {
                    rejected.addSuppressed(e);
                }
            }
        }
        throw new SQLException(
                "the server (version " + version + ") accepts none of " + candidates + " (parse error each time)",
                "42000",
                ER_PARSE_ERROR,
                rejected);
    }

    private static <T> T run(Connection c, String sql, Reader<T> reader) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return reader.read(rs);
        }
    }
}
