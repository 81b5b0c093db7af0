package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ChildWorker;
import io.entitynotifier.connect.common.testing.CommittedCounter;
import io.entitynotifier.connect.common.testing.CommittedReader;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * The Connect worker killed with SIGKILL (its own JVM) five times at random points while MySQL transactions of mixed
 * sizes keep coming: every change arrives exactly once and in commit order. Takes minutes: {@code mvn verify -Pfaults}.
 */
class MySqlFaultsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @ParameterizedTest
    @EnumSource(Flavor.class)
    @Tag("faults")
    void workerKilledMidStreamLosesAndRepeatsNothing(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        String db = "faults_" + flavor.name().toLowerCase();
        s.execute(null, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".ev (id INT PRIMARY KEY, txn INT NOT NULL, seq INT NOT NULL)",
                "INSERT INTO " + db + ".ev VALUES (0, -1, 0)");
        String prefix = "faults" + flavor.ordinal();
        String topic = prefix + "." + db + ".ev";
        // The child worker joins the shared test broker as a Connect cluster of its own.
        String bootstrap = SharedFixtures.cluster().connect().kafka().bootstrapServers();
        Path dir = Files.createTempDirectory("mysql-faults");
        try (ChildWorker worker = new ChildWorker(bootstrap, dir, Map.of());
             CommittedCounter delivered = new CommittedCounter(bootstrap, topic)) {
            worker.start();
            Map<String, String> c = ConnectTestCluster.exactlyOnceDefaults();
            c.putAll(SharedFixtures.connector(s, prefix, db));
            c.put("transaction.group.max.records", "300");
            worker.putConnector(prefix, c);
            delivered.awaitAtLeast(1, TIMEOUT); // the snapshot is done: every later change is streamed

            List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                Random r = new Random(3);
                int[] choices = {1, 1, 5, 20, 100, 500};
                int nextId = 1;
                try (Connection conn = s.admin(db); Statement st = conn.createStatement()) {
                    conn.setAutoCommit(false);
                    for (int t = 0; !stop.get(); t++) {
                        int size = choices[r.nextInt(choices.length)];
                        for (int seq = 1; seq <= size; seq++) {
                            if (nextId > 10 && r.nextInt(4) == 0) {
                                st.execute("UPDATE ev SET txn = " + t + ", seq = " + seq + " WHERE id = "
                                        + (1 + r.nextInt(nextId - 1)));
                            } else {
                                st.execute("INSERT INTO ev VALUES (" + nextId++ + ", " + t + ", " + seq + ")");
                            }
                        }
                        conn.commit();
                        sizes.add(size);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "faults-writer");
            writer.start();
            Random rnd = new Random(11);
            int kills = 5;
            for (int k = 1; k <= kills; k++) {
                delivered.awaitAtLeast(delivered.count() + 200 + rnd.nextInt(1500), TIMEOUT);
                worker.kill();
                long before = delivered.count();
                worker.start();
                delivered.awaitAtLeast(before + 1, TIMEOUT);
            }
            stop.set(true);
            writer.join(TIMEOUT.toMillis());
            assertFalse(writer.isAlive());
            assertEquals(null, failure.get());
            int total = sizes.stream().mapToInt(Integer::intValue).sum();
            List<Event> all = ChangeEvents.parse(CommittedReader.read(bootstrap, total + 1, TIMEOUT,
                    topic));
            assertEquals(total + 1, all.size(), "each change exactly once after " + kills + " kills");
            int i = 1;
            for (int t = 0; t < sizes.size(); t++) {
                for (int seq = 1; seq <= sizes.get(t); seq++) {
                    Event e = all.get(i++);
                    assertEquals(t, e.after().get("txn").asInt(), "commit order at change " + i);
                    assertEquals(seq, e.after().get("seq").asInt(), "order inside transaction " + t);
                }
            }
            System.out.printf("FAULTS mysql %s worker SIGKILL: kills=%d changes=%d delivered once, in order%n",
                    flavor, kills, total);
        }
    }
}
