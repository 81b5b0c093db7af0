package io.entitynotifier.connect.oracle;

import static io.entitynotifier.connect.oracle.OracleIncrementalSnapshotIT.config;
import static io.entitynotifier.connect.oracle.OracleIncrementalSnapshotIT.database;
import static io.entitynotifier.connect.oracle.OracleIncrementalSnapshotIT.signal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * Signals of the Oracle connector against the H2 stand-in (REST API, exactly-once, {@code read_committed}):
 * malformed signals are dropped and the stream goes on, {@code additional-conditions}, {@code stop-snapshot}, the
 * Kafka channel, and a signal table that is not captured.
 */
class OracleSignalsIT {

    static final Duration TIMEOUT = ConnectTestCluster.DEFAULT_TIMEOUT;
    static ConnectTestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectTestCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void clearRedo() {
        H2TestDialect.SIGNAL_REDO.set(null);
    }

    static Set<Long> readIds(List<Event> events) {
        Set<Long> ids = new TreeSet<>();
        for (Event e : events) {
            if (e.op().equals("r")) {
                assertEquals("incremental", e.source().get("snapshot").asText());
                assertTrue(ids.add(e.after().get("ID").asLong()), "read twice: " + e.after());
            }
        }
        return ids;
    }

    static Set<Long> range(long from, long to) {
        Set<Long> s = new TreeSet<>();
        for (long i = from; i <= to; i++) {
            s.add(i);
        }
        return s;
    }

    @Test
    void malformedSignalsAreDroppedAndTheStreamGoesOnThenAFilteredSnapshotRuns() throws Exception {
        String name = "osbad";
        try (H2Oracle db = database(name)) {
            db.createTable("APP", "B", "ID NUMBER(10) PK, V VARCHAR2(20) NOT NULL");
            db.createTable("APP", "C", "ID NUMBER(10) PK, V VARCHAR2(20) NOT NULL");
            db.execute(
                    "INSERT INTO \"APP\".\"A\" SELECT X, 'a' FROM SYSTEM_RANGE(1, 50)",
                    "INSERT INTO \"APP\".\"B\" SELECT X, 'b' FROM SYSTEM_RANGE(1, 50)",
                    "INSERT INTO \"APP\".\"C\" SELECT X, 'c' FROM SYSTEM_RANGE(1, 50)");
            RedoWriter redo = new RedoWriter(db);
            H2TestDialect.SIGNAL_REDO.set(redo);
            Map<String, String> c = config(db, name);
            c.put("table.include.list", "APP\\.DEBEZIUM_SIGNAL,APP\\.A,APP\\.B");
            cluster.deploy(name, c);
            signal(db, redo, "b1", "execute-snapshot", "{not json");
            signal(db, redo, "b2", "frobnicate", "{}");
            signal(db, redo, "b3", "execute-snapshot", "{\"data-collections\": [\"APP.NOPE\"]}");
            signal(db, redo, "b4", "execute-snapshot", "{\"data-collections\": [\"APP.C\"]}"); // not captured
            signal(db, redo, "b5", "execute-snapshot", "{\"data-collections\": [\"APP.A\"], \"type\": \"blocking\"}");
            signal(db, redo, "b6", "execute-snapshot", null);
            signal(db, redo, "b7", "execute-snapshot", "[1, 2]");
            signal(
                    db,
                    redo,
                    "b8",
                    "execute-snapshot",
                    "{\"data-collections\": [\"APP.B\"], \"additional-conditions\": "
                            + "[{\"data-collection\": \"APP.B\", \"filter\": \"NO_SUCH_COLUMN = 1\"}]}");
            signal(db, redo, "l1", "log", "{\"message\": \"hello from the signal table\"}");
            signal(
                    db,
                    redo,
                    "ok",
                    "execute-snapshot",
                    "{\"data-collections\": [\"APP\\\\.A\"], \"type\": \"INCREMENTAL\", \"additional-conditions\": "
                            + "[{\"data-collection\": \"APP.A\", \"filter\": \"\\\"ID\\\" <= 10\"}]}");
            redo.begin().insert("APP", "A", "\"ID\",\"V\"", "'1000','fence'").commit();
            List<Event> a = ChangeEvents.parse(cluster.consumeCommitted(name, 11, TIMEOUT, name + ".APP.A"));
            assertEquals(range(1, 10), readIds(a), "the filtered rows, each once");
            assertEquals(1, a.stream().filter(e -> e.op().equals("c")).count());
            assertFalse(cluster.topics().contains(name + ".APP.C"), "C is not captured");
            // the signal rows themselves are change events of the captured signal table
            List<Event> s =
                    ChangeEvents.parse(cluster.consumeCommitted(name, 10, TIMEOUT, name + ".APP.DEBEZIUM_SIGNAL"));
            assertTrue(s.size() >= 10);
            assertEquals("RUNNING", cluster.status(name).tasks().get(0).state());
            cluster.connect().deleteConnector(name);
        }
    }

