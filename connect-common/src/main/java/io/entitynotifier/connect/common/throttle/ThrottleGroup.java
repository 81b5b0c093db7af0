package io.entitynotifier.connect.common.throttle;

import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A budget shared by the connectors of one worker that name the same {@code throttle.group}. A member is busy while
 * it keeps asking for its share (it has events waiting); shares follow the busy members' weights, so an idle member's
 * share goes to the others and a noisy low-priority tenant cannot starve a critical one.
 */
public final class ThrottleGroup implements ThrottleGroupMBean {

    /** A member that has not asked for this long is idle. */
    static final long BUSY_WINDOW_MS = 1_000;

    private final Map<String, long[]> members = new ConcurrentHashMap<>(); // member -> {weight, lastAskedMs}
    private final LongSupplier clock;

    ThrottleGroup(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public synchronized double share(String member, int weight, double groupRate) {
        long now = clock.getAsLong();
        members.put(member, new long[] {weight, now});
        long total = 0;
        for (Iterator<long[]> it = members.values().iterator(); it.hasNext(); ) {
            long[] m = it.next();
            if (now - m[1] > BUSY_WINDOW_MS) {
                it.remove();
            } else {
                total += m[0];
            }
        }
        return groupRate * weight / Math.max(total, 1);
    }

    @Override
    public int getBusyMembers() {
        long now = clock.getAsLong();
        return (int) members.values().stream()
                .filter(m -> now - m[1] <= BUSY_WINDOW_MS)
                .count();
    }

    static ObjectName objectName(String group) {
        try {
            return new ObjectName("io.entitynotifier.connect:type=throttle-group,name=" + ObjectName.quote(group));
        } catch (JMException e) {
            throw new IllegalArgumentException("bad throttle group name " + group, e);
        }
    }

    /** Asks the worker-wide group (registering it on first use) for {@code member}'s share. */
    static double askShare(String group, String member, int weight, double groupRate) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = objectName(group);
        Object[] args = {member, weight, groupRate};
        String[] sig = {String.class.getName(), int.class.getName(), double.class.getName()};
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return (Double) server.invoke(name, "share", args, sig);
            } catch (InstanceNotFoundException missing) {
                try {
                    server.registerMBean(new ThrottleGroup(System::currentTimeMillis), name);
                } catch (InstanceAlreadyExistsException raced) {
                    // another connector registered it first; ask again
                } catch (JMException e) {
                    throw new IllegalStateException("cannot register throttle group " + group, e);
                }
            } catch (JMException e) {
                throw new IllegalStateException("cannot reach throttle group " + group, e);
            }
        }
        throw new IllegalStateException("throttle group " + group + " could not be registered");
    }
}
