package io.entitynotifier.connect.monitoring;

import java.util.List;
import java.util.Map;

import io.entitynotifier.connect.monitoring.TaskMetricsReader.TaskView;

/**
 * Renders task metrics in the Prometheus text exposition format (version 0.0.4): one family per numeric attribute,
 * labelled with connector, tenant and task, e.g. {@code entitynotifier_total_number_of_events_seen{connector="shop",
 * tenant="acme",task="0"} 42}. Booleans become 0/1; text attributes are left out, and so is a task whose value is null
 * (an attribute of another kind of connector, such as {@code PostgresSlotRetainedWalBytes}, or one not sampled yet).
 */
public final class PrometheusText {

    private PrometheusText() {}

    public static String render(List<TaskView> tasks) {
        StringBuilder sb = new StringBuilder(4096);
        if (tasks.isEmpty()) {
            return "# no EntityNotifier connector tasks in this worker\n";
        }
        // Every numeric attribute of any task: some are only set for one kind of connector (null elsewhere).
        java.util.Set<String> attributes = new java.util.LinkedHashSet<>();
        for (TaskView t : tasks) {
            for (Map.Entry<String, Object> e : t.attributes().entrySet()) {
                if (numeric(e.getValue())) {
                    attributes.add(e.getKey());
                }
            }
        }
        for (String attribute : attributes) {
            String metric = "entitynotifier_" + snake(attribute);
            sb.append("# HELP ").append(metric).append(' ').append(attribute).append(" (per connector task)\n");
            sb.append("# TYPE ")
                    .append(metric)
                    .append(' ')
                    .append(type(attribute))
                    .append('\n');
            for (TaskView t : tasks) {
                Object v = t.attributes().get(attribute);
                if (!numeric(v)) {
                    continue;
                }
                sb.append(metric)
                        .append("{connector=\"")
                        .append(escape(t.connector()))
                        .append("\",tenant=\"")
                        .append(escape(t.tenant()))
                        .append("\",task=\"")
                        .append(escape(t.task()))
                        .append("\"} ")
                        .append(value(v))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * {@code entitynotifier_task_state{connector,tenant,task,worker,state} 1} for every task of our connectors in the
     * cluster. Every worker reports the whole cluster: aggregate with {@code max by (connector, task, state)}.
     */
    public static String renderStates(List<TaskStates.State> states) {
        if (states.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(256 + 128 * states.size());
        sb.append("# HELP entitynotifier_task_state 1 for a connector task's current state in the Connect cluster\n");
        sb.append("# TYPE entitynotifier_task_state gauge\n");
        for (TaskStates.State s : states) {
            sb.append("entitynotifier_task_state{connector=\"")
                    .append(escape(s.connector()))
                    .append("\",tenant=\"")
                    .append(escape(s.tenant()))
                    .append("\",task=\"")
                    .append(escape(s.task()))
                    .append("\",worker=\"")
                    .append(escape(s.worker()))
                    .append("\",state=\"")
                    .append(escape(s.state()))
                    .append("\"} 1\n");
        }
        return sb.toString();
    }

    /** The states as JSON: {@code [{"connector":..,"tenant":..,"task":..,"worker":..,"state":..}]}. */
    public static String statesJson(List<TaskStates.State> states) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < states.size(); i++) {
            TaskStates.State s = states.get(i);
            sb.append(i > 0 ? "," : "")
                    .append("{\"connector\":")
                    .append(quote(s.connector()))
                    .append(",\"tenant\":")
                    .append(quote(s.tenant()))
                    .append(",\"task\":")
                    .append(quote(s.task()))
                    .append(",\"worker\":")
                    .append(quote(s.worker()))
                    .append(",\"state\":")
                    .append(quote(s.state()))
                    .append('}');
        }
        return sb.append(']').toString();
    }

    private static boolean numeric(Object v) {
        return v instanceof Number || v instanceof Boolean;
    }

    private static String value(Object v) {
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "NaN" : Double.toString(d);
        }
        return v.toString();
    }

    /** Counters only go up; everything else is a gauge. */
    private static String type(String attribute) {
        return attribute.startsWith("NumberOf")
                        || attribute.startsWith("Total")
                        || attribute.equals("RowsScanned")
                        || attribute.equals("ThrottledTimeMs")
                        || attribute.equals("BulkOperationsDetected")
                ? "counter"
                : "gauge";
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLower = i > 0 && !Character.isUpperCase(camel.charAt(i - 1));
                boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
                if (i > 0 && (prevLower || nextLower)) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** The same figures as JSON for the dashboard: {@code [{"connector":..,"tenant":..,"task":..,"metrics":{..}}]}. */
    public static String json(List<TaskView> tasks) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < tasks.size(); i++) {
            TaskView t = tasks.get(i);
            sb.append(i > 0 ? "," : "")
                    .append("{\"connector\":")
                    .append(quote(t.connector()))
                    .append(",\"tenant\":")
                    .append(quote(t.tenant()))
                    .append(",\"task\":")
                    .append(quote(t.task()))
                    .append(",\"metrics\":{");
            int k = 0;
            for (Map.Entry<String, Object> e : t.attributes().entrySet()) {
                Object v = e.getValue();
                sb.append(k++ > 0 ? "," : "").append(quote(e.getKey())).append(':');
                if (v instanceof Number n && !(v instanceof Double d && (d.isNaN() || d.isInfinite()))) {
                    sb.append(n);
                } else if (v instanceof Boolean b) {
                    sb.append(b);
                } else {
                    sb.append(v == null ? "null" : quote(v.toString()));
                }
            }
            sb.append("}}");
        }
        return sb.append(']').toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '<' -> sb.append("\\u003c"); // safe to embed
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
