package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** Exactly-once delivery across a worker restart, and resuming inside a split transaction. */
@ExtendWith(TestEnvironment.class)
class PostgresExactlyOnceIT {

    static final Duration TIMEOUT = Duration.ofSeconds(240);
    static final int TOTAL = 50_000;
    static final int BOUND = 2_000;
    static PostgresServer pg;
    static ConnectTestCluster connect;

    @BeforeAll
    static void setUp() throws Exception {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
    }

    /** Transaction sizes: mostly small, some large, one far above the Kafka transaction bound. */
    static List<Integer> transactionSizes() {
        int[] pattern = {1, 3, 1, 20, 1, 150, 7, 1, 600, 2, 1, 45};
        List<Integer> sizes = new ArrayList<>();
        int sum = 0;
        boolean big = false;
        for (int i = 0; sum < TOTAL; i++) {
            int n = !big && sum > 15_000 ? 9_000 : pattern[i % pattern.length];
            big |= n == 9_000;
            n = Math.min(n, TOTAL - sum);
            sizes.add(n);
            sum += n;
        }
        return sizes;
    }

    /** Change k (1-based) sets v = k: inserts of new ids, every third change an update of an earlier id. */
    static void write(List<Integer> sizes) throws Exception {
        try (Connection c = pg.connect();
                PreparedStatement ins = c.prepareStatement("INSERT INTO s10.ev (id, v, grp) VALUES (?, ?, ?)");
                PreparedStatement upd = c.prepareStatement("UPDATE s10.ev SET v = ?, grp = ? WHERE id = ?")) {
            c.setAutoCommit(false);
            int k = 0;
            int ids = 0;
            for (int grp = 0; grp < sizes.size(); grp++) {
                for (int i = 0; i < sizes.get(grp); i++) {
                    k++;
                    if (ids > 10 && k % 3 == 0) {
                        upd.setLong(1, k);
                        upd.setInt(2, grp);
                        upd.setInt(3, (int) ((k * 7919L) % ids) + 1);
                        upd.addBatch();
                    } else {
                        ins.setInt(1, ++ids);
                        ins.setLong(2, k);
                        ins.setInt(3, grp);
                        ins.addBatch();
                    }
                    // Keep statement order = change order: flush the other batch before switching statements.
                    if (k % 3 == 0) {
                        upd.executeBatch();
                    } else {
                        upd.executeBatch();
                        ins.executeBatch();
                    }
                }
                ins.executeBatch();
                upd.executeBatch();
                c.commit();
            }
        }
    }

    @Test
    void fiftyThousandChangesAcrossAWorkerRestart() throws Exception {
        pg.execute("CREATE SCHEMA s10", "CREATE TABLE s10.ev (id int PRIMARY KEY, v bigint NOT NULL, grp int)");
        Map<String, String> cfg = pg.connectorConfig("it10", "slot_it10", "pub_it10");
        cfg.put("table.include.list", "s10\\.ev");
        cfg.put("snapshot.mode", "never");
        cfg.put("transaction.group.max.records", Integer.toString(BOUND));
        connect.deploy("pg-it10", cfg);
        pg.awaitSlot("slot_it10");
        String topic = "it10.s10.ev";
        List<Integer> sizes = transactionSizes();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                write(sizes);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        connect.consumeCommitted(12_000, TIMEOUT, topic);
        connect.restartWorker();
        connect.awaitRunning("pg-it10");
        writer.get();

        List<Event> events = ChangeEvents.parse(connect.consumeCommitted(TOTAL, TIMEOUT, topic));
        assertEquals(TOTAL, events.size(), "each change exactly once");
        for (int i = 0; i < TOTAL; i++) {
            assertEquals(i + 1, events.get(i).after().get("v").asLong(), "commit order at event " + i);
        }
        // Records of one Kafka transaction have consecutive offsets; a commit marker (or aborted records) leaves a
        // gap. A PostgreSQL transaction may span Kafka transactions only when it is larger than the bound.
        Map<Integer, Set<Integer>> runsOfGroup = new HashMap<>();
        int run = 0;
        long previous = -1;
        for (Event e : events) {
            long offset = e.record().offset();
            if (previous >= 0 && offset != previous + 1) {
                run++;
            }
            previous = offset;
            runsOfGroup
                    .computeIfAbsent(e.after().get("grp").asInt(), g -> new HashSet<>())
                    .add(run);
        }
        int split = 0;
        for (Map.Entry<Integer, Set<Integer>> g : runsOfGroup.entrySet()) {
            int size = sizes.get(g.getKey());
            if (g.getValue().size() > 1) {
                assertTrue(size > BOUND, "transaction " + g.getKey() + " of " + size + " changes was split");
                split++;
            }
        }
        assertEquals(1, split, "the one transaction above the bound is split");
        assertEquals(sizes.size(), runsOfGroup.size());
        assertTrue(run > 1, "several Kafka transactions");
        connect.connect().deleteConnector("pg-it10");
    }

