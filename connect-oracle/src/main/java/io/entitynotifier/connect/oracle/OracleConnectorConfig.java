package io.entitynotifier.connect.oracle;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.config.RegexListValidator;
import io.entitynotifier.connect.common.tenant.TenantConfig;

/** Settings of the Oracle connector; key names are Debezium's wherever Debezium has the setting. */
public final class OracleConnectorConfig extends CommonSourceConfig {

    public static final String GROUP_DATABASE = "Database";
    public static final String GROUP_MINING = "Log mining";

    public static final String HOSTNAME_CONFIG = OracleConnectionConfig.HOSTNAME_CONFIG;
    public static final String PORT_CONFIG = OracleConnectionConfig.PORT_CONFIG;
    public static final int PORT_DEFAULT = OracleConnectionConfig.PORT_DEFAULT;
    public static final String DBNAME_CONFIG = OracleConnectionConfig.DBNAME_CONFIG;
    public static final String USER_CONFIG = OracleConnectionConfig.USER_CONFIG;
    public static final String PASSWORD_CONFIG = OracleConnectionConfig.PASSWORD_CONFIG;
    public static final String URL_CONFIG = OracleConnectionConfig.URL_CONFIG;
    public static final String PDB_NAME_CONFIG = OracleConnectionConfig.PDB_NAME_CONFIG;
    public static final String DIALECT_CONFIG = OracleConnectionConfig.DIALECT_CONFIG;
    public static final String DIALECT_DEFAULT = OracleConnectionConfig.DIALECT_DEFAULT;

    public static final String SCHEMA_INCLUDE_LIST_CONFIG = "schema.include.list";
    private static final String SCHEMA_INCLUDE_LIST_DOC = "Comma-separated regular expressions matched against "
            + "schema (owner) names; only matching schemas are captured. Empty means all non-system schemas. Applied "
            + "in the LogMiner query with REGEXP_LIKE, so use expressions Oracle and Java read alike.";
    public static final String SCHEMA_EXCLUDE_LIST_CONFIG = "schema.exclude.list";
    private static final String SCHEMA_EXCLUDE_LIST_DOC =
            "Comma-separated regular expressions of schemas not to " + "capture.";

    public static final String SNAPSHOT_MODE_CONFIG = "snapshot.mode";
    private static final String SNAPSHOT_MODE_DOC = "'initial': on first start, read every captured table as of one "
            + "SCN, then stream changes after it. 'no_data' (or Debezium's older name 'schema_only'): no snapshot; "
            + "stream changes from the current SCN.";
    public static final String SNAPSHOT_MODE_DEFAULT = "initial";

    public static final String BATCH_MIN_CONFIG = LogMiningConfig.BATCH_MIN_CONFIG;
    public static final String BATCH_DEFAULT_CONFIG = LogMiningConfig.BATCH_DEFAULT_CONFIG;
    public static final String BATCH_MAX_CONFIG = LogMiningConfig.BATCH_MAX_CONFIG;
    public static final String SLEEP_MIN_CONFIG = LogMiningConfig.SLEEP_MIN_CONFIG;
    public static final String SLEEP_DEFAULT_CONFIG = LogMiningConfig.SLEEP_DEFAULT_CONFIG;
    public static final String SLEEP_MAX_CONFIG = LogMiningConfig.SLEEP_MAX_CONFIG;
    public static final String SLEEP_INCREMENT_CONFIG = LogMiningConfig.SLEEP_INCREMENT_CONFIG;
    public static final String FLUSH_TABLE_CONFIG = LogMiningConfig.FLUSH_TABLE_CONFIG;
    public static final String FLUSH_TABLE_DEFAULT = LogMiningConfig.FLUSH_TABLE_DEFAULT;
    public static final String TXN_EVENTS_THRESHOLD_CONFIG = LogMiningConfig.TXN_EVENTS_THRESHOLD_CONFIG;
    public static final String BUFFER_MAX_EVENTS_CONFIG = LogMiningConfig.BUFFER_MAX_EVENTS_CONFIG;

    public static final String UNAVAILABLE_PLACEHOLDER_CONFIG = "unavailable.value.placeholder";
    private static final String UNAVAILABLE_PLACEHOLDER_DOC = "Value given to LOB columns whose contents LogMiner "
            + "does not carry in the statement (EMPTY_CLOB(), or left out of an update), as in Debezium.";
    public static final String UNAVAILABLE_PLACEHOLDER_DEFAULT = "__debezium_unavailable_value";

