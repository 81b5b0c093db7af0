package io.entitynotifier.connect.monitoring;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads every connector task's metrics from the platform MBean server. The connectors run in their own plugin class
 * loaders; JMX with plain attribute types is how this extension sees them without sharing classes.
 */
public final class TaskMetricsReader {

    static final String PATTERN = "io.entitynotifier.connect:type=connector-metrics,*";

    /** One task's attributes, with the connector, tenant and task of its name. */
    public record TaskView(String connector, String tenant, String task, Map<String, Object> attributes) {}

    private final MBeanServer server;

    public TaskMetricsReader() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    TaskMetricsReader(MBeanServer server) {
        this.server = server;
    }

    public List<TaskView> read() {
        List<TaskView> out = new ArrayList<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName(PATTERN), null)) {
                try {
                    MBeanAttributeInfo[] infos = server.getMBeanInfo(name).getAttributes();
                    String[] names = new String[infos.length];
                    for (int i = 0; i < infos.length; i++) {
                        names[i] = infos[i].getName();
                    }
                    Map<String, Object> attrs = new LinkedHashMap<>();
                    for (Attribute a : server.getAttributes(name, names).asList()) {
                        attrs.put(a.getName(), a.getValue());
                    }
                    out.add(new TaskView(
                            unquote(name.getKeyProperty("connector")),
                            unquote(name.getKeyProperty("tenant")),
                            name.getKeyProperty("task"),
                            attrs));
                } catch (JMException gone) {
                    // the task stopped between query and read
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
        out.sort(Comparator.comparing(TaskView::tenant)
                .thenComparing(TaskView::connector)
                .thenComparing(TaskView::task));
        return out;
    }

    private static String unquote(String v) {
        if (v == null) {
            return "";
        }
        return v.startsWith("\"") ? ObjectName.unquote(v) : v;
    }
}
