package io.entitynotifier.connect.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.apache.kafka.common.config.ConfigException;

import io.entitynotifier.connect.common.tenant.OperatorPolicy;

/**
 * The operator's {@code sqlite.allowed.dirs} rule: with it set in the worker's {@link OperatorPolicy}, a connector's
 * {@code database.path} must resolve, symbolic links followed ({@link Path#toRealPath}), inside one of the allowed
 * directories ({@code {tenant}} replaced by the connector's {@code tenant.id}). For a file that does not exist yet, its
 * parent directory's real path is what counts; a dangling link is refused. Checked at validate (before anything
 * else looks at the file, so a refused path tells nothing about what exists there) and again at task start.
 */
public final class SqliteAllowedDirs {

    private SqliteAllowedDirs() {}

    /**
     * Null when {@code databasePath} may be opened, otherwise why not. The message names neither the allowed
     * directories (they may be other tenants') nor where the path leads.
     */
    public static String problem(OperatorPolicy policy, String databasePath, String tenant) {
        if (!policy.restrictsSqlite()) {
            return null;
        }
        Path real = realPath(databasePath);
        if (real != null) {
            for (Path dir : policy.sqliteAllowedDirs(tenant)) {
                Path allowed = realDir(dir);
                if (allowed != null && real.startsWith(allowed) && !real.equals(allowed)) {
                    return null;
                }
            }
        }
        return SqliteConnectorConfig.DATABASE_PATH_CONFIG + " is not inside a directory the operator allows for "
                + (tenant == null || tenant.isBlank() ? "connectors without a tenant.id" : "tenant '" + tenant + "'")
                + " (sqlite.allowed.dirs in the worker's operator policy; symbolic links are followed)";
    }

    /**
     * The task-start check.
     *
     * @throws ConfigException naming {@code database.path}
     */
    public static void checkAtStart(String databasePath, String tenant) {
        String problem = problem(OperatorPolicy.current(), databasePath, tenant);
        if (problem != null) {
            throw new ConfigException(SqliteConnectorConfig.DATABASE_PATH_CONFIG, databasePath, problem);
        }
    }

    /** The file's real path, or its parent's real path plus its name when it does not exist; null if neither. */
    static Path realPath(String text) {
        try {
            // no normalize(): a lexical ".." after a symbolic link is not where the file system goes
            Path p = Path.of(text).toAbsolutePath();
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return p.toRealPath(); // a dangling link fails here
            }
            Path parent = p.getParent();
            return parent == null || p.getFileName() == null
                    ? null
                    : parent.toRealPath().resolve(p.getFileName());
        } catch (IOException | InvalidPathException | SecurityException e) {
            return null;
        }
    }

    private static Path realDir(Path dir) {
        try {
            Path real = dir.toAbsolutePath().toRealPath();
            return Files.isDirectory(real) ? real : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