    public static final String QUERY_TIMEOUT_MS_CONFIG = "database.query.timeout.ms";
    private static final String QUERY_TIMEOUT_MS_DOC = "Longest time one SQL statement may run (LogMiner sessions "
            + "and queries, snapshot chunks, dictionary and V$ reads) before it is cancelled and the step retried on a "
            + "fresh connection; 0 for no limit. Also bounds how long a stuck round delays a stop. As Debezium's "
            + "database.query.timeout.ms (whole seconds are applied, rounded up).";

    public static final String TIME_PRECISION_MODE_CONFIG = "time.precision.mode";
    private static final String TIME_PRECISION_MODE_DOC = "How DATE and TIMESTAMP columns are represented, as in "
            + "Debezium's Oracle connector: 'adaptive' (default: DATE and TIMESTAMP(0-3) as io.debezium.time.Timestamp "
            + "(epoch milliseconds), TIMESTAMP(4-6) as MicroTimestamp, TIMESTAMP(7-9) as NanoTimestamp) or 'connect' "
            + "(Connect's Timestamp logical type, milliseconds). TIMESTAMP WITH (LOCAL) TIME ZONE is "
            + "io.debezium.time.ZonedTimestamp text in both.";
    public static final String INTERVAL_HANDLING_MODE_CONFIG = "interval.handling.mode";
    private static final String INTERVAL_HANDLING_MODE_DOC = "'numeric' (default): INTERVAL YEAR TO MONTH and DAY "
            + "TO SECOND as io.debezium.time.MicroDuration (INT64 microseconds, a month counted as 365.25/12 days). "
            + "'string': io.debezium.time.Interval, the ISO-8601 text PnYnMnDTnHnMnS.";

    private static final ConfigDef CONFIG_DEF = define();

    public OracleConnectorConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    public static ConfigDef configDef() {
        return CONFIG_DEF;
    }

    private static ConfigDef define() {
        ConfigDef def = CommonSourceConfig.configDef();
        int o = OracleConnectionConfig.define(def);
        def.define(
                SCHEMA_INCLUDE_LIST_CONFIG,
                Type.LIST,
                "",
                new RegexListValidator(),
                Importance.HIGH,
                SCHEMA_INCLUDE_LIST_DOC,
                GROUP_DATABASE,
                ++o,
                Width.LONG,
                "Schemas to capture");
        def.define(
                SCHEMA_EXCLUDE_LIST_CONFIG,
                Type.LIST,
                "",
                new RegexListValidator(),
                Importance.MEDIUM,
                SCHEMA_EXCLUDE_LIST_DOC,
                GROUP_DATABASE,
                ++o,
                Width.LONG,
                "Schemas to skip");
        def.define(
                SNAPSHOT_MODE_CONFIG,
                Type.STRING,
                SNAPSHOT_MODE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("initial", "no_data", "schema_only"),
                Importance.MEDIUM,
                SNAPSHOT_MODE_DOC,
                GROUP_DATABASE,
                ++o,
                Width.SHORT,
                "Snapshot mode");
        def.define(
                UNAVAILABLE_PLACEHOLDER_CONFIG,
                Type.STRING,
                UNAVAILABLE_PLACEHOLDER_DEFAULT,
                Importance.LOW,
                UNAVAILABLE_PLACEHOLDER_DOC,
                GROUP_DATABASE,
                ++o,
                Width.MEDIUM,
                "Unavailable value placeholder");
        o = LogMiningConfig.define(def);
        def.define(
                QUERY_TIMEOUT_MS_CONFIG,
                Type.LONG,
                600_000L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                QUERY_TIMEOUT_MS_DOC,
                GROUP_DATABASE,
                ++o,
                Width.SHORT,
                "Query timeout (ms)");
        def.define(
                TIME_PRECISION_MODE_CONFIG,
                Type.STRING,
                TemporalMode.DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("adaptive", "connect"),
                Importance.MEDIUM,
                TIME_PRECISION_MODE_DOC,
                GROUP_DATABASE,
                ++o,
                Width.SHORT,
                "Time precision mode");
        def.define(
                INTERVAL_HANDLING_MODE_CONFIG,
                Type.STRING,
                IntervalMode.DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("numeric", "string"),
                Importance.LOW,
                INTERVAL_HANDLING_MODE_DOC,
                GROUP_DATABASE,
                ++o,
                Width.SHORT,
                "Interval handling");
        io.entitynotifier.connect.common.signal.SignalConfig.define(def);
        return def;
    }

