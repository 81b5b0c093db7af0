package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ChildWorker;
import io.entitynotifier.connect.common.testing.CommittedCounter;
import io.entitynotifier.connect.common.testing.CommittedReader;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** An incremental snapshot while a writer changes the same keys, the worker SIGKILLed again and again. */
@ExtendWith(TestEnvironment.class)
class PostgresIncrementalSnapshotFaultsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(180);

    /** SIGKILL tests take minutes: run with {@code -Pfaults}. */
    @Test
    @Tag("faults")
    void workerKilledMidIncrementalSnapshotLosesAndRepeatsNothing() throws Exception {
        PostgresServer pg = TestEnvironment.postgres();
        PostgresIncrementalSnapshotIT.pg = pg;
        String name = "pginckill";
        int rows = PostgresIncrementalSnapshotIT.ROWS;
        pg.execute(
                "CREATE SCHEMA " + name,
                PostgresIncrementalSnapshotIT.signalTable(name),
                "CREATE TABLE " + name + ".a (id int PRIMARY KEY, v text NOT NULL)",
                "INSERT INTO " + name + ".a SELECT g, 'v0' FROM generate_series(1, " + rows + ") g");
        String bootstrap = TestEnvironment.connect().connect().kafka().bootstrapServers();
        String topic = name + "." + name + ".a";
        Path dir = Files.createTempDirectory(name);
        try (ChildWorker worker = new ChildWorker(bootstrap, dir, Map.of());
                CommittedCounter delivered = new CommittedCounter(bootstrap, topic)) {
            worker.start();
            Map<String, String> c = ConnectTestCluster.exactlyOnceDefaults();
            c.putAll(PostgresIncrementalSnapshotIT.config(name));
            c.put("throttle.group", name);
            c.put("throttle.group.max.events.per.second", "500");
            worker.putConnector(name, c);
            worker.awaitTaskRunning(name);
            pg.awaitSlot("slot_" + name);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Set<Long> touched = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Thread writer = PostgresIncrementalSnapshotIT.writer(name, stop, failed, touched, 4000);
            pg.execute("INSERT INTO " + name + ".dbz_signal VALUES ('s1', 'execute-snapshot', "
                    + "'{\"data-collections\": [\"" + name + ".a\"]}')");
            writer.start();
            worker.killRepeatedly(delivered, 4, new Random(11), 200, 600, TIMEOUT);
            long readSoFar = ChangeEvents.parse(CommittedReader.read(bootstrap, 1, TIMEOUT, topic)).stream()
                    .filter(e -> e.op().equals("r"))
                    .count();
            // the snapshot was still running after the last kill, so every kill fell in the middle of it
            assertTrue(readSoFar > 0 && readSoFar < rows - 1000, "rows read by the last restart: " + readSoFar);
            stop.set(true);
            writer.join();
            assertNull(failed.get(), "writer failed");
            pg.execute("INSERT INTO " + name + ".a VALUES (1000000, 'fence')");
            Map<Long, String> actual = PostgresIncrementalSnapshotIT.table(name);
            List<Event>[] events = new List[1];
            TestUtils.waitForCondition(
                    () -> {
                        events[0] = ChangeEvents.parse(CommittedReader.read(bootstrap, 1, TIMEOUT, topic));
                        return PostgresIncrementalSnapshotIT.replay(events[0]).equals(actual);
                    },
                    TIMEOUT.toMillis(),
                    () -> "the topic does not replay to the table: "
                            + PostgresIncrementalSnapshotIT.replay(events[0]).size() + " rows against "
                            + actual.size());
            Map<Long, Integer> reads = PostgresIncrementalSnapshotIT.assertConsistent(events[0]);
            for (long id = 1; id <= rows; id++) {
                if (!touched.contains(id)) {
                    assertTrue(reads.getOrDefault(id, 0) == 1, "id " + id + ", never changed, read once");
                }
            }
        }
    }
}