    @Test
    void stopSnapshotEndsTheRunningSnapshotAndClearsItsState() throws Exception {
        String name = "osstop";
        try (H2Oracle db = database(name)) {
            db.execute("INSERT INTO \"APP\".\"A\" SELECT X, 'a' FROM SYSTEM_RANGE(1, 3000)");
            RedoWriter redo = new RedoWriter(db);
            H2TestDialect.SIGNAL_REDO.set(redo);
            Map<String, String> c = config(db, name);
            c.put("throttle.max.events.per.second", "300");
            cluster.deploy(name, c);
            String topic = name + ".APP.A";
            signal(db, redo, "go", "execute-snapshot", "{\"data-collections\": [\"APP.A\"]}");
            cluster.consumeCommitted(name, 200, TIMEOUT, topic);
            signal(db, redo, "halt", "stop-snapshot", "{\"data-collections\": [\"APP.A\"], \"type\": \"incremental\"}");
            redo.begin().insert("APP", "A", "\"ID\",\"V\"", "'100000','fence'").commit();
            List<Event>[] events = new List[1];
            TestUtils.waitForCondition(
                    () -> {
                        events[0] = ChangeEvents.parse(cluster.consumeCommitted(name, 1, TIMEOUT, topic));
                        return events[0].stream().anyMatch(e -> e.op().equals("c"));
                    },
                    TIMEOUT.toMillis(),
                    "the fence did not arrive");
            Set<Long> read = readIds(events[0]);
            assertTrue(read.size() < 3000, "the snapshot was over before the stop: " + read.size());
            assertEquals(range(1, read.size()), read, "chunks in key order");
            // the state leaves the offsets once the stop is committed: a later record carries none
            redo.begin().insert("APP", "A", "\"ID\",\"V\"", "'100001','fence2'").commit();
            TestUtils.waitForCondition(
                    () -> {
                        List<ConnectorOffset> offsets =
                                cluster.connect().connectorOffsets(name).offsets();
                        return !offsets.isEmpty()
                                && offsets.get(0).offset().get("commit_scn") != null
                                && !offsets.get(0).offset().containsKey("incremental_snapshot")
                                && ChangeEvents.parse(cluster.consumeCommitted(name, 1, TIMEOUT, topic)).stream()
                                        .anyMatch(e -> e.op().equals("c")
                                                && e.after().get("V").asText().equals("fence2"));
                    },
                    TIMEOUT.toMillis(),
                    "the incremental snapshot state stayed in the offset");
            List<Event> all = ChangeEvents.parse(cluster.consumeCommitted(name, 1, TIMEOUT, topic));
            assertEquals(read, readIds(all), "rows read after the stop-snapshot");
            cluster.connect().deleteConnector(name);
        }
    }

    @Test
    void kafkaChannelSignalSnapshotsThatTable() throws Exception {
        String name = "oskafka";
        try (H2Oracle db = database(name)) {
            db.createTable("APP", "B", "ID NUMBER(10) PK, V VARCHAR2(20) NOT NULL");
            db.execute(
                    "INSERT INTO \"APP\".\"A\" SELECT X, 'a' FROM SYSTEM_RANGE(1, 30)",
                    "INSERT INTO \"APP\".\"B\" SELECT X, 'b' FROM SYSTEM_RANGE(1, 250)");
            RedoWriter redo = new RedoWriter(db);
            H2TestDialect.SIGNAL_REDO.set(redo);
            String signals = name + "-signal";
            cluster.connect().kafka().createTopic(signals, 1);
            Map<String, String> c = config(db, name);
            c.put("signal.enabled.channels", "source,kafka");
            c.put("signal.kafka.bootstrap.servers", cluster.connect().kafka().bootstrapServers());
            cluster.deploy(name, c);
            cluster.connect()
                    .kafka()
                    .produce(
                            signals,
                            "other",
                            "{\"id\": \"x\", \"type\": \"execute-snapshot\", "
                                    + "\"data\": {\"data-collections\": [\"APP.A\"]}}");
            cluster.connect().kafka().produce(signals, name, "not json");
            cluster.connect()
                    .kafka()
                    .produce(
                            signals,
                            name,
                            "{\"id\": \"k1\", \"type\": \"execute-snapshot\", "
                                    + "\"data\": {\"data-collections\": [\"APP.B\"], \"type\": \"INCREMENTAL\"}}");
            List<Event> b = ChangeEvents.parse(cluster.consumeCommitted(name, 250, TIMEOUT, name + ".APP.B"));
            assertEquals(range(1, 250), readIds(b));
            redo.begin().insert("APP", "A", "\"ID\",\"V\"", "'1000','fence'").commit();
            List<Event> a = ChangeEvents.parse(cluster.consumeCommitted(name, 1, TIMEOUT, name + ".APP.A"));
            assertEquals(List.of("c"), a.stream().map(Event::op).toList(), "A was not snapshotted");
            cluster.connect().deleteConnector(name);
        }
    }

    @Test
    void aSignalTableThatIsNotCapturedFailsTheTaskNamingTheKey() throws Exception {
        String name = "osnocap";
        try (H2Oracle db = database(name)) {
            Map<String, String> c = config(db, name);
            c.put("table.include.list", "APP\\.A");
            cluster.connect().configureConnector(name, withDefaults(c));
            String trace = cluster.awaitTaskFailure(name, TIMEOUT);
            assertTrue(trace.contains("signal.data.collection") && trace.contains("not captured"), trace);
            cluster.connect().deleteConnector(name);
        }
    }

    static Map<String, String> withDefaults(Map<String, String> c) {
        Map<String, String> all = ConnectTestCluster.exactlyOnceDefaults();
        all.putAll(c);
        return all;
    }
}
