package io.entitynotifier.connect.common.throttle;

/**
 * The JMX face of a worker-wide throttle group. Connectors of different plugins load their own copies of this
 * library in separate class loaders, so they meet through the platform MBean server and plain-typed operations.
 */
public interface ThrottleGroupMBean {

    /**
     * Called by a busy member: records that it wants to send and returns its current share of {@code groupRate}
     * (events per second): {@code groupRate * weight / sum of the weights of busy members}.
     */
    double share(String member, int weight, double groupRate);

    /** Members that asked for a share recently. */
    int getBusyMembers();
}
