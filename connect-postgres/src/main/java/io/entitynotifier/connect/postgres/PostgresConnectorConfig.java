package io.entitynotifier.connect.postgres;

import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import io.entitynotifier.connect.common.config.ColumnConfig;
import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.config.ConnectionTextValidator;
import io.entitynotifier.connect.common.config.ServerSourceConfig;

/** The PostgreSQL connector's settings; key names are Debezium's wherever Debezium has the same setting. */
public final class PostgresConnectorConfig extends ServerSourceConfig {

    public static final String GROUP_CONNECTION = "Connection";
    public static final String GROUP_REPLICATION = "Replication";

    private static final String USER_DOC = "User to connect as. Needs the REPLICATION attribute (or superuser), "
            + "CONNECT on the database, USAGE on the captured schemas and SELECT on the captured tables.";
    public static final int PORT_DEFAULT = 5432;

    public static final String DBNAME_CONFIG = "database.dbname";
    private static final String DBNAME_DOC = "The database to capture.";

    public static final String SSLMODE_CONFIG = "database.sslmode";
    private static final String SSLMODE_DOC = "TLS for both the SQL and the replication connection: 'disable', "
            + "'allow', 'prefer', 'require' (encrypted, server certificate not checked), 'verify-ca' (certificate "
            + "signed by database.sslrootcert) or 'verify-full' (also the host name matches the certificate).";
    public static final String SSLMODE_DEFAULT = "prefer";

    public static final String SSLROOTCERT_CONFIG = "database.sslrootcert";
    private static final String SSLROOTCERT_DOC = "PEM file of the certificate authority that signed the server "
            + "certificate; needed for verify-ca and verify-full.";

    public static final String SSLCERT_CONFIG = "database.sslcert";
    private static final String SSLCERT_DOC = "PEM file of the client certificate, when the server asks for one.";

    public static final String SSLKEY_CONFIG = "database.sslkey";
    private static final String SSLKEY_DOC =
            "File of the client certificate's private key (PKCS-8 DER, as pgjdbc " + "expects).";

    public static final String PLUGIN_NAME_CONFIG = "plugin.name";
    private static final String PLUGIN_NAME_DOC =
            "Logical decoding output plugin. Only 'pgoutput' (built into " + "PostgreSQL 10+) is supported.";
    public static final String PLUGIN_NAME_DEFAULT = "pgoutput";

    public static final String SLOT_NAME_CONFIG = "slot.name";
    private static final String SLOT_NAME_DOC = "Name of the logical replication slot; created when missing. The "
            + "slot keeps the WAL the connector has not yet confirmed.";
    public static final String SLOT_NAME_DEFAULT = "debezium";

    public static final String SLOT_DROP_ON_STOP_CONFIG = "slot.drop.on.stop";
    private static final String SLOT_DROP_ON_STOP_DOC = "Drop the replication slot when the task stops. Only for "
            + "tests and throw-away deployments: changes made while the connector is stopped are then lost.";

    public static final String SLOT_FAILOVER_CONFIG = "slot.failover";
    private static final String SLOT_FAILOVER_DOC = "Create the replication slot with FAILOVER (PostgreSQL 17+), so "
            + "that standbys with sync_replication_slots=on keep a synchronized copy the connector can continue on "
            + "after a promotion; the primary's synchronized_standby_slots should name those standbys' physical "
            + "slots. Refused on servers older than 17.";

    public static final String SLOT_MAX_RETRIES_CONFIG = "slot.max.retries";
    private static final String SLOT_MAX_RETRIES_DOC = "How often to retry when the slot is in use by another "
            + "connection (for example a previous task that is still shutting down) before failing.";

    public static final String SLOT_RETRY_DELAY_MS_CONFIG = "slot.retry.delay.ms";
    private static final String SLOT_RETRY_DELAY_MS_DOC = "Wait between those retries.";

    public static final String PUBLICATION_NAME_CONFIG = "publication.name";
    private static final String PUBLICATION_NAME_DOC = "Publication that selects the streamed tables. One whose "
            + "comment records another connector that manages its table list is refused (docs/postgres.md).";
    public static final String PUBLICATION_NAME_DEFAULT = "dbz_publication";

