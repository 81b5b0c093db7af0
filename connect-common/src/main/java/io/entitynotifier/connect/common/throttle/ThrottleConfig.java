package io.entitynotifier.connect.common.throttle;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Throttling keys shared by every connector. */
public final class ThrottleConfig {

    public static final String GROUP = "Throttling";

    public static final String MAX_EVENTS_CONFIG = "throttle.max.events.per.second";
    private static final String MAX_EVENTS_DOC = "Most change events per second this connector delivers; 0 means "
            + "no limit. A throttled task reads more slowly from the source (its log or change table keeps the "
            + "changes); nothing is dropped. Up to one second of unused budget may be spent in a burst.";

    public static final String MAX_BYTES_CONFIG = "throttle.max.bytes.per.second";
    private static final String MAX_BYTES_DOC = "Most bytes of change events per second (estimated from the "
            + "values, before conversion); 0 means no limit. Same burst allowance as the event limit.";

    public static final String GROUP_CONFIG = "throttle.group";
    private static final String GROUP_DOC = "Name of a budget shared by the connectors that name the same group: "
            + "across the whole Connect cluster when the worker's operator policy sets throttle.coordination.* (members "
            + "meet through a compacted Kafka topic), otherwise among the connectors of one worker. Empty: no group.";

    public static final String GROUP_MAX_EVENTS_CONFIG = "throttle.group.max.events.per.second";
    private static final String GROUP_MAX_EVENTS_DOC = "Events per second the whole throttle.group may deliver, "
            + "divided among its busy members by tenant.priority weight; an idle member's share is lent to the others. "
            + "0 means no group limit. When the worker's operator policy sets the group's budget "
            + "(throttle.group.<name>.max.events.per.second), that budget is enforced and a higher value here is "
            + "refused at validate.";

    private ThrottleConfig() {}

    public static void define(ConfigDef def) {
        int order = 0;
        def.define(
                MAX_EVENTS_CONFIG,
                Type.DOUBLE,
                0.0,
                ConfigDef.Range.atLeast(0),
                Importance.MEDIUM,
                MAX_EVENTS_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Max events/s");
        def.define(
                MAX_BYTES_CONFIG,
                Type.LONG,
                0L,
                ConfigDef.Range.atLeast(0),
                Importance.MEDIUM,
                MAX_BYTES_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Max bytes/s");
        def.define(
                GROUP_CONFIG,
                Type.STRING,
                "",
                Importance.LOW,
                GROUP_DOC,
                GROUP,
                ++order,
                Width.MEDIUM,
                "Throttle group");
        def.define(
                GROUP_MAX_EVENTS_CONFIG,
                Type.DOUBLE,
                0.0,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                GROUP_MAX_EVENTS_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Group max events/s");
    }

    public static double maxEvents(AbstractConfig c) {
        return c.getDouble(MAX_EVENTS_CONFIG);
    }

    public static long maxBytes(AbstractConfig c) {
        return c.getLong(MAX_BYTES_CONFIG);
    }

    public static String group(AbstractConfig c) {
        return c.getString(GROUP_CONFIG).trim();
    }

    public static double groupMaxEvents(AbstractConfig c) {
        return c.getDouble(GROUP_MAX_EVENTS_CONFIG);
    }
}
