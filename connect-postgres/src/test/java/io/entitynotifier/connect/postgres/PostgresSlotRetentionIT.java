package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * The task's {@code PostgresSlotRetainedWalBytes} JMX attribute (exported by connect-monitoring as
 * {@code entitynotifier_postgres_slot_retained_wal_bytes}): it grows while the paused connector confirms nothing and
 * WAL is written, and falls once the connector has caught up.
 */
@ExtendWith(TestEnvironment.class)
class PostgresSlotRetentionIT {

    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final String NAME = "pg-it97";
    static final int ROWS = 8_000;
    /** About 1 kB per row: the inserts write more than 8 MB of WAL. */
    static final long GROWN = 8_000_000;

    static Long retained() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names =
                jmx.queryNames(new ObjectName("io.entitynotifier.connect:type=connector-metrics,*"), null);
        for (ObjectName n : names) {
            Object connector = jmx.getAttribute(n, "ConnectorName");
            if (NAME.equals(connector) || "it97".equals(connector)) {
                return (Long) jmx.getAttribute(n, "PostgresSlotRetainedWalBytes");
            }
        }
        return null;
    }

    @Test
    void retainedWalGrowsWhileTheConnectorLagsAndFallsOnceItCatchesUp() throws Exception {
        ConnectTestCluster connect = TestEnvironment.connect();
        PostgresServer pg = TestEnvironment.postgres();
        pg.execute("CREATE SCHEMA s97", "CREATE TABLE s97.w (id int PRIMARY KEY, pad text)");
        Map<String, String> cfg = pg.connectorConfig("it97", "slot_it97", "pub_it97");
        cfg.put("table.include.list", "s97.w");
        cfg.put("name", NAME);
        connect.deploy(NAME, cfg);
        try {
            pg.awaitSlot("slot_it97");
            TestUtils.waitForCondition(() -> retained() != null, TIMEOUT.toMillis(), "no retained-WAL sample");

            // Paused, the task delivers and so confirms nothing: the slot keeps all WAL written meanwhile.
            connect.connect().pauseConnector(NAME);
            connect.connect()
                    .assertions()
                    .assertConnectorAndExactlyNumTasksArePaused(NAME, 1, "connector " + NAME + " did not pause");
            pg.execute("INSERT INTO s97.w SELECT g, repeat('x', 1000) FROM generate_series(1, " + ROWS + ") g");
            TestUtils.waitForCondition(
                    () -> retained() != null && retained() > GROWN,
                    TIMEOUT.toMillis(),
                    () -> "retained WAL did not grow past " + GROWN + " bytes: " + sample());

            connect.connect().resumeConnector(NAME);
            assertEquals(
                    ROWS,
                    connect.consumeCommitted(NAME, ROWS, TIMEOUT, "it97.s97.w").size());
            // restart_lsn moves at the next running-transactions record once the position is confirmed; the server
            // logs one about every 15 s with activity and at each checkpoint: CHECKPOINT just makes that sooner.
            TestUtils.waitForCondition(
                    () -> {
                        pg.execute("CHECKPOINT");
                        Long v = retained();
                        return v != null && v < 1_000_000;
                    },
                    TIMEOUT.toMillis(),
                    1_000,
                    () -> "retained WAL did not fall below 1 MB after the catch-up: " + sample());
        } finally {
            connect.connect().deleteConnector(NAME);
        }
    }

    private static String sample() {
        try {
            return String.valueOf(retained());
        } catch (Exception e) {
            return e.toString();
        }
    }
}