    /** Cross-field checks; each error goes to the key the user has to change. */
    public static void validateFields(Map<String, String> props, Map<String, ConfigValue> values) {
        boolean hasUrl = present(props.get(URL_CONFIG));
        boolean hasHost = present(props.get(HOSTNAME_CONFIG));
        if (hasUrl && hasHost) {
            addError(values, URL_CONFIG, "set either " + URL_CONFIG + " or " + HOSTNAME_CONFIG + ", not both");
        }
        if (!hasUrl && !hasHost) {
            addError(values, HOSTNAME_CONFIG, HOSTNAME_CONFIG + " is required unless " + URL_CONFIG + " is set");
        }
        if (hasHost && !present(props.get(DBNAME_CONFIG))) {
            addError(values, DBNAME_CONFIG, DBNAME_CONFIG + " (the service name) is required with " + HOSTNAME_CONFIG);
        }
        if (!present(props.get(USER_CONFIG))) {
            addError(values, USER_CONFIG, USER_CONFIG + " is required: the user the connector logs in as");
        }
        if (hasUrl && !props.get(URL_CONFIG).trim().startsWith("jdbc:")) {
            addError(values, URL_CONFIG, "must be a JDBC URL starting with 'jdbc:'");
        }
        String dialect = props.get(DIALECT_CONFIG);
        if (present(dialect)) {
            try {
                dialectClass(dialect);
            } catch (org.apache.kafka.common.config.ConfigException e) {
                addError(values, DIALECT_CONFIG, e.getMessage());
            }
        }
        // A tenant's config may not choose a free-form URL (it could carry any driver option) nor a class to load:
        // both are the operator's, so with tenant isolation they are refused.
        String isolation =
                props.getOrDefault(TenantConfig.TENANT_ISOLATION_CONFIG, "none").trim();
        if (!isolation.isEmpty() && !isolation.equalsIgnoreCase("none")) {
            if (hasUrl) {
                addError(
                        values,
                        URL_CONFIG,
                        URL_CONFIG + " is an operator-only key and is refused with "
                                + TenantConfig.TENANT_ISOLATION_CONFIG
                                + "=" + isolation + ": use " + HOSTNAME_CONFIG + ", database.port and "
                                + DBNAME_CONFIG);
            }
            if (present(dialect) && !dialect.trim().equals(DIALECT_DEFAULT)) {
                addError(
                        values,
                        DIALECT_CONFIG,
                        DIALECT_CONFIG + " is an operator-only key and is refused with "
                                + TenantConfig.TENANT_ISOLATION_CONFIG + "=" + isolation);
            }
        }
        String pdb = props.get(PDB_NAME_CONFIG);
        if (present(pdb) && !pdb.trim().matches("[A-Za-z][A-Za-z0-9_$#]*")) {
            addError(
                    values,
                    PDB_NAME_CONFIG,
                    "not a container name: letters, digits, '_', '$' and '#', starting " + "with a letter");
        }
        String flush = props.get(FLUSH_TABLE_CONFIG);
        if (flush != null && !flush.trim().matches("[A-Za-z][A-Za-z0-9_$#]*")) {
            addError(
                    values,
                    FLUSH_TABLE_CONFIG,
                    "not a plain table name: letters, digits, '_', '$' and '#', " + "starting with a letter");
        }
        ordered(props, values, BATCH_MIN_CONFIG, BATCH_DEFAULT_CONFIG, BATCH_MAX_CONFIG);
        ordered(props, values, SLEEP_MIN_CONFIG, SLEEP_DEFAULT_CONFIG, SLEEP_MAX_CONFIG);
    }

    private static void ordered(
            Map<String, String> props,
            Map<String, ConfigValue> values,
            String minKey,
            String defaultKey,
            String maxKey) {
        if (hasErrors(values, minKey) || hasErrors(values, defaultKey) || hasErrors(values, maxKey)) {
            return;
        }
        Map<String, Object> parsed;
        try {
            parsed = CONFIG_DEF.parse(Map.of(
                    minKey,
                    props.getOrDefault(minKey, defaultOf(minKey)),
                    defaultKey,
                    props.getOrDefault(defaultKey, defaultOf(defaultKey)),
                    maxKey,
                    props.getOrDefault(maxKey, defaultOf(maxKey)),
                    TOPIC_PREFIX_CONFIG,
                    "x"));
        } catch (RuntimeException e) {
            return; // reported per key already
        }
        int min = (Integer) parsed.get(minKey);
        int def = (Integer) parsed.get(defaultKey);
        int max = (Integer) parsed.get(maxKey);
        if (min > max) {
            addError(values, minKey, minKey + " (" + min + ") is larger than " + maxKey + " (" + max + ")");
        } else if (def < min || def > max) {
            addError(
                    values,
                    defaultKey,
                    defaultKey + " (" + def + ") must lie between " + minKey + " (" + min + ") and " + maxKey + " ("
                            + max + ")");
        }
    }

