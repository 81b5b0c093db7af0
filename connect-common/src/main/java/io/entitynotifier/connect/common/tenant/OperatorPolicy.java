package io.entitynotifier.connect.common.tenant;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Rules the operator of the Connect cluster sets for every connector on a worker, in a properties file that tenants
 * cannot change through the REST API: group budgets and the highest priority a group's member may claim, where the
 * throttle groups coordinate, and which directories SQLite connectors may open. The file is named by the worker JVM's
 * system property {@value #SYSTEM_PROPERTY} or else the environment variable {@value #ENV}. Without either, the
 * policy is {@link #NONE} and every connector behaves as without an operator.
 *
 * <p>Read once per JVM and again when the file's size or modification time changes (checked at most once a second).
 * A named file that cannot be read is an error, never an empty policy: connectors then fail validation and task start
 * rather than run without the operator's limits.
 */
public final class OperatorPolicy {

    public static final String SYSTEM_PROPERTY = "entitynotifier.operator.config";
    public static final String ENV = "ENTITYNOTIFIER_OPERATOR_CONFIG";

    static final String GROUP_PREFIX = "throttle.group.";
    static final String MAX_EVENTS_SUFFIX = ".max.events.per.second";
    static final String MAX_PRIORITY_SUFFIX = ".max.priority";
    public static final String SQLITE_ALLOWED_DIRS = "sqlite.allowed.dirs";
    public static final String COORDINATION_BOOTSTRAP = "throttle.coordination.bootstrap.servers";
    public static final String COORDINATION_TOPIC = "throttle.coordination.topic";
    public static final String COORDINATION_CLIENT_PREFIX = "throttle.coordination.client.";

    /** No operator policy: no group is defined, any priority may be claimed, any SQLite path may be opened. */
    public static final OperatorPolicy NONE = new OperatorPolicy(null, new Properties());

    private static final long RECHECK_MS = 1_000;
    private static Cached cached;

    private final Path source;
    private final Map<String, Double> groupBudgets = new TreeMap<>();
    private final Map<String, TenantConfig.Priority> groupMaxPriorities = new TreeMap<>();
    private final List<String> sqliteAllowedDirs;
    private final Map<String, Object> coordinationClient = new TreeMap<>();
    private final String coordinationTopic;

    private record Cached(Path path, long size, FileTime modified, long checkedAt, OperatorPolicy policy) {}

    OperatorPolicy(Path source, Properties p) {
        this.source = source;
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key).trim();
            if (key.startsWith(GROUP_PREFIX) && key.endsWith(MAX_EVENTS_SUFFIX)) {
                String group = middle(key, MAX_EVENTS_SUFFIX);
                try {
                    double budget = Double.parseDouble(value);
                    if (!(budget > 0) || Double.isInfinite(budget)) {
                        throw new NumberFormatException();
                    }
                    groupBudgets.put(group, budget);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            key + " must be a positive number of events per second in the operator policy " + source);
                }
            } else if (key.startsWith(GROUP_PREFIX) && key.endsWith(MAX_PRIORITY_SUFFIX)) {
                try {
                    groupMaxPriorities.put(middle(key, MAX_PRIORITY_SUFFIX), TenantConfig.Priority.parse(value));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            key + " must be low, normal, high or critical in the operator policy " + source);
                }
            } else if (key.startsWith(COORDINATION_CLIENT_PREFIX)) {
                coordinationClient.put(key.substring(COORDINATION_CLIENT_PREFIX.length()), value);
            }
        }
        String bootstrap = p.getProperty(COORDINATION_BOOTSTRAP, "").trim();
        String topic = p.getProperty(COORDINATION_TOPIC, "").trim();
        if (bootstrap.isEmpty() != topic.isEmpty()) {
            throw new IllegalArgumentException("the operator policy " + source + " must set both "
                    + COORDINATION_BOOTSTRAP + " and " + COORDINATION_TOPIC + ", or neither");
        }
        if (!bootstrap.isEmpty()) {
            coordinationClient.put("bootstrap.servers", bootstrap);
        }
        this.coordinationTopic = topic.isEmpty() ? null : topic;
        List<String> dirs = new ArrayList<>();
        for (String d : p.getProperty(SQLITE_ALLOWED_DIRS, "").split(",")) {
            if (!d.isBlank()) {
                dirs.add(d.trim());
            }
        }
        this.sqliteAllowedDirs = List.copyOf(dirs);
    }

    private static String middle(String key, String suffix) {
        return key.substring(GROUP_PREFIX.length(), key.length() - suffix.length());
    }

    /**
     * The policy in force in this JVM: the file named by {@value #SYSTEM_PROPERTY} (or {@value #ENV}), or
     * {@link #NONE} when neither is set.
     *
     * @throws IllegalStateException when a policy file is named but cannot be read or holds an invalid value
     */
    public static synchronized OperatorPolicy current() {
        String named = System.getProperty(SYSTEM_PROPERTY);
        if (named == null || named.isBlank()) {
            named = System.getenv(ENV);
        }
        if (named == null || named.isBlank()) {
            cached = null;
            return NONE;
        }
        Path path = Path.of(named.trim());
        long now = System.currentTimeMillis();
        Cached c = cached;
        if (c != null && c.path.equals(path) && now - c.checkedAt < RECHECK_MS) {
            return c.policy;
        }
        try {
            long size = Files.size(path);
            FileTime modified = Files.getLastModifiedTime(path);
            if (c != null && c.path.equals(path) && c.size == size && c.modified.equals(modified)) {
                cached = new Cached(path, size, modified, now, c.policy);
                return c.policy;
            }
            OperatorPolicy policy = load(path);
            cached = new Cached(path, size, modified, now, policy);
            return policy;
        } catch (IOException | IllegalArgumentException e) {
            cached = null;
            throw new IllegalStateException(
                    "the worker's operator policy file " + path + " (" + SYSTEM_PROPERTY + " / " + ENV
                            + ") cannot be used: " + e.getMessage(),
                    e);
        }
    }

    /** Reads a policy file. */
    public static OperatorPolicy load(Path path) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            p.load(in);
        }
        return new OperatorPolicy(path, p);
    }

    /** True when no policy file is in force. */
    public boolean none() {
        return source == null;
    }

    /** The group's budget in events per second set by the operator, or 0 when the operator set none. */
    public double groupBudget(String group) {
        return group == null ? 0 : groupBudgets.getOrDefault(group, 0.0);
    }

    /** The highest {@code tenant.priority} a member of the group may claim, or null for no limit. */
    public TenantConfig.Priority groupMaxPriority(String group) {
        return group == null ? null : groupMaxPriorities.get(group);
    }

    /**
     * The directories a SQLite connector of {@code tenant} may open files in, with {@code {tenant}} replaced by the
     * tenant id (a directory naming {@code {tenant}} is left out for a connector without one). Empty when the
     * operator set no {@value #SQLITE_ALLOWED_DIRS}: any path is allowed, see {@link #restrictsSqlite()}.
     */
    public List<Path> sqliteAllowedDirs(String tenant) {
        List<Path> out = new ArrayList<>();
        String t = tenant == null ? "" : tenant.trim();
        for (String d : sqliteAllowedDirs) {
            if (d.contains("{tenant}")) {
                if (t.isEmpty()) {
                    continue;
                }
                d = d.replace("{tenant}", t);
            }
            out.add(Path.of(d));
        }
        return out;
    }

    /** True when the operator restricts SQLite database files to {@value #SQLITE_ALLOWED_DIRS}. */
    public boolean restrictsSqlite() {
        return !sqliteAllowedDirs.isEmpty();
    }

    /** True when throttle groups coordinate across the cluster through a Kafka topic. */
    public boolean coordinates() {
        return coordinationTopic != null;
    }

    /** The coordination topic, or null when groups are per worker. */
    public String coordinationTopic() {
        return coordinationTopic;
    }

    /** Client properties for the coordination producer and consumer: bootstrap servers plus the operator's extras. */
    public Map<String, Object> coordinationClient() {
        return Collections.unmodifiableMap(coordinationClient);
    }

    @Override
    public String toString() {
        return source == null
                ? "no operator policy"
                : "operator policy " + source + " (groups " + groupBudgets.keySet() + ", coordination "
                        + (coordinates() ? "topic " + coordinationTopic : "per worker") + ")";
    }
}
