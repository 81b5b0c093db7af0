package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.tenant.OperatorPolicy;

class SqliteAllowedDirsTest {

    @TempDir
    Path root;

    @AfterEach
    void clear() {
        System.clearProperty(OperatorPolicy.SYSTEM_PROPERTY);
    }

    OperatorPolicy policy(String allowed) throws Exception {
        Path f = root.resolve("operator.properties");
        Files.writeString(f, "sqlite.allowed.dirs=" + allowed + "\n");
        System.setProperty(OperatorPolicy.SYSTEM_PROPERTY, f.toString());
        return OperatorPolicy.current();
    }

    @Test
    void aPathMustResolveInsideAnAllowedDirectorySymlinksFollowed() throws Exception {
        Path acme = Files.createDirectories(root.resolve("tenants/acme"));
        Path globex = Files.createDirectories(root.resolve("tenants/globex"));
        Path secret = Files.writeString(globex.resolve("secret.db"), "");
        Path own = Files.writeString(acme.resolve("shop.db"), "");
        OperatorPolicy p = policy(root.resolve("tenants/{tenant}") + ",/nonexistent-dir");

        assertNull(SqliteAllowedDirs.problem(p, own.toString(), "acme"));
        assertNull(SqliteAllowedDirs.problem(p, acme.resolve("new.db").toString(), "acme"), "not created yet");
        assertNull(SqliteAllowedDirs.problem(p, acme + "/../acme/shop.db", "acme"));

        String outside = SqliteAllowedDirs.problem(p, secret.toString(), "acme");
        assertTrue(outside.startsWith("database.path is not inside a directory the operator allows"), outside);
        assertFalse(outside.contains(globex.toString()) || outside.contains("tenants"), "no paths echoed: " + outside);
        assertTrue(outside.contains("tenant 'acme'"), outside);
        assertTrue(SqliteAllowedDirs.problem(p, acme + "/../globex/secret.db", "acme") != null);

        Path link = Files.createSymbolicLink(acme.resolve("link.db"), secret);
        String viaLink = SqliteAllowedDirs.problem(p, link.toString(), "acme");
        assertTrue(viaLink != null && !viaLink.contains(globex.toString()), "a link that leads outside: " + viaLink);
        Path dirLink = Files.createSymbolicLink(acme.resolve("other"), globex);
        assertTrue(SqliteAllowedDirs.problem(p, dirLink.resolve("secret.db").toString(), "acme") != null);
        assertTrue(SqliteAllowedDirs.problem(p, dirLink.resolve("new.db").toString(), "acme") != null);
        Files.writeString(root.resolve("tenants/top.db"), "");
        assertTrue(
                SqliteAllowedDirs.problem(p, dirLink + "/../top.db", "acme") != null,
                "'..' after a link goes where the file system goes, not where the text suggests");
        assertTrue(SqliteAllowedDirs.problem(p, dirLink + "/../new.db", "acme") != null);
        Path dangling = Files.createSymbolicLink(acme.resolve("dangling.db"), globex.resolve("later.db"));
        assertTrue(SqliteAllowedDirs.problem(p, dangling.toString(), "acme") != null, "a dangling link");

        assertTrue(SqliteAllowedDirs.problem(p, own.toString(), "") != null, "{tenant} needs a tenant.id");
        assertTrue(SqliteAllowedDirs.problem(p, acme.toString(), "acme") != null, "the directory itself");
        assertTrue(SqliteAllowedDirs.problem(p, "/nonexistent-dir/x.db", "acme") != null);

        System.setProperty(
                OperatorPolicy.SYSTEM_PROPERTY,
                root.resolve("operator.properties").toString());
        var e = assertThrows(ConfigException.class, () -> SqliteAllowedDirs.checkAtStart(link.toString(), "acme"));
        assertTrue(e.getMessage().contains("database.path"), e.getMessage());
        SqliteAllowedDirs.checkAtStart(own.toString(), "acme");
    }

    @Test
    void withoutTheRuleAnyPathIsAllowed() {
        assertNull(SqliteAllowedDirs.problem(OperatorPolicy.NONE, "/anywhere/x.db", "acme"));
        SqliteAllowedDirs.checkAtStart("/anywhere/x.db", "acme");
    }
}
