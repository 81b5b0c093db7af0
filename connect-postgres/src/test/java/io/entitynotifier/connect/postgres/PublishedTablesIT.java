package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * {@link ReplicationSetup#publishedTables} reads the catalogs and gives what {@code pg_publication_tables} gives, for
 * every kind of publication; and on PostgreSQL 18, whose view waits behind a table's ACCESS EXCLUSIVE lock, it
 * answers at once.
 */
class PublishedTablesIT {

    static final List<String> SETUP = List.of(
            "CREATE SCHEMA pt",
            "CREATE TABLE pt.a (id int PRIMARY KEY)",
            "CREATE TABLE pt.b (id int PRIMARY KEY)",
            "CREATE TABLE pt.parted (id int, PRIMARY KEY (id)) PARTITION BY RANGE (id)",
            "CREATE TABLE pt.parted_1 PARTITION OF pt.parted FOR VALUES FROM (0) TO (100)",
            "CREATE TABLE pt.parted_2 PARTITION OF pt.parted FOR VALUES FROM (100) TO (200)",
            "CREATE PUBLICATION pt_listed FOR TABLE pt.a",
            "CREATE PUBLICATION pt_leaves FOR TABLE pt.parted",
            "CREATE PUBLICATION pt_root FOR TABLE pt.parted WITH (publish_via_partition_root = true)",
            "CREATE PUBLICATION pt_all FOR ALL TABLES",
            "CREATE PUBLICATION pt_schema FOR TABLES IN SCHEMA pt");

    @Test
    void sameAsTheViewOnFifteen() throws Exception {
        try (PostgresServer pg = PostgresServer.start("logical")) {
            pg.execute(SETUP.toArray(String[]::new));
            try (Connection c = pg.connect()) {
                for (String pub : List.of("pt_listed", "pt_leaves", "pt_root", "pt_all", "pt_schema", "missing")) {
                    assertEquals(view(c, pub), ReplicationSetup.publishedTables(c, pub), pub);
                }
                assertEquals(Set.of("pt.parted_1", "pt.parted_2"), ReplicationSetup.publishedTables(c, "pt_leaves"));
                assertEquals(Set.of("pt.parted"), ReplicationSetup.publishedTables(c, "pt_root"));
            }
        }
    }

    @Test
    void answersBehindAnExclusiveLockOnEighteen() throws Exception {
        try (PostgresServer pg = PostgresServer.start("logical", "18")) {
            pg.execute(SETUP.toArray(String[]::new));
            try (Connection c = pg.connect();
                    Connection locker = pg.connect()) {
                for (String pub : List.of("pt_listed", "pt_leaves", "pt_root", "pt_all", "pt_schema")) {
                    assertEquals(view(c, pub), ReplicationSetup.publishedTables(c, pub), pub);
                }
                locker.setAutoCommit(false);
                try (Statement s = locker.createStatement()) {
                    s.execute("LOCK TABLE pt.a IN ACCESS EXCLUSIVE MODE");
                }
                CompletableFuture<Set<String>> read = CompletableFuture.supplyAsync(() -> {
                    try {
                        return ReplicationSetup.publishedTables(c, "pt_all");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Set<String> all = read.get(30, TimeUnit.SECONDS); // the view would wait for the lock
                assertTrue(all.contains("pt.a"), all.toString());
                locker.rollback();
            }
        }
    }

    static Set<String> view(Connection c, String pub) throws Exception {
        Set<String> out = new HashSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = '" + pub + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return out;
    }
}
