package io.entitynotifier.connect.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.entitynotifier.connect.common.testing.ChangeEvents.Event;

/**
 * The fault tests' verdict: delivered events, in Kafka order, against what the application committed, in commit
 * order; plus no Kafka transaction marker between two events of the same source transaction.
 */
public final class ExactlyOnceCheck {

    private ExactlyOnceCheck() {}

    /**
     * Prints {@code FAULTS <scenario>: kills=.. written=.. read=.. lost=.. duplicated=.. split-transactions=..} and
     * fails unless every committed change arrived exactly once and in order.
     *
     * @param transactionOf the source transaction an event belongs to (null where the source has no ids)
     */
    public static void assertExactlyOnce(
            String scenario,
            int kills,
            List<String> committed,
            List<Event> events,
            Function<Event, String> transactionOf) {
        List<String> got = new ArrayList<>();
        int split = 0;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            got.add(e.op() + ":" + e.key().get("id").asInt());
            if (i > 0) {
                Event prev = events.get(i - 1);
                boolean markerBetween = e.record().offset() - prev.record().offset() > 1;
                String tx = transactionOf.apply(e);
                if (markerBetween && tx != null && Objects.equals(tx, transactionOf.apply(prev))) {
                    split++;
                }
            }
        }
        List<String> expected = new ArrayList<>(committed);
        System.out.printf(
                "FAULTS %s: kills=%d written=%d read=%d lost=%d duplicated=%d split-transactions=%d%n",
                scenario,
                kills,
                expected.size(),
                got.size(),
                Math.max(0, expected.size() - got.size()),
                Math.max(0, got.size() - expected.size()),
                split);
        assertEquals(expected, got, "every change exactly once, in commit order");
        assertEquals(0, split, "a Kafka transaction ended inside a source transaction");
    }
}