    private static String defaultOf(String key) {
        return String.valueOf(CONFIG_DEF.configKeys().get(key).defaultValue);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    public String jdbcUrl() {
        String url = getString(URL_CONFIG);
        if (url != null && !url.isBlank()) {
            return url.trim();
        }
        return "jdbc:oracle:thin:@//" + getString(HOSTNAME_CONFIG) + ":" + getInt(PORT_CONFIG) + "/"
                + getString(DBNAME_CONFIG);
    }

    public String user() {
        return getString(USER_CONFIG);
    }

    public String password() {
        Password p = getPassword(PASSWORD_CONFIG);
        return p == null ? null : p.value();
    }

    public String dbName() {
        return getString(DBNAME_CONFIG);
    }

    /** The PDB to capture (upper case, as SRC_CON_NAME shows it), or null for a non-CDB. */
    public String pdbName() {
        String pdb = getString(PDB_NAME_CONFIG);
        return pdb == null || pdb.isBlank() ? null : pdb.trim().toUpperCase(Locale.ROOT);
    }

    public OracleDialect dialect() {
        Class<? extends OracleDialect> c = dialectClass(getString(DIALECT_CONFIG));
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new org.apache.kafka.common.config.ConfigException(
                    DIALECT_CONFIG, c.getName(), "cannot be constructed: " + e);
        }
    }

    /**
     * The dialect class, type-checked before anything of it runs: loaded without initialization, so a class that is
     * not an {@link OracleDialect} is refused without its static initializer or constructor ever running.
     */
    static Class<? extends OracleDialect> dialectClass(String name) {
        Class<?> c;
        try {
            c = Class.forName(name.trim(), false, OracleConnectorConfig.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new org.apache.kafka.common.config.ConfigException(DIALECT_CONFIG, name, "class not found");
        }
        if (!OracleDialect.class.isAssignableFrom(c)) {
            throw new org.apache.kafka.common.config.ConfigException(
                    DIALECT_CONFIG, name, "is not an implementation of " + OracleDialect.class.getName());
        }
        return c.asSubclass(OracleDialect.class);
    }

    public SchemaFilter schemaFilter() {
        return new SchemaFilter(getList(SCHEMA_INCLUDE_LIST_CONFIG), getList(SCHEMA_EXCLUDE_LIST_CONFIG));
    }

    public boolean snapshotData() {
        return getString(SNAPSHOT_MODE_CONFIG).toLowerCase(Locale.ROOT).equals("initial");
    }

    public int batchMin() {
        return getInt(BATCH_MIN_CONFIG);
    }

    public int batchDefault() {
        return getInt(BATCH_DEFAULT_CONFIG);
    }

    public int batchMax() {
        return getInt(BATCH_MAX_CONFIG);
    }

    public int sleepMin() {
        return getInt(SLEEP_MIN_CONFIG);
    }

    public int sleepDefault() {
        return getInt(SLEEP_DEFAULT_CONFIG);
    }

    public int sleepMax() {
        return getInt(SLEEP_MAX_CONFIG);
    }

    public int sleepIncrement() {
        return getInt(SLEEP_INCREMENT_CONFIG);
    }

    public String flushTable() {
        return getString(FLUSH_TABLE_CONFIG).trim().toUpperCase(Locale.ROOT);
    }

    public int transactionEventsThreshold() {
        return getInt(TXN_EVENTS_THRESHOLD_CONFIG);
    }

    public int bufferMaxEvents() {
        return getInt(BUFFER_MAX_EVENTS_CONFIG);
    }

    public long queryTimeoutMs() {
        return getLong(QUERY_TIMEOUT_MS_CONFIG);
    }

    public TemporalMode temporalMode() {
        return TemporalMode.parse(getString(TIME_PRECISION_MODE_CONFIG));
    }

    public IntervalMode intervalMode() {
        return IntervalMode.parse(getString(INTERVAL_HANDLING_MODE_CONFIG));
    }

    public String unavailablePlaceholder() {
        return getString(UNAVAILABLE_PLACEHOLDER_CONFIG);
    }

    public List<String> schemaIncludeList() {
        return getList(SCHEMA_INCLUDE_LIST_CONFIG);
    }
}