    public static final String PUBLICATION_AUTOCREATE_MODE_CONFIG = "publication.autocreate.mode";
    private static final String PUBLICATION_AUTOCREATE_MODE_DOC = "'all_tables': create the publication FOR ALL "
            + "TABLES when missing (needs superuser; PostgreSQL then rejects UPDATE and DELETE on every table "
            + "without a replica identity, so creating it needs this value set explicitly). 'filtered': create it (or set its table list) for exactly the "
            + "captured tables (needs CREATE on the database and ownership of the tables). 'disabled': use an "
            + "existing publication, which must contain every captured table.";
    public static final String PUBLICATION_AUTOCREATE_MODE_DEFAULT = "all_tables";

    public static final String SNAPSHOT_MODE_CONFIG = "snapshot.mode";
    private static final String SNAPSHOT_MODE_DOC = "'initial': snapshot the captured tables when the connector has "
            + "no offsets, then stream. 'never': only stream. 'initial_only': snapshot, then stop reading. "
            + "'when_needed': snapshot when there are no offsets or the replication slot had to be re-created. "
            + "'no_data': Debezium 3's name for 'never'. 'always': snapshot at every start of the task (a slot that "
            + "already exists cannot provide a consistent snapshot point, so changes since the slot's position may "
            + "repeat rows, as in Debezium), then stream.";
    public static final String SNAPSHOT_MODE_DEFAULT = "initial";

    public static final String SNAPSHOT_INCLUDE_CONFIG = "snapshot.include.collection.list";
    private static final String SNAPSHOT_INCLUDE_DOC = "Comma-separated regular expressions matched against "
            + "schema.table, as Debezium: only the captured tables that match are snapshotted; the other captured "
            + "tables are streamed only. Empty (the default) snapshots every captured table.";

    public static final String HEARTBEAT_ACTION_QUERY_CONFIG = "heartbeat.action.query";
    private static final String HEARTBEAT_ACTION_QUERY_DOC = "SQL run on the captured database at every heartbeat, "
            + "e.g. an update of a heartbeat table, so the slot advances even when the server's only WAL traffic "
            + "is in other databases.";

    public static final String STATUS_UPDATE_INTERVAL_MS_CONFIG = "status.update.interval.ms";
    private static final String STATUS_UPDATE_INTERVAL_MS_DOC = "How often the replication connection reports its "
            + "progress to the server (keeps the connection alive). Confirmed positions are sent at once.";

    public static final String RETRY_WAIT_MS_CONFIG = "retriable.restart.connector.wait.ms";
    private static final String RETRY_WAIT_MS_DOC = "Longest wait between reconnection attempts after a lost "
            + "connection or a server restart (the wait starts at 500 ms and doubles).";

    public static final String MAX_RETRIES_CONFIG = "errors.max.retries";
    private static final String MAX_RETRIES_DOC =
            "Reconnection attempts in a row before the task fails; -1 " + "retries forever.";

    public static final String INTERVAL_HANDLING_MODE_CONFIG = "interval.handling.mode";
    private static final String INTERVAL_HANDLING_MODE_DOC = "'numeric': interval columns as "
            + "io.debezium.time.MicroDuration (INT64 microseconds, a month counted as 30.4375 days). 'string': "
            + "io.debezium.time.Interval, the ISO-8601 duration text (exact).";

    public static final String TIME_PRECISION_MODE_CONFIG = "time.precision.mode";
    private static final String TIME_PRECISION_MODE_DOC = "How date, time and timestamp columns are represented, "
            + "as in Debezium: 'adaptive' (default: date as io.debezium.time.Date, time and timestamp by the column's "
            + "precision as io.debezium.time.Time/Timestamp (milliseconds, precision 0-3) or MicroTime/MicroTimestamp "
            + "(4-6)), 'adaptive_time_microseconds' (as adaptive, but time always MicroTime), 'microseconds' "
            + "(MicroTime and MicroTimestamp), 'nanoseconds' (NanoTime and NanoTimestamp) or 'connect' (Connect's "
            + "Date, Time and Timestamp logical types, milliseconds). timestamptz and timetz are "
            + "io.debezium.time.ZonedTimestamp/ZonedTime strings in every mode. 'isostring' is not supported.";

