package io.entitynotifier.connect.mysql;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.config.RegexListValidator;
import io.entitynotifier.connect.common.config.ServerSourceConfig;
import io.entitynotifier.connect.common.schema.TableFilter;
import io.entitynotifier.connect.mysql.schema.TemporalMode;

/** Configuration of the MySQL/MariaDB source connector. Key names follow Debezium's MySQL connector. */
public final class MySqlConnectorConfig extends ServerSourceConfig {

    public static final String GROUP_DATABASE = "Database";
    public static final String GROUP_SNAPSHOT = "Snapshot";
    public static final String GROUP_RETRY = "Connection retries";

    private static final String USER_DOC = "User to connect as. Needs SELECT, RELOAD, SHOW DATABASES, REPLICATION "
            + "SLAVE and REPLICATION CLIENT (MariaDB: BINLOG MONITOR). Without RELOAD the snapshot locks the captured "
            + "tables instead (needs LOCK TABLES on them), see snapshot.locking.mode.";
    public static final int PORT_DEFAULT = 3306;

    public static final String SERVER_ID_CONFIG = "database.server.id";
    private static final String SERVER_ID_DOC = "Numeric replica id the connector uses when it reads the binlog. Must "
            + "differ from the server's own server_id and from every other replica or binlog reader of the server: a "
            + "second reader with the same id makes the server drop the first. When not set, a random id in "
            + "5400..6400 is chosen at every start, as Debezium does; set it to keep one id.";

    public static final String DATABASE_INCLUDE_LIST_CONFIG = "database.include.list";
    private static final String DATABASE_INCLUDE_LIST_DOC = "Comma-separated regular expressions matching the names "
            + "of the databases to capture; empty means every database except the system ones.";

    public static final String DATABASE_EXCLUDE_LIST_CONFIG = "database.exclude.list";
    private static final String DATABASE_EXCLUDE_LIST_DOC =
            "Comma-separated regular expressions matching databases " + "not to capture.";

    public static final String SSL_MODE_CONFIG = "database.ssl.mode";

    /** The driver property Debezium users pass through as {@code database.allowPublicKeyRetrieval}. */
    public static final String ALLOW_PUBLIC_KEY_RETRIEVAL_CONFIG = "database.allowPublicKeyRetrieval";

    private static final String ALLOW_PUBLIC_KEY_RETRIEVAL_DOC = "Let the driver ask the server for its RSA public key "
            + "when a caching_sha2_password or sha256_password login runs without TLS. Off by default, as in MySQL's "
            + "own driver: a server that is not the one it claims to be could hand over its own key and learn the "
            + "password. Prefer TLS (database.ssl.mode); turn this on only on a trusted network.";
    private static final String SSL_MODE_DOC = "TLS to the server: 'disabled', 'preferred' (TLS when the server offers "
            + "it), 'required' (TLS, any certificate), 'verify_ca' (certificate must chain to the trust store) or "
            + "'verify_identity' (and match the host name).";
    public static final String SSL_MODE_DEFAULT = "preferred";

    public static final String SSL_TRUSTSTORE_CONFIG = "database.ssl.truststore";
    private static final String SSL_TRUSTSTORE_DOC = "Trust store (JKS or PKCS12 file) for verify_ca and "
            + "verify_identity; empty means the JVM's default trust store.";

    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "database.ssl.truststore.password";
    private static final String SSL_TRUSTSTORE_PASSWORD_DOC = "Password of database.ssl.truststore.";

    public static final String SNAPSHOT_MODE_CONFIG = "snapshot.mode";
    private static final String SNAPSHOT_MODE_DOC = "'initial' (snapshot when the connector has no offsets, then "
            + "stream), 'never' (stream from the oldest binlog the server has), 'initial_only' (snapshot, then stop) "
            + "or 'when_needed' (like initial, and snapshot again when the binlog position in the offsets has been "
            + "purged from the server), 'no_data' (no snapshot: without offsets, stream from the server's current "
            + "binlog position) or 'always' (snapshot at every start of the task, then stream). Debezium's 'recovery' "
            + "is refused: it rebuilds a schema-history topic, which this connector does not have.";
    public static final String SNAPSHOT_MODE_DEFAULT = "initial";

