package io.entitynotifier.connect.common.throttle;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A throttle group member's view of its group: how much of the group's budget it may use now. Asking marks the member
 * busy (it has events waiting); a member that stops asking is idle and its share is lent to the others. Asking never
 * waits on anything outside this JVM.
 */
public interface GroupMember extends AutoCloseable {

    /** This member's share of {@code groupRate} events per second now. */
    double share(double groupRate);

    /**
     * Tells the group whether this member holds read events it could not hand over yet for lack of budget. Such a
     * member stays busy while its poll thread is elsewhere (committing a Kafka transaction, say), so its share is not
     * lent away between two polls.
     */
    default void waiting(boolean waiting) {}

    /** Leaves the group. */
    @Override
    void close();

    /**
     * Joins {@code group}: across the cluster through {@code coordinationTopic} when it is set (a
     * {@link ClusterGroupMember}, with {@code client} holding the Kafka client properties), otherwise the worker's
     * {@link ThrottleGroup}.
     */
    static GroupMember join(
            String group,
            String member,
            int weight,
            String coordinationTopic,
            Map<String, Object> client,
            LongSupplier clock) {
        if (coordinationTopic == null) {
            return new WorkerMember(group, member, weight);
        }
        return ClusterGroupMember.start(group, member, weight, coordinationTopic, client, clock);
    }

    /** A member of the worker-wide group, met through the platform MBean server. */
    record WorkerMember(String group, String member, int weight) implements GroupMember {

        @Override
        public double share(double groupRate) {
            return ThrottleGroup.askShare(group, member, weight, groupRate);
        }

        @Override
        public void close() {}
    }
}