    public static final String HSTORE_HANDLING_MODE_CONFIG = "hstore.handling.mode";
    private static final String HSTORE_HANDLING_MODE_DOC = "How hstore columns are represented, as in Debezium: "
            + "'json' (default: an io.debezium.data.Json string of the key/value object) or 'map' (a Connect map of "
            + "string keys to optional string values).";

    public static final String MONEY_FRACTION_DIGITS_CONFIG = "money.fraction.digits";
    private static final String MONEY_FRACTION_DIGITS_DOC =
            "Fraction digits of money values as a Decimal " + "(decimal.handling.mode=precise), as in Debezium.";

    public static final String UNAVAILABLE_VALUE_PLACEHOLDER_CONFIG = "unavailable.value.placeholder";
    private static final String UNAVAILABLE_VALUE_PLACEHOLDER_DOC = "Stands in for an unchanged TOASTed value "
            + "that the server did not send (string and binary columns; see the documentation for other types).";
    public static final String UNAVAILABLE_VALUE_PLACEHOLDER_DEFAULT = "__debezium_unavailable_value";

    /** {@code snapshot.mode} values. */
    public enum SnapshotMode {
        INITIAL,
        NEVER,
        INITIAL_ONLY,
        WHEN_NEEDED,
        /** Debezium 3's name for never: no snapshot, stream from the slot's position. */
        NO_DATA,
        /** A snapshot at every start of the task, then streaming from the slot's position. */
        ALWAYS;

        static SnapshotMode parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** {@code publication.autocreate.mode} values. */
    public enum PublicationMode {
        ALL_TABLES,
        FILTERED,
        DISABLED;

        static PublicationMode parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    public static final ConfigDef CONFIG_DEF = configDef();

