package io.entitynotifier.connect.common.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The share arithmetic of a cluster-wide member, fed records as its coordination thread would. */
class ClusterGroupMemberTest {

    static String state(int weight, boolean busy, long ts, String instance) {
        return new MemberState(weight, busy, ts, "1@host", instance).toJson();
    }

    @Test
    void keysAndStatesRoundTrip() {
        String key = MemberState.key("a/b", "c d");
        assertEquals("a%2Fb/c+d", key);
        String[] gm = MemberState.parseKey(key);
        assertEquals("a/b", gm[0]);
        assertEquals("c d", gm[1]);
        assertNull(MemberState.parseKey("no-slash"));
        MemberState s = MemberState.parse(state(8, true, 123, "abc-1"));
        assertEquals(8, s.weight());
        assertEquals(true, s.busy());
        assertEquals(123, s.ts());
        assertEquals("abc-1", s.instance());
        assertNull(MemberState.parse("{\"something\":\"else\"}"));
        assertEquals(
                "{\"weight\":1,\"busy\":false,\"ts\":5,\"worker\":\"x_y\",\"instance\":\"i\"}",
                new MemberState(1, false, 5, "x\"y", "i").toJson());
    }

    @Test
    void sharesFollowBusyPeersWeightsAndIdleOrStalePeersLendTheirShare() {
        AtomicLong now = new AtomicLong(1_000_000);
        // a member never started: no thread, no Kafka; the view is fed by hand
        ClusterGroupMember critical = ClusterGroupMember.unstarted("g", "critical", 8, now::get);
        critical.markSynced(now.get());
        assertEquals(300.0, critical.share(300), 1e-9, "alone: the whole budget");
        critical.receive(MemberState.key("g", "low1"), state(1, true, now.get(), "l1"), now.get());
        critical.receive(MemberState.key("g", "low2"), state(1, true, now.get(), "l2"), now.get());
        critical.receive(MemberState.key("other", "x"), state(8, true, now.get(), "x"), now.get());
        assertEquals(240.0, critical.share(300), 1e-9, "8 of 10");
        critical.receive(MemberState.key("g", "low2"), state(1, false, now.get(), "l2"), now.get());
        assertEquals(300.0 * 8 / 9, critical.share(300), 1e-9, "an idle member's share is lent");
        critical.receive(MemberState.key("g", "low1"), null, now.get());
        assertEquals(300.0, critical.share(300), 1e-9, "a member that left no longer counts");
        critical.receive(MemberState.key("g", "low1"), state(1, true, now.get(), "l1"), now.get());
        now.addAndGet(ClusterGroupMember.STALE_MS - 100);
        critical.markSynced(now.get());
        assertEquals(300.0 * 8 / 9, critical.share(300), 1e-9);
        now.addAndGet(200);
        critical.markSynced(now.get());
        assertEquals(300.0, critical.share(300), 1e-9, "a member not heard from expires");
        long old = now.get() - ClusterGroupMember.STALE_MS - ClusterGroupMember.JOIN_LOOKBACK_MS - 1;
        critical.receive(MemberState.key("g", "dead"), state(1, true, old, "d"), now.get());
        assertEquals(300.0, critical.share(300), 1e-9, "an old record read on joining is ignored");
        critical.receive(MemberState.key("g", "critical"), state(8, true, now.get(), "other-task"), now.get());
        assertEquals(150.0, critical.share(300), 1e-9, "a second task of the same connector is another member");
    }

    @Test
    void aMemberThatCannotSeeTheOthersTakesAtMostATenth() {
        AtomicLong now = new AtomicLong(1_000_000);
        ClusterGroupMember m = ClusterGroupMember.unstarted("g", "m", 8, now::get);
        assertEquals(30.0, m.share(300), 1e-9, "before it has read the topic");
        m.markSynced(now.get());
        assertEquals(300.0, m.share(300), 1e-9);
        now.addAndGet(ClusterGroupMember.STALE_MS + 1);
        assertEquals(30.0, m.share(300), 1e-9, "its own record has not come back for too long");
    }

    @Test
    void aMemberWithEventsWaitingStaysBusyBetweenPolls() {
        AtomicLong now = new AtomicLong(1_000_000);
        ClusterGroupMember m = ClusterGroupMember.unstarted("g", "m", 1, now::get);
        assertEquals(false, m.busy(now.get()), "has not asked yet");
        m.share(100);
        assertEquals(true, m.busy(now.get()));
        m.waiting(true);
        now.addAndGet(ThrottleGroup.BUSY_WINDOW_MS * 5);
        assertEquals(true, m.busy(now.get()), "its poll thread is elsewhere, its events still wait");
        m.waiting(false);
        assertEquals(false, m.busy(now.get()));
    }
}