    public static final String BIGINT_UNSIGNED_HANDLING_MODE_CONFIG = "bigint.unsigned.handling.mode";
    private static final String BIGINT_UNSIGNED_HANDLING_MODE_DOC = "'long' (Debezium's default: BIGINT UNSIGNED as "
            + "INT64; values above 2^63-1 arrive as negative numbers, their two's complement, as in Debezium) or "
            + "'precise' (Decimal with scale 0 and connect.decimal.precision 20, exact).";
    public static final String BIGINT_UNSIGNED_HANDLING_MODE_DEFAULT = "long";

    public static final String TIME_PRECISION_MODE_CONFIG = "time.precision.mode";
    private static final String TIME_PRECISION_MODE_DOC = "'adaptive_time_microseconds' (Debezium's default: DATE as "
            + "io.debezium.time.Date, DATETIME as io.debezium.time.Timestamp up to 3 fraction digits and "
            + "MicroTimestamp above, TIME as MicroTime with the whole -838:59:59..838:59:59 range), 'connect' (Connect's "
            + "Date, Timestamp and Time logical types: milliseconds, TIME within 00:00:00-24:00:00, a TIME outside fails "
            + "the task), 'microseconds' (Date, MicroTime, MicroTimestamp) or 'nanoseconds' (Date, NanoTime, "
            + "NanoTimestamp). TIMESTAMP is an io.debezium.time.ZonedTimestamp string and YEAR an io.debezium.time.Year "
            + "in every mode. 'adaptive' is refused, as by Debezium's MySQL connector; 'isostring' is not supported.";
    public static final String TIME_PRECISION_MODE_DEFAULT = TemporalMode.DEFAULT;

    public static final String CONNECT_TIMEOUT_MS_CONFIG = "connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_MS_DOC = "How long one connection attempt may take.";

    public static final String CONNECT_MAX_ATTEMPTS_CONFIG = "connect.max.attempts";
    private static final String CONNECT_MAX_ATTEMPTS_DOC = "How many times in a row the connector tries to "
            + "(re)connect to the server after the binlog connection was lost, before the task fails.";

    public static final String CONNECT_BACKOFF_INITIAL_MS_CONFIG = "connect.backoff.initial.ms";
    private static final String CONNECT_BACKOFF_INITIAL_MS_DOC =
            "Wait before the first reconnect; doubled after each " + "failed attempt.";

    public static final String CONNECT_BACKOFF_MAX_MS_CONFIG = "connect.backoff.max.ms";
    private static final String CONNECT_BACKOFF_MAX_MS_DOC = "Longest wait between reconnect attempts.";

    public static final String KEEP_ALIVE_INTERVAL_MS_CONFIG = "connect.keep.alive.interval.ms";
    private static final String KEEP_ALIVE_INTERVAL_MS_DOC = "The server is asked for a binlog heartbeat this often; a "
            + "connection that has been silent for three intervals is considered dead and reconnected.";

    public static final String INCLUDE_SCHEMA_CHANGES_CONFIG = "include.schema.changes";
    private static final String INCLUDE_SCHEMA_CHANGES_DOC = "Whether DDL statements of captured tables are written to"
            + " the <topic.prefix> topic as Debezium's schema-change events (with each table's description), in the"
            + " same Kafka transaction as the data around them. As Debezium, default true.";

    private static final Pattern SYSTEM_DATABASES =
            Pattern.compile("mysql|sys|information_schema|performance_schema", Pattern.CASE_INSENSITIVE);

    /** Debezium's default database.server.id range: 5400 up to (not including) 6400. */
    static final int RANDOM_SERVER_ID_MIN = 5400;

    static final int RANDOM_SERVER_ID_MAX = 6400;

