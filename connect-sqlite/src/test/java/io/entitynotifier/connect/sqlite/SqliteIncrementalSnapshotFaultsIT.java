package io.entitynotifier.connect.sqlite;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ChildWorker;
import io.entitynotifier.connect.common.testing.CommittedCounter;
import io.entitynotifier.connect.common.testing.CommittedReader;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** An incremental snapshot while a writer changes the same keys, the worker SIGKILLed again and again. */
class SqliteIncrementalSnapshotFaultsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    static Path dir;

    /** SIGKILL tests take minutes: run with {@code mvn verify -Pfaults}. */
    @Test
    @Tag("faults")
    void workerKilledMidIncrementalSnapshotLosesAndRepeatsNothing() throws Exception {
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        broker.put("auto.create.topics.enable", "true");
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
        String name = "inckill";
        String topic = name + ".main.a";
        try (SqliteTestDatabase db = new SqliteTestDatabase(dir, name + ".db");
                ChildWorker worker = new ChildWorker(kafka.bootstrapServers(), dir.resolve("worker"), Map.of());
                CommittedCounter delivered = new CommittedCounter(kafka.bootstrapServers(), topic)) {
            db.exec(
                    SqliteIncrementalSnapshotIT.SIGNAL_TABLE,
                    "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            List<String> rows = new ArrayList<>();
            for (int i = 1; i <= 6000; i++) {
                rows.add("INSERT INTO a VALUES (" + i + ", 'v0')");
            }
            db.txn(rows.toArray(String[]::new));
            worker.start();
            Map<String, String> c = ConnectTestCluster.exactlyOnceDefaults();
            c.putAll(SqliteIncrementalSnapshotIT.config(name, db));
            c.put("incremental.snapshot.chunk.size", "100");
            c.put("throttle.group", name);
            c.put("throttle.group.max.events.per.second", "500");
            worker.putConnector(name, c);
            worker.awaitTaskRunning(name);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread writer = SqliteIncrementalSnapshotIT.writer(db, stop, failed);
            db.exec("INSERT INTO debezium_signal VALUES ('s1', 'execute-snapshot', "
                    + "'{\"data-collections\": [\"main.a\"]}')");
            writer.start();
            worker.killRepeatedly(delivered, 4, new Random(11), 200, 600, TIMEOUT);
            long readSoFar =
                    ChangeEvents.parse(CommittedReader.read(kafka.bootstrapServers(), 1, TIMEOUT, topic)).stream()
                            .filter(e -> e.op().equals("r"))
                            .count();
            // the snapshot was still running after the last kill, so every kill fell in the middle of it
            assertTrue(readSoFar > 0 && readSoFar < 5000, "rows read by the last restart: " + readSoFar);
            stop.set(true);
            writer.join();
            assertNull(failed.get(), "writer failed");
            Map<Long, String> actual = SqliteIncrementalSnapshotIT.table(db);
            List<Event>[] events = new List[1];
            TestUtils.waitForCondition(
                    () -> {
                        events[0] =
                                ChangeEvents.parse(CommittedReader.read(kafka.bootstrapServers(), 1, TIMEOUT, topic));
                        return SqliteIncrementalSnapshotIT.replay(events[0]).equals(actual);
                    },
                    TIMEOUT.toMillis(),
                    () -> "the topic does not replay to the table: "
                            + SqliteIncrementalSnapshotIT.replay(events[0]).size() + " rows against " + actual.size());
            SqliteIncrementalSnapshotIT.assertConsistent(events[0]);
        } finally {
            kafka.stop();
        }
    }
}
