package io.entitynotifier.connect.common.tenant;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

import io.entitynotifier.connect.common.config.CommonSourceConfig;

/**
 * Tenant keys shared by every connector: identity ({@code tenant.id}, stamped on records and metrics), isolation of
 * topics and capture scope, priority within a throttle group, and the bound on buffered bytes.
 */
public final class TenantConfig {

    public static final String GROUP = "Tenant";

    public static final String TENANT_ID_CONFIG = "tenant.id";
    private static final String TENANT_ID_DOC = "The tenant this connector serves. Stamped as the header 'cdc.tenant' "
            + "on every record and as the 'tenant' tag of every metric. Letters, digits, '_' and '-' only (no '.', "
            + "which separates the tenant from the rest of topic.prefix). Empty: no tenant.";

    /** A tenant id: no '.', so that '<tenant>.' in a topic prefix names exactly one tenant. */
    private static final java.util.regex.Pattern TENANT_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]*");

    public static final String TENANT_TOPIC_PREFIX_CHECK_CONFIG = "tenant.topic.prefix.check";
    private static final String TENANT_TOPIC_PREFIX_CHECK_DOC = "When tenant.id is set, require topic.prefix to "
            + "be the tenant id or start with '<tenant.id>.', so a tenant's topics cannot collide with another's (a "
            + "prefixed ACL '<tenant.id>.' then covers exactly this tenant's topics). Checked at validate and again at "
            + "task start. Set false only where topic names are isolated otherwise.";

    public static final String TENANT_ISOLATION_CONFIG = "tenant.isolation";
    private static final String TENANT_ISOLATION_DOC = "What the tenant may capture: 'none' (no restriction), "
            + "'schema' (only tables in schema tenant.scope), 'database' (only tables in database tenant.scope) or "
            + "'server' (the whole server is the tenant's). With schema or database isolation, validation rejects "
            + "include-list entries that could reach outside the scope, and tables outside it are never captured.";

    public static final String TENANT_SCOPE_CONFIG = "tenant.scope";
    private static final String TENANT_SCOPE_DOC =
            "The tenant's schema or database, for tenant.isolation=schema " + "or database.";

    public static final String TENANT_PRIORITY_CONFIG = "tenant.priority";
    private static final String TENANT_PRIORITY_DOC = "Weight of this connector in its throttle.group: low (1), "
            + "normal (2), high (4) or critical (8). Busy members share the group budget in proportion to their "
            + "weights; an idle member's share is lent to the others. The worker's operator policy may cap it per group "
            + "(throttle.group.<name>.max.priority): a higher claim is refused at validate and at task start.";

    public static final String TENANT_MAX_BUFFERED_BYTES_CONFIG = "tenant.max.buffered.bytes";
    private static final String TENANT_MAX_BUFFERED_BYTES_DOC = "Upper bound on the estimated bytes of change "
            + "events a task holds in memory (its queue and the tail of an unfinished source transaction). A reader "
            + "that reaches it waits; a source transaction larger than it is split across Kafka transactions. A run "
            + "of events that has no resumable position and outgrows it (or transaction.group.max.records) fails the "
            + "task with an error naming the table, rather than exhausting memory. 0: only the record-count bounds "
            + "apply.";

    /** Throttle-group weights by {@code tenant.priority}. */
    public enum Priority {
        LOW(1),
        NORMAL(2),
        HIGH(4),
        CRITICAL(8);

        private final int weight;

        Priority(int weight) {
            this.weight = weight;
        }

        public int weight() {
            return weight;
        }

        public static Priority parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    private TenantConfig() {}

    public static void define(ConfigDef def) {
        int order = 0;
        def.define(
                TENANT_ID_CONFIG,
                Type.STRING,
                "",
                Importance.MEDIUM,
                TENANT_ID_DOC,
                GROUP,
                ++order,
                Width.MEDIUM,
                "Tenant id");
        def.define(
                TENANT_TOPIC_PREFIX_CHECK_CONFIG,
                Type.BOOLEAN,
                true,
                Importance.LOW,
                TENANT_TOPIC_PREFIX_CHECK_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Check topic prefix");
        def.define(
                TENANT_ISOLATION_CONFIG,
                Type.STRING,
                "none",
                ConfigDef.CaseInsensitiveValidString.in("none", "schema", "database", "server"),
                Importance.MEDIUM,
                TENANT_ISOLATION_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Tenant isolation");
        def.define(
                TENANT_SCOPE_CONFIG,
                Type.STRING,
                "",
                Importance.MEDIUM,
                TENANT_SCOPE_DOC,
                GROUP,
                ++order,
                Width.MEDIUM,
                "Tenant scope");
        def.define(
                TENANT_PRIORITY_CONFIG,
                Type.STRING,
                "normal",
                ConfigDef.CaseInsensitiveValidString.in("low", "normal", "high", "critical"),
                Importance.LOW,
                TENANT_PRIORITY_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Tenant priority");
        def.define(
                TENANT_MAX_BUFFERED_BYTES_CONFIG,
                Type.LONG,
                0L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                TENANT_MAX_BUFFERED_BYTES_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Max buffered bytes");
    }

    public static String tenantId(AbstractConfig c) {
        return c.getString(TENANT_ID_CONFIG);
    }

    public static Priority priority(AbstractConfig c) {
        return Priority.parse(c.getString(TENANT_PRIORITY_CONFIG));
    }

    public static long maxBufferedBytes(AbstractConfig c) {
        return c.getLong(TENANT_MAX_BUFFERED_BYTES_CONFIG);
    }

    public static TenantScope scope(AbstractConfig c, boolean namespaceIsDatabase) {
        return new TenantScope(
                TenantScope.Isolation.parse(c.getString(TENANT_ISOLATION_CONFIG)),
                c.getString(TENANT_SCOPE_CONFIG),
                namespaceIsDatabase);
    }

    /**
     * Cross-field checks, added to the offending key: the operator policy's group budget and priority cap
     * ({@link OperatorPolicyChecks}), the topic prefix against the tenant id, a scope for
     * schema/database isolation, and include-list entries that could reach outside the scope.
     */
    public static void validate(
            Map<String, String> props, Map<String, ConfigValue> values, boolean namespaceIsDatabase) {
        OperatorPolicyChecks.validate(props, values);
        String tenant = props.getOrDefault(TENANT_ID_CONFIG, "").trim();
        String prefix = props.get(CommonSourceConfig.TOPIC_PREFIX_CONFIG);
        boolean check = !"false"
                .equalsIgnoreCase(props.getOrDefault(TENANT_TOPIC_PREFIX_CHECK_CONFIG, "true")
                        .trim());
        String idError = tenantIdError(tenant);
        if (idError != null) {
            CommonSourceConfig.addError(values, TENANT_ID_CONFIG, idError);
        } else {
            String prefixError = check ? prefixError(prefix, tenant) : null;
            if (prefixError != null) {
                CommonSourceConfig.addError(values, CommonSourceConfig.TOPIC_PREFIX_CONFIG, prefixError);
            }
        }
        String isolation =
                props.getOrDefault(TENANT_ISOLATION_CONFIG, "none").trim().toLowerCase(Locale.ROOT);
        if (!isolation.equals("schema") && !isolation.equals("database")) {
            return;
        }
        String scope = props.getOrDefault(TENANT_SCOPE_CONFIG, "").trim();
        if (scope.isEmpty()) {
            CommonSourceConfig.addError(
                    values,
                    TENANT_SCOPE_CONFIG,
                    "tenant.isolation=" + isolation + " needs tenant.scope: the tenant's " + isolation);
            return;
        }
        String include = props.getOrDefault(CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG, "");
        List<String> entries = List.of(include.split(","));
        List<String> outside = new TenantScope(TenantScope.Isolation.parse(isolation), scope, namespaceIsDatabase)
                .entriesOutsideScope(entries);
        if (!outside.isEmpty()) {
            CommonSourceConfig.addError(
                    values,
                    CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG,
                    "entries " + outside
                            + " could capture tables outside tenant scope '" + scope + "' (tenant.isolation="
                            + isolation
                            + "); every entry must start with '" + scope + "\\.'");
        }
    }

    /**
     * The task-start check of what {@link #validate} checks, for configs that reached the worker without validation
     * (Connect runs {@code validate} on create and update, but a config topic can be written otherwise).
     *
     * @throws ConfigException naming the key
     */
    public static void checkAtStart(AbstractConfig c) {
        OperatorPolicyChecks.checkAtStart(c);
        String tenant = tenantId(c).trim();
        String idError = tenantIdError(tenant);
        if (idError != null) {
            throw new ConfigException(TENANT_ID_CONFIG, tenant, idError);
        }
        if (c.getBoolean(TENANT_TOPIC_PREFIX_CHECK_CONFIG)) {
            String prefix = c.getString(CommonSourceConfig.TOPIC_PREFIX_CONFIG);
            String prefixError = prefixError(prefix, tenant);
            if (prefixError != null) {
                throw new ConfigException(CommonSourceConfig.TOPIC_PREFIX_CONFIG, prefix, prefixError);
            }
        }
    }

    static String tenantIdError(String tenant) {
        return TENANT_ID.matcher(tenant).matches()
                ? null
                : "tenant.id '" + tenant + "' may hold only letters, digits, '_' and '-': a '.' would let one "
                        + "tenant's topic prefix fall inside another's namespace";
    }

    static String prefixError(String prefix, String tenant) {
        if (tenant.isEmpty() || prefix == null || prefixBelongsTo(prefix, tenant)) {
            return null;
        }
        return "topic.prefix '" + prefix + "' does not belong to tenant.id '" + tenant + "' (expected '" + tenant
                + "' or '" + tenant + ".<name>'; '" + tenant + "-...' or '" + tenant + "_...' could be another "
                + "tenant's namespace); tenants' topics must not collide. Set " + TENANT_TOPIC_PREFIX_CHECK_CONFIG
                + "=false if topics are isolated otherwise.";
    }

    static boolean prefixBelongsTo(String prefix, String tenant) {
        return prefix.equals(tenant) || prefix.startsWith(tenant + ".");
    }
}