    private final long randomServerId =
            java.util.concurrent.ThreadLocalRandom.current().nextInt(RANDOM_SERVER_ID_MIN, RANDOM_SERVER_ID_MAX);

    public MySqlConnectorConfig(Map<?, ?> originals) {
        super(configDef(), originals);
    }

    /** 1..4294967295, or not set (then {@link #serverId()} picks one). */
    static final class OptionalServerId implements ConfigDef.Validator {
        private static final ConfigDef.Range RANGE = ConfigDef.Range.between(1L, 4294967295L);

        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) {
                RANGE.ensureValid(name, value);
            }
        }

        @Override
        public String toString() {
            return RANGE + " or not set (random in 5400..6400)";
        }
    }

    public static ConfigDef configDef() {
        ConfigDef def = CommonSourceConfig.configDef();
        int order = defineServerKeys(def, GROUP_DATABASE, "MySQL or MariaDB", PORT_DEFAULT, USER_DOC);
        def.define(
                SERVER_ID_CONFIG,
                Type.LONG,
                null,
                new OptionalServerId(),
                Importance.HIGH,
                SERVER_ID_DOC,
                GROUP_DATABASE,
                ++order,
                Width.SHORT,
                "Replica server id");
        def.define(
                DATABASE_INCLUDE_LIST_CONFIG,
                Type.LIST,
                "",
                new RegexListValidator(),
                Importance.HIGH,
                DATABASE_INCLUDE_LIST_DOC,
                GROUP_DATABASE,
                ++order,
                Width.LONG,
                "Databases to capture");
        def.define(
                DATABASE_EXCLUDE_LIST_CONFIG,
                Type.LIST,
                "",
                new RegexListValidator(),
                Importance.MEDIUM,
                DATABASE_EXCLUDE_LIST_DOC,
                GROUP_DATABASE,
                ++order,
                Width.LONG,
                "Databases to skip");
        def.define(
                SSL_MODE_CONFIG,
                Type.STRING,
                SSL_MODE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in(
                        "disabled", "preferred", "required", "verify_ca", "verify_identity"),
                Importance.MEDIUM,
                SSL_MODE_DOC,
                GROUP_DATABASE,
                ++order,
                Width.SHORT,
                "TLS mode");
        def.define(
                ALLOW_PUBLIC_KEY_RETRIEVAL_CONFIG,
                Type.BOOLEAN,
                false,
                Importance.LOW,
                ALLOW_PUBLIC_KEY_RETRIEVAL_DOC,
                GROUP_DATABASE,
                ++order,
                Width.SHORT,
                "Allow public key retrieval");
        def.define(
                SSL_TRUSTSTORE_CONFIG,
                Type.STRING,
                "",
                Importance.LOW,
                SSL_TRUSTSTORE_DOC,
                GROUP_DATABASE,
                ++order,
                Width.LONG,
                "TLS trust store");
        def.define(
                SSL_TRUSTSTORE_PASSWORD_CONFIG,
                Type.PASSWORD,
                "",
                Importance.LOW,
                SSL_TRUSTSTORE_PASSWORD_DOC,
                GROUP_DATABASE,
                ++order,
                Width.MEDIUM,
                "TLS trust store password");
        def.define(
                BIGINT_UNSIGNED_HANDLING_MODE_CONFIG,
                Type.STRING,
                BIGINT_UNSIGNED_HANDLING_MODE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("precise", "long"),
                Importance.MEDIUM,
                BIGINT_UNSIGNED_HANDLING_MODE_DOC,
                GROUP_DATABASE,
                ++order,
                Width.SHORT,
                "BIGINT UNSIGNED handling");
        def.define(
                TIME_PRECISION_MODE_CONFIG,
                Type.STRING,
                TIME_PRECISION_MODE_DEFAULT,
                new TimePrecisionValidator(),
                Importance.MEDIUM,
                TIME_PRECISION_MODE_DOC,
                GROUP_DATABASE,
                ++order,
                Width.SHORT,
                "Time precision mode");
        SnapshotLockKeys.defineQueryTimeout(def, GROUP_DATABASE, order);
        order = 0;
        def.define(
                SNAPSHOT_MODE_CONFIG,
                Type.STRING,
                SNAPSHOT_MODE_DEFAULT,
                new SnapshotMode.Validator(),
                Importance.HIGH,
                SNAPSHOT_MODE_DOC,
                GROUP_SNAPSHOT,
                ++order,
                Width.SHORT,
                "Snapshot mode");
        SnapshotLockKeys.defineLockKeys(def, GROUP_SNAPSHOT, order);
        order = 0;
        def.define(
                CONNECT_TIMEOUT_MS_CONFIG,
                Type.INT,
                30_000,
                ConfigDef.Range.atLeast(100),
                Importance.LOW,
                CONNECT_TIMEOUT_MS_DOC,
                GROUP_RETRY,
                ++order,
                Width.SHORT,
                "Connect timeout");
        def.define(
                CONNECT_MAX_ATTEMPTS_CONFIG,
                Type.INT,
                20,
                ConfigDef.Range.atLeast(1),
                Importance.MEDIUM,
                CONNECT_MAX_ATTEMPTS_DOC,
                GROUP_RETRY,
                ++order,
                Width.SHORT,
                "Reconnect attempts");
        def.define(
                CONNECT_BACKOFF_INITIAL_MS_CONFIG,
                Type.LONG,
                500L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                CONNECT_BACKOFF_INITIAL_MS_DOC,
                GROUP_RETRY,
                ++order,
                Width.SHORT,
                "Initial backoff");
        def.define(
                CONNECT_BACKOFF_MAX_MS_CONFIG,
                Type.LONG,
                30_000L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                CONNECT_BACKOFF_MAX_MS_DOC,
                GROUP_RETRY,
                ++order,
                Width.SHORT,
                "Maximum backoff");
        def.define(
                KEEP_ALIVE_INTERVAL_MS_CONFIG,
                Type.INT,
                10_000,
                ConfigDef.Range.atLeast(100),
                Importance.LOW,
                KEEP_ALIVE_INTERVAL_MS_DOC,
                GROUP_RETRY,
                ++order,
                Width.SHORT,
                "Keep-alive interval");
        def.define(
                INCLUDE_SCHEMA_CHANGES_CONFIG,
                Type.BOOLEAN,
                true,
                Importance.MEDIUM,
                INCLUDE_SCHEMA_CHANGES_DOC,
                GROUP_DATABASE,
                ++order,
                Width.SHORT,
                "Include schema changes");
        return def;
    }

    public boolean includeSchemaChanges() {
        return getBoolean(INCLUDE_SCHEMA_CHANGES_CONFIG);
    }

    /** database.server.id, or (not set) one random id in 5400..6400 for this configuration, as Debezium. */
    public long serverId() {
        Long id = getLong(SERVER_ID_CONFIG);
        return id != null ? id : randomServerId;
    }

    public SslMode sslMode() {
        return SslMode.parse(getString(SSL_MODE_CONFIG));
    }

    public boolean allowPublicKeyRetrieval() {
        return getBoolean(ALLOW_PUBLIC_KEY_RETRIEVAL_CONFIG);
    }

    public String sslTruststore() {
        return getString(SSL_TRUSTSTORE_CONFIG);
    }

    public String sslTruststorePassword() {
        Password p = getPassword(SSL_TRUSTSTORE_PASSWORD_CONFIG);
        return p == null ? "" : p.value();
    }

    public SnapshotMode snapshotMode() {
        return SnapshotMode.parse(getString(SNAPSHOT_MODE_CONFIG));
    }

    public SnapshotLockingMode snapshotLockingMode() {
        return SnapshotLockingMode.parse(getString(SnapshotLockKeys.SNAPSHOT_LOCKING_MODE_CONFIG));
    }

    public long snapshotLockTimeoutMs() {
        return getLong(SnapshotLockKeys.SNAPSHOT_LOCK_TIMEOUT_MS_CONFIG);
    }

    /** {@code database.query.timeout.ms}; 0 means no limit. */
    public int queryTimeoutMs() {
        return getInt(SnapshotLockKeys.QUERY_TIMEOUT_MS_CONFIG);
    }

    public boolean bigintUnsignedPrecise() {
        return "precise".equalsIgnoreCase(getString(BIGINT_UNSIGNED_HANDLING_MODE_CONFIG));
    }

    public TemporalMode temporalMode() {
        return TemporalMode.parse(getString(TIME_PRECISION_MODE_CONFIG));
    }

    /** Accepts Debezium's MySQL time.precision.mode values that this connector implements; names the refusal. */
    static final class TimePrecisionValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String refusal = TemporalMode.refusal((String) value);
            if (refusal != null) {
                throw new ConfigException(name, value, refusal);
            }
        }

        @Override
        public String toString() {
            return String.join(", ", TemporalMode.names());
        }
    }

    public int connectTimeoutMs() {
        return getInt(CONNECT_TIMEOUT_MS_CONFIG);
    }

    public int connectMaxAttempts() {
        return getInt(CONNECT_MAX_ATTEMPTS_CONFIG);
    }

    public long connectBackoffInitialMs() {
        return getLong(CONNECT_BACKOFF_INITIAL_MS_CONFIG);
    }

    public long connectBackoffMaxMs() {
        return getLong(CONNECT_BACKOFF_MAX_MS_CONFIG);
    }

    public int keepAliveIntervalMs() {
        return getInt(KEEP_ALIVE_INTERVAL_MS_CONFIG);
    }

    /** Database filter: include/exclude lists, system databases never. */
    public boolean includesDatabase(String db) {
        if (db == null || SYSTEM_DATABASES.matcher(db).matches()) {
            return false;
        }
        List<Pattern> include = compile(getList(DATABASE_INCLUDE_LIST_CONFIG));
        List<Pattern> exclude = compile(getList(DATABASE_EXCLUDE_LIST_CONFIG));
        if (!include.isEmpty() && include.stream().noneMatch(p -> p.matcher(db).matches())) {
            return false;
        }
        return exclude.stream().noneMatch(p -> p.matcher(db).matches());
    }

    /** Database and table filters together, as one predicate over a table id. */
    public CapturedTables capturedTables() {
        return new CapturedTables(this, tableFilter());
    }

    private static List<Pattern> compile(List<String> regexes) {
        return regexes.stream()
                .filter(r -> !r.isBlank())
                .map(r -> Pattern.compile(r.trim(), Pattern.CASE_INSENSITIVE))
                .toList();
    }

    /** Which tables and columns are captured. */
    public static final class CapturedTables {
        private final MySqlConnectorConfig config;
        private final TableFilter tables;
        private final Map<String, Boolean> databaseCache = new java.util.concurrent.ConcurrentHashMap<>();

        CapturedTables(MySqlConnectorConfig config, TableFilter tables) {
            this.config = config;
            this.tables = tables;
        }

        public boolean includesDatabase(String db) {
            return db != null && databaseCache.computeIfAbsent(db, config::includesDatabase);
        }

        public boolean includes(io.entitynotifier.connect.common.schema.TableId id) {
            return includesDatabase(id.catalog()) && tables.includes(id);
        }

        public boolean includesColumn(io.entitynotifier.connect.common.schema.TableId id, String column) {
            return tables.includesColumn(id, column);
        }

        public TableFilter tableFilter() {
            return tables;
        }

        /** Whether the tenant scope ({@code tenant.isolation}, {@code tenant.scope}) allows database {@code db}. */
        public boolean databaseInScope(String db) {
            return db != null
                    && io.entitynotifier.connect.common.tenant.TenantConfig.scope(config, false)
                            .allows(new io.entitynotifier.connect.common.schema.TableId(db, null, "*"));
        }
    }
}
