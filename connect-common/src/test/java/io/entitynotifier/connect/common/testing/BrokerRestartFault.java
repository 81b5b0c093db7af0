package io.entitynotifier.connect.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.apache.kafka.test.TestUtils;

import io.entitynotifier.connect.common.testing.ChangeEvents.Event;

/**
 * The Kafka broker stopped and restarted while a connector streams a {@link JdbcWorkload}: the connector must ride it
 * out by itself, and a read_committed consumer must then see every change exactly once, in commit order.
 */
public final class BrokerRestartFault {

    private BrokerRestartFault() {}

    /**
     * @param connect a cluster of its own (its broker is restarted), from {@link ConnectTestCluster#startForBrokerRestart}
     * @param connector the deployed connector, streaming {@code topic}
     */
    public static void run(
            String scenario,
            ConnectTestCluster connect,
            String connector,
            String topic,
            JdbcWorkload w,
            Duration timeout,
            Function<Event, String> txId)
            throws Exception {
        Thread writer = new Thread(w, "workload");
        writer.start();
        try {
            connect.consumeCommitted(connector, 50, timeout, topic); // streaming before the outage
            connect.connect().kafka().stopOnlyBrokers();
            int before = w.transactions.get();
            TestUtils.waitForCondition(
                    () -> w.transactions.get() >= before + 200,
                    timeout.toMillis(),
                    "writer stalled while the broker was down");
            connect.connect().kafka().restartOnlyBrokers();
            int after = w.transactions.get();
            TestUtils.waitForCondition(
                    () -> w.transactions.get() >= after + 200,
                    timeout.toMillis(),
                    "writer stalled after the broker came back");
        } finally {
            w.stop();
            writer.join(timeout.toMillis());
        }
        assertFalse(writer.isAlive());
        assertEquals(null, w.failure());
        List<Event> events =
                ChangeEvents.parse(connect.consumeCommitted(connector, w.committed.size(), timeout, topic));
        ExactlyOnceCheck.assertExactlyOnce(scenario, 0, w.committed, events, txId);
        assertEquals("RUNNING", connect.status(connector).tasks().get(0).state(), "recovered by itself");
    }
}