    @Test
    void resumesInsideATransactionFromItsOffset() throws Exception {
        pg.execute("CREATE SCHEMA s11", "CREATE TABLE s11.big (id int PRIMARY KEY, v int)");
        Map<String, String> cfg = pg.connectorConfig("it11", "slot_it11", "pub_it11");
        cfg.put("table.include.list", "s11\\.big");
        cfg.put("snapshot.mode", "never");
        cfg.put("transaction.group.max.records", "100");
        cfg.put("provide.transaction.metadata", "true");
        connect.deploy("pg-it11", cfg);
        pg.awaitSlot("slot_it11");
        connect.connect().stopConnector("pg-it11");
        TestUtils.waitForCondition(() -> pg.slotIdle("slot_it11"), TIMEOUT.toMillis(), "slot still in use");
        pg.execute(
                "INSERT INTO s11.big SELECT g, g FROM generate_series(1, 1000) g",
                "INSERT INTO s11.big VALUES (1001, 1001)");
        long[] begin = firstBegin("slot_it11", "pub_it11");
        // As if a task had delivered 400 events of the transaction in committed Kafka transactions, then died.
        Map<String, Object> offset = Map.of("lsn", begin[0], "txId", begin[1], "txn_events", 400L);
        connect.connect().alterSourceConnectorOffset("pg-it11", Map.of("server", "it11"), offset);
        connect.connect().resumeConnector("pg-it11");
        List<Event> events = ChangeEvents.parse(connect.consumeCommitted(601, TIMEOUT, "it11.s11.big"));
        assertEquals(601, events.size());
        for (int i = 0; i < 601; i++) {
            assertEquals(401 + i, events.get(i).after().get("v").asInt());
        }
        assertEquals(
                401, events.get(0).value().get("transaction").get("total_order").asInt());
        assertEquals(Long.toString(begin[1]), events.get(0).source().get("txId").asText());
        // its BEGIN was delivered before the "restart": only the END follows, counting all 1000 events of the big
        // transaction
        List<Event> txn = ChangeEvents.parse(connect.consumeCommitted(1, TIMEOUT, "it11.transaction"));
        assertEquals("END", txn.get(0).value().get("status").asText());
        assertEquals(1000, txn.get(0).value().get("event_count").asInt());
        connect.connect().deleteConnector("pg-it11");
    }

    /** The commit LSN and xid of the first transaction waiting in the slot, from its pgoutput Begin message. */
    static long[] firstBegin(String slot, String publication) throws Exception {
        try (Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT data FROM pg_logical_slot_peek_binary_changes('" + slot
                        + "', NULL, NULL, 'proto_version', '1', 'publication_names', '" + publication + "')")) {
            while (rs.next()) {
                ByteBuffer b = ByteBuffer.wrap(rs.getBytes(1));
                if (b.get() == 'B') {
                    long finalLsn = b.getLong();
                    b.getLong();
                    return new long[] {finalLsn, Integer.toUnsignedLong(b.getInt())};
                }
            }
        }
        throw new AssertionError("no transaction in slot " + slot);
    }
}