    public PostgresConnectorConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    public static ConfigDef configDef() {
        ConfigDef def = CommonSourceConfig.configDef();
        ColumnConfig.defineSchemaLists(def, CommonSourceConfig.GROUP_COMMON, 50);
        int o = defineServerKeys(def, GROUP_CONNECTION, "PostgreSQL", PORT_DEFAULT, USER_DOC);
        def.define(
                DBNAME_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                ConfigDef.CompositeValidator.of(new ConfigDef.NonEmptyString(), ConnectionTextValidator.databaseName()),
                Importance.HIGH,
                DBNAME_DOC,
                GROUP_CONNECTION,
                ++o,
                Width.MEDIUM,
                "Database");
        def.define(
                SSLMODE_CONFIG,
                Type.STRING,
                SSLMODE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in(
                        "disable", "allow", "prefer", "require", "verify-ca", "verify-full"),
                Importance.MEDIUM,
                SSLMODE_DOC,
                GROUP_CONNECTION,
                ++o,
                Width.SHORT,
                "TLS mode");
        def.define(
                SSLROOTCERT_CONFIG,
                Type.STRING,
                "",
                Importance.MEDIUM,
                SSLROOTCERT_DOC,
                GROUP_CONNECTION,
                ++o,
                Width.LONG,
                "TLS root certificate");
        def.define(
                SSLCERT_CONFIG,
                Type.STRING,
                "",
                Importance.LOW,
                SSLCERT_DOC,
                GROUP_CONNECTION,
                ++o,
                Width.LONG,
                "TLS client certificate");
        def.define(
                SSLKEY_CONFIG,
                Type.STRING,
                "",
                Importance.LOW,
                SSLKEY_DOC,
                GROUP_CONNECTION,
                ++o,
                Width.LONG,
                "TLS client key");
        def.define(
                RETRY_WAIT_MS_CONFIG,
                Type.LONG,
                10_000L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                RETRY_WAIT_MS_DOC,
                GROUP_CONNECTION,
                ++o,
                Width.SHORT,
                "Reconnect wait");
        def.define(
                MAX_RETRIES_CONFIG,
                Type.INT,
                -1,
                ConfigDef.Range.atLeast(-1),
                Importance.LOW,
                MAX_RETRIES_DOC,
                GROUP_CONNECTION,
                ++o,
                Width.SHORT,
                "Reconnect attempts");
        o = 0;
        def.define(
                PLUGIN_NAME_CONFIG,
                Type.STRING,
                PLUGIN_NAME_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("pgoutput"),
                Importance.MEDIUM,
                PLUGIN_NAME_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.SHORT,
                "Output plugin");
        def.define(
                SLOT_NAME_CONFIG,
                Type.STRING,
                SLOT_NAME_DEFAULT,
                new SlotNameValidator(),
                Importance.MEDIUM,
                SLOT_NAME_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.MEDIUM,
                "Slot");
        def.define(
                SLOT_DROP_ON_STOP_CONFIG,
                Type.BOOLEAN,
                false,
                Importance.LOW,
                SLOT_DROP_ON_STOP_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.SHORT,
                "Drop slot on stop");
        def.define(
                SLOT_FAILOVER_CONFIG,
                Type.BOOLEAN,
                false,
                Importance.LOW,
                SLOT_FAILOVER_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.SHORT,
                "Failover slot");
        def.define(
                SLOT_MAX_RETRIES_CONFIG,
                Type.INT,
                6,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                SLOT_MAX_RETRIES_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.SHORT,
                "Slot retries");
        def.define(
                SLOT_RETRY_DELAY_MS_CONFIG,
                Type.LONG,
                10_000L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                SLOT_RETRY_DELAY_MS_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.SHORT,
                "Slot retry delay");
        def.define(
                PUBLICATION_NAME_CONFIG,
                Type.STRING,
                PUBLICATION_NAME_DEFAULT,
                new ConfigDef.NonEmptyString(),
                Importance.MEDIUM,
                PUBLICATION_NAME_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.MEDIUM,
                "Publication");
        def.define(
                PUBLICATION_AUTOCREATE_MODE_CONFIG,
                Type.STRING,
                PUBLICATION_AUTOCREATE_MODE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("all_tables", "filtered", "disabled"),
                Importance.MEDIUM,
                PUBLICATION_AUTOCREATE_MODE_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.SHORT,
                "Publication creation");
        def.define(
                SNAPSHOT_MODE_CONFIG,
                Type.STRING,
                SNAPSHOT_MODE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in(
                        "initial", "never", "initial_only", "when_needed", "no_data", "always"),
                Importance.MEDIUM,
                SNAPSHOT_MODE_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.SHORT,
                "Snapshot mode");
        def.define(
                SNAPSHOT_INCLUDE_CONFIG,
                Type.LIST,
                "",
                new io.entitynotifier.connect.common.config.RegexListValidator(),
                Importance.LOW,
                SNAPSHOT_INCLUDE_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.LONG,
                "Tables to snapshot");
        def.define(
                HEARTBEAT_ACTION_QUERY_CONFIG,
                Type.STRING,
                "",
                Importance.LOW,
                HEARTBEAT_ACTION_QUERY_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.LONG,
                "Heartbeat query");
        def.define(
                STATUS_UPDATE_INTERVAL_MS_CONFIG,
                Type.INT,
                10_000,
                ConfigDef.Range.atLeast(100),
                Importance.LOW,
                STATUS_UPDATE_INTERVAL_MS_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.SHORT,
                "Status interval");
        def.define(
                INTERVAL_HANDLING_MODE_CONFIG,
                Type.STRING,
                "numeric",
                ConfigDef.CaseInsensitiveValidString.in("numeric", "string"),
                Importance.LOW,
                INTERVAL_HANDLING_MODE_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.SHORT,
                "Interval handling");
        def.define(
                TIME_PRECISION_MODE_CONFIG,
                Type.STRING,
                TimePrecisionMode.DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in(TimePrecisionMode.names()),
                Importance.MEDIUM,
                TIME_PRECISION_MODE_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.SHORT,
                "Time precision mode");
        def.define(
                HSTORE_HANDLING_MODE_CONFIG,
                Type.STRING,
                "json",
                ConfigDef.CaseInsensitiveValidString.in("json", "map"),
                Importance.LOW,
                HSTORE_HANDLING_MODE_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.SHORT,
                "HStore handling");
        def.define(
                MONEY_FRACTION_DIGITS_CONFIG,
                Type.INT,
                2,
                ConfigDef.Range.between(0, 18),
                Importance.LOW,
                MONEY_FRACTION_DIGITS_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.SHORT,
                "Money fraction digits");
        def.define(
                UNAVAILABLE_VALUE_PLACEHOLDER_CONFIG,
                Type.STRING,
                UNAVAILABLE_VALUE_PLACEHOLDER_DEFAULT,
                Importance.LOW,
                UNAVAILABLE_VALUE_PLACEHOLDER_DOC,
                GROUP_REPLICATION,
                ++o,
                Width.MEDIUM,
                "Unavailable value placeholder");
        io.entitynotifier.connect.common.signal.SignalConfig.define(def);
        return def;
    }

