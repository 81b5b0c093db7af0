package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Tables {@code "my table"} and {@code my_table} clean to one topic name: validate names both, and a task that finds
 * the second table at start FAILS naming both, instead of mixing their changes in one topic.
 */
class SqliteTopicCollisionIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    @Test
    void twoTablesCleanedToOneTopicAreRefusedAtValidateAndAtStart() throws Exception {
        try (ConnectTestCluster cluster = ConnectTestCluster.start();
                SqliteTestDatabase db = new SqliteTestDatabase(dir, "clash.db")) {
            db.exec("CREATE TABLE my_table (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO my_table VALUES (1, 'a')");
            Map<String, String> c = ConnectTestCluster.exactlyOnceDefaults();
            c.put("connector.class", SqliteSourceConnector.class.getName());
            c.put("database.path", db.file.toString());
            c.put("topic.prefix", "clash");
            c.put("poll.interval.ms", "50");
            cluster.connect().configureConnector("clash", c);
            cluster.awaitRunning("clash");

            db.exec(
                    "CREATE TABLE \"my table\" (id INTEGER PRIMARY KEY, v TEXT)",
                    "INSERT INTO \"my table\" VALUES (2, 'b')");
            List<String> errors = ConnectTestCluster.errorsFor(
                    cluster.validate(SqliteSourceConnector.class.getName(), c),
                    CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG);
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(
                    errors.get(0).contains("'main.my table'")
                            && errors.get(0).contains("'main.my_table'")
                            && errors.get(0).contains("clash.main.my_table"),
                    errors.get(0));

            cluster.restartConnectorAndTasks("clash");
            String trace = cluster.awaitTaskFailure("clash", TIMEOUT);
            assertTrue(
                    trace.contains("'main.my table'")
                            && trace.contains("'main.my_table'")
                            && trace.contains("clash.main.my_table"),
                    trace);
        }
    }
}
