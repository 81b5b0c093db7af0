package io.entitynotifier.connect.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.apache.kafka.connect.errors.ConnectException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/** Opens connections to the captured database file; never creates it (a typo must not yield an empty database). */
public final class SqliteDatabase {

    private final String text;
    private final Path path;

    public SqliteDatabase(String path) {
        this.text = path;
        Path p;
        try {
            p = Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            p = null;
        }
        this.path = p;
    }

    public Path path() {
        return path;
    }

    /** Null when the file is usable, otherwise why not, naming the file. */
    public String problem() {
        if (path == null) {
            return "'" + text.replace("\u0000", "\\0") + "' is not a valid file path ("
                    + SqliteConnectorConfig.DATABASE_PATH_CONFIG + ")";
        }
        if (!Files.exists(path)) {
            return "SQLite database file '" + path + "' does not exist (check "
                    + SqliteConnectorConfig.DATABASE_PATH_CONFIG + "; the path is resolved on the Connect worker)";
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path) || !Files.isWritable(path)) {
            return "SQLite database file '" + path + "' is not a readable and writable file";
        }
        return null;
    }

    public Connection open() {
        String problem = problem();
        if (problem != null) {
            throw new ConnectException(problem);
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setOpenMode(SQLiteOpenMode.READWRITE);
        cfg.resetOpenMode(SQLiteOpenMode.CREATE);
        cfg.setBusyTimeout(10_000);
        try {
            return cfg.createConnection("jdbc:sqlite:" + path.toAbsolutePath());
        } catch (SQLException e) {
            throw new ConnectException("cannot open SQLite database file '" + path + "': " + e.getMessage(), e);
        }
    }
}