    public String dbname() {
        return getString(DBNAME_CONFIG);
    }

    public String sslmode() {
        return getString(SSLMODE_CONFIG).toLowerCase(Locale.ROOT);
    }

    public String sslrootcert() {
        return getString(SSLROOTCERT_CONFIG);
    }

    public String sslcert() {
        return getString(SSLCERT_CONFIG);
    }

    public String sslkey() {
        return getString(SSLKEY_CONFIG);
    }

    public String slotName() {
        return getString(SLOT_NAME_CONFIG);
    }

    public boolean slotDropOnStop() {
        return getBoolean(SLOT_DROP_ON_STOP_CONFIG);
    }

    public boolean slotFailover() {
        return getBoolean(SLOT_FAILOVER_CONFIG);
    }

    public int slotMaxRetries() {
        return getInt(SLOT_MAX_RETRIES_CONFIG);
    }

    public long slotRetryDelayMs() {
        return getLong(SLOT_RETRY_DELAY_MS_CONFIG);
    }

    public String publicationName() {
        return getString(PUBLICATION_NAME_CONFIG);
    }

    public PublicationMode publicationMode() {
        return PublicationMode.parse(getString(PUBLICATION_AUTOCREATE_MODE_CONFIG));
    }

    /** snapshot.include.collection.list: whether a captured table is snapshotted. */
    public boolean snapshots(io.entitynotifier.connect.common.schema.TableId table) {
        java.util.List<String> include = getList(SNAPSHOT_INCLUDE_CONFIG);
        return include.isEmpty()
                || new io.entitynotifier.connect.common.schema.TableFilter(
                                include, java.util.List.of(), java.util.List.of())
                        .includes(table);
    }

    public SnapshotMode snapshotMode() {
        return SnapshotMode.parse(getString(SNAPSHOT_MODE_CONFIG));
    }

    public String heartbeatActionQuery() {
        return getString(HEARTBEAT_ACTION_QUERY_CONFIG).trim();
    }

    public int statusUpdateIntervalMs() {
        return getInt(STATUS_UPDATE_INTERVAL_MS_CONFIG);
    }

    public long retryWaitMs() {
        return getLong(RETRY_WAIT_MS_CONFIG);
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES_CONFIG);
    }

    public boolean intervalAsString() {
        return "string".equalsIgnoreCase(getString(INTERVAL_HANDLING_MODE_CONFIG));
    }

    /** What changes column schemas and values: decimal, interval, binary, time, hstore and money settings. */
    public PostgresTypeMapper.Settings typeSettings() {
        return new PostgresTypeMapper.Settings(
                decimalHandlingMode(),
                intervalAsString(),
                binaryHandlingMode(),
                timePrecisionMode(),
                hstoreAsMap(),
                moneyFractionDigits());
    }

    public TimePrecisionMode timePrecisionMode() {
        return TimePrecisionMode.parse(getString(TIME_PRECISION_MODE_CONFIG));
    }

    public boolean hstoreAsMap() {
        return "map".equalsIgnoreCase(getString(HSTORE_HANDLING_MODE_CONFIG));
    }

    public int moneyFractionDigits() {
        return getInt(MONEY_FRACTION_DIGITS_CONFIG);
    }

    public String unavailableValuePlaceholder() {
        return getString(UNAVAILABLE_VALUE_PLACEHOLDER_CONFIG);
    }

    /** Slot names may hold lower-case letters, digits and underscores only (a server rule). */
    static final class SlotNameValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String s = value == null ? "" : value.toString();
            if (s.isEmpty() || s.length() > 63 || !s.matches("[a-z0-9_]+")) {
                throw new org.apache.kafka.common.config.ConfigException(
                        name, value, "a replication slot name is 1 to 63 lower-case letters, digits and underscores");
            }
        }

        @Override
        public String toString() {
            return "[a-z0-9_]{1,63}";
        }
    }
}
