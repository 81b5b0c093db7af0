package io.entitynotifier.connect.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A database file in a temp dir, written through its own connection the way an application would. */
final class SqliteTestDatabase implements AutoCloseable {

    final Path file;
    private final Connection connection;

    SqliteTestDatabase(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        this.file = dir.resolve(name);
        this.connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        exec("PRAGMA busy_timeout=10000");
    }

    void exec(String... sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Runs the statements in one transaction. */
    void txn(String... sql) throws SQLException {
        connection.setAutoCommit(false);
        try {
            exec(sql);
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
