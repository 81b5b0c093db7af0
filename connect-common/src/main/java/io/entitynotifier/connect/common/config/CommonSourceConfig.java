package io.entitynotifier.connect.common.config;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;

import io.entitynotifier.connect.common.bulk.BulkConfig;
import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.common.schema.TableFilter;
import io.entitynotifier.connect.common.tenant.TenantConfig;
import io.entitynotifier.connect.common.throttle.ThrottleConfig;

/**
 * The keys every connector of the suite shares. Each connector's config class adds its own keys to
 * {@link #configDef()} and extends this class. Names follow Debezium where Debezium has the same setting.
 */
public class CommonSourceConfig extends AbstractConfig {

    public static final String GROUP_COMMON = "Events";
    public static final String GROUP_TRANSACTIONS = "Transactions";

    public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
    private static final String TOPIC_PREFIX_DOC = "Logical name of the source; the prefix of every topic the "
            + "connector writes (<topic.prefix>.<schema>.<table>) and the 'source.name' of every event. Also the "
            + "source partition of the offsets, so changing it starts the connector afresh.";

    public static final String TABLE_INCLUDE_LIST_CONFIG = "table.include.list";
    private static final String TABLE_INCLUDE_LIST_DOC = "Comma-separated regular expressions matched against "
            + "the whole two-part table name (schema.table, or database.table for MySQL). Only matching tables are "
            + "captured; empty means all tables. Each expression must match at least one existing table.";

    public static final String TABLE_EXCLUDE_LIST_CONFIG = "table.exclude.list";
    private static final String TABLE_EXCLUDE_LIST_DOC = "Comma-separated regular expressions of tables not to "
            + "capture, matched like table.include.list. Cannot be used with table.include.list.";

    public static final String COLUMN_EXCLUDE_LIST_CONFIG = "column.exclude.list";
    private static final String COLUMN_EXCLUDE_LIST_DOC = "Comma-separated regular expressions matched against "
            + "the three-part column name (schema.table.column, or database.table.column for MySQL); matching "
            + "columns are left out of the events' before/after (key columns stay in the key). Cannot be used with "
            + "column.include.list.";

    public static final String DECIMAL_HANDLING_MODE_CONFIG = "decimal.handling.mode";
    private static final String DECIMAL_HANDLING_MODE_DOC = "How exact numeric columns are represented: 'precise' "
            + "(Connect Decimal logical type, exact), 'double' (FLOAT64, may lose digits) or 'string' (plain decimal "
            + "text, exact).";
    public static final String DECIMAL_HANDLING_MODE_DEFAULT = "precise";

    public static final String TOMBSTONES_ON_DELETE_CONFIG = "tombstones.on.delete";
    private static final String TOMBSTONES_ON_DELETE_DOC = "Whether each delete event is followed by a tombstone "
            + "(same key, null value) so that log compaction can remove the key.";

    public static final String HEARTBEAT_INTERVAL_MS_CONFIG = "heartbeat.interval.ms";
    private static final String HEARTBEAT_INTERVAL_MS_DOC = "When no captured change has been sent for this long, "
            + "send a heartbeat record to <topic.heartbeat.prefix>.<topic.prefix> (Debezium's __debezium-heartbeat.<topic.prefix>) carrying the current source position, so offsets "
            + "(and database-side retention such as replication slots) advance on an idle source. 0 disables.";

    public static final String MAX_BATCH_SIZE_CONFIG = "max.batch.size";
    private static final String MAX_BATCH_SIZE_DOC = "Most records one poll hands to Connect.";

    public static final String MAX_QUEUE_SIZE_CONFIG = "max.queue.size";
    private static final String MAX_QUEUE_SIZE_DOC =
            "Most records buffered between the log reader and Connect; a " + "reader that gets ahead of Kafka waits.";

    public static final String MAX_QUEUE_SIZE_IN_BYTES_CONFIG = "max.queue.size.in.bytes";
    private static final String MAX_QUEUE_SIZE_IN_BYTES_DOC = "Most bytes (estimated from the records' keys and "
            + "values) buffered between the log reader and Connect, besides max.queue.size; a reader that gets ahead "
            + "waits. 0 (Debezium's default) means no byte bound. With tenant.max.buffered.bytes too, the smaller "
            + "bound applies. Applies to connectors with a log-reader thread (PostgreSQL, MySQL).";

    public static final String POLL_INTERVAL_MS_CONFIG = "poll.interval.ms";
    private static final String POLL_INTERVAL_MS_DOC =
            "How long a poll waits for new changes before returning " + "empty-handed.";

    public static final String POLL_LINGER_MS_CONFIG = "poll.linger.ms";
    private static final String POLL_LINGER_MS_DOC =
            "Once a poll has a change to hand over, how much longer it waits for "
                    + "more (unless max.batch.size are already there), like a producer's linger.ms. When changes trickle in, "
                    + "this turns one poll (and, with exactly-once, one Kafka transaction) per change into one per interval, "
                    + "at the cost of up to this much latency; a backlog is never delayed. 0 hands every change over at once. "
                    + "Applies to connectors with a log-reader thread (PostgreSQL, MySQL).";
    public static final int POLL_LINGER_MS_DEFAULT = 100;

    public static final String SNAPSHOT_CHUNK_SIZE_CONFIG = "snapshot.chunk.size";
    private static final String SNAPSHOT_CHUNK_SIZE_DOC = "Rows read per snapshot chunk. Each chunk ends with a "
            + "resumable offset, so an interrupted snapshot resumes after the last chunk Kafka committed. A chunk is "
            + "delivered as one unit, so Connect holds up to a chunk of records at a time.";

    public static final String TRANSACTION_MAX_RECORDS_CONFIG = "transaction.group.max.records";
    private static final String TRANSACTION_MAX_RECORDS_DOC = "The largest source transaction delivered in one Kafka "
            + "transaction: only a single source transaction larger than this is split across Kafka transactions "
            + "(its offsets then record the position inside it), with any transaction.boundary. Also the most records "
            + "held back waiting for the end of a source transaction.";

    public static final String TRANSACTION_COMMIT_RECORDS_CONFIG = "transaction.group.commit.records";
    private static final String TRANSACTION_COMMIT_RECORDS_DOC = "With transaction.boundary=connector, whole source "
            + "transactions are grouped into one Kafka transaction, committed at the first source-transaction boundary "
            + "after it holds this many records (at most transaction.group.max.records). Connect keeps the records of "
            + "the open Kafka transaction in memory until it commits: higher means fewer commits and more heap.";

    public static final String TRANSACTION_MAX_MS_CONFIG = "transaction.group.max.ms";
    private static final String TRANSACTION_MAX_MS_DOC = "With transaction.boundary=connector, the longest a Kafka "
            + "transaction stays open while more source transactions keep arriving. A reader that has caught up "
            + "commits at once.";

    public static final String RECORD_MAX_BYTES_CONFIG = "record.max.bytes";
    private static final String RECORD_MAX_BYTES_DOC = "A change event whose key and value hold more than this many "
            + "bytes (before conversion) fails the task with an error naming its table, key and position, instead of "
            + "reaching the producer, whose own error (max.request.size, default 1048576) names neither. Set it at or "
            + "below the producer's max.request.size; converters add overhead, so the producer may still refuse a "
            + "record slightly under this bound.";

    private volatile TableFilter filter;

    public CommonSourceConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, originals, false);
    }

    /** The shared keys; connector config classes add theirs to the returned definition. */
    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(
                TOPIC_PREFIX_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new TopicPrefixValidator(),
                Importance.HIGH,
                TOPIC_PREFIX_DOC,
                GROUP_COMMON,
                ++order,
                Width.MEDIUM,
                "Topic prefix");
        def.define(
                TABLE_INCLUDE_LIST_CONFIG,
                Type.LIST,
                "",
                new RegexListValidator(),
                Importance.HIGH,
                TABLE_INCLUDE_LIST_DOC,
                GROUP_COMMON,
                ++order,
                Width.LONG,
                "Tables to capture");
        def.define(
                TABLE_EXCLUDE_LIST_CONFIG,
                Type.LIST,
                "",
                new RegexListValidator(),
                Importance.MEDIUM,
                TABLE_EXCLUDE_LIST_DOC,
                GROUP_COMMON,
                ++order,
                Width.LONG,
                "Tables to skip");
        def.define(
                COLUMN_EXCLUDE_LIST_CONFIG,
                Type.LIST,
                "",
                new RegexListValidator(),
                Importance.MEDIUM,
                COLUMN_EXCLUDE_LIST_DOC,
                GROUP_COMMON,
                ++order,
                Width.LONG,
                "Columns to leave out");
        def.define(
                DECIMAL_HANDLING_MODE_CONFIG,
                Type.STRING,
                DECIMAL_HANDLING_MODE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("precise", "double", "string"),
                Importance.MEDIUM,
                DECIMAL_HANDLING_MODE_DOC,
                GROUP_COMMON,
                ++order,
                Width.SHORT,
                "Decimal handling");
        def.define(
                BinaryHandlingMode.CONFIG,
                Type.STRING,
                BinaryHandlingMode.DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in(BinaryHandlingMode.names()),
                Importance.LOW,
                BinaryHandlingMode.DOC,
                GROUP_COMMON,
                ++order,
                Width.SHORT,
                "Binary handling");
        def.define(
                TOMBSTONES_ON_DELETE_CONFIG,
                Type.BOOLEAN,
                true,
                Importance.MEDIUM,
                TOMBSTONES_ON_DELETE_DOC,
                GROUP_COMMON,
                ++order,
                Width.SHORT,
                "Tombstones on delete");
        def.define(
                HEARTBEAT_INTERVAL_MS_CONFIG,
                Type.INT,
                0,
                ConfigDef.Range.atLeast(0),
                Importance.MEDIUM,
                HEARTBEAT_INTERVAL_MS_DOC,
                GROUP_COMMON,
                ++order,
                Width.SHORT,
                "Heartbeat interval");
        def.define(
                MAX_BATCH_SIZE_CONFIG,
                Type.INT,
                2048,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                MAX_BATCH_SIZE_DOC,
                GROUP_COMMON,
                ++order,
                Width.SHORT,
                "Max batch size");
        def.define(
                MAX_QUEUE_SIZE_CONFIG,
                Type.INT,
                4096,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                MAX_QUEUE_SIZE_DOC,
                GROUP_COMMON,
                ++order,
                Width.SHORT,
                "Max queue size");
        def.define(
                MAX_QUEUE_SIZE_IN_BYTES_CONFIG,
                Type.LONG,
                0L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                MAX_QUEUE_SIZE_IN_BYTES_DOC,
                GROUP_COMMON,
                ++order,
                Width.SHORT,
                "Max queue bytes");
        def.define(
                POLL_INTERVAL_MS_CONFIG,
                Type.INT,
                500,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                POLL_INTERVAL_MS_DOC,
                GROUP_COMMON,
                ++order,
                Width.SHORT,
                "Poll interval");
        def.define(
                POLL_LINGER_MS_CONFIG,
                Type.INT,
                POLL_LINGER_MS_DEFAULT,
                ConfigDef.Range.between(0, 60_000),
                Importance.LOW,
                POLL_LINGER_MS_DOC,
                GROUP_COMMON,
                ++order,
                Width.SHORT,
                "Poll linger");
        def.define(
                SNAPSHOT_CHUNK_SIZE_CONFIG,
                Type.INT,
                2_048,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                SNAPSHOT_CHUNK_SIZE_DOC,
                GROUP_COMMON,
                ++order,
                Width.SHORT,
                "Snapshot chunk size");
        def.define(
                RECORD_MAX_BYTES_CONFIG,
                Type.INT,
                1_048_576,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                RECORD_MAX_BYTES_DOC,
                GROUP_COMMON,
                ++order,
                Width.SHORT,
                "Largest record");
        order = 0;
        def.define(
                TRANSACTION_MAX_RECORDS_CONFIG,
                Type.INT,
                10_000,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                TRANSACTION_MAX_RECORDS_DOC,
                GROUP_TRANSACTIONS,
                ++order,
                Width.SHORT,
                "Records per Kafka transaction");
        def.define(
                TRANSACTION_COMMIT_RECORDS_CONFIG,
                Type.INT,
                2_048,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                TRANSACTION_COMMIT_RECORDS_DOC,
                GROUP_TRANSACTIONS,
                ++order,
                Width.SHORT,
                "Records per grouped commit");
        def.define(
                TRANSACTION_MAX_MS_CONFIG,
                Type.INT,
                1_000,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                TRANSACTION_MAX_MS_DOC,
                GROUP_TRANSACTIONS,
                ++order,
                Width.SHORT,
                "Kafka transaction age");
        ColumnConfig.define(def, GROUP_COMMON, 100);
        EventConfig.define(def);
        TenantConfig.define(def);
        ThrottleConfig.define(def);
        BulkConfig.define(def);
        return def;
    }

    /** Adds {@code message} to the errors of {@code key} in a {@code validate()} result. */
    public static void addError(Map<String, ConfigValue> values, String key, String message) {
        ConfigValue v = values.computeIfAbsent(key, ConfigValue::new);
        v.addErrorMessage(message);
    }

    /** True when validation already found something wrong with {@code key}. */
    public static boolean hasErrors(Map<String, ConfigValue> values, String key) {
        ConfigValue v = values.get(key);
        return v != null && !v.errorMessages().isEmpty();
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX_CONFIG);
    }

    /** Source partition of every offset: one per logical source. */
    public Map<String, String> sourcePartition() {
        return Map.of("server", topicPrefix());
    }

    /** Tables, schemas and columns to capture, with the column mappers and message.key.columns (built once). */
    public TableFilter tableFilter() {
        TableFilter f = filter;
        if (f == null) {
            f = ColumnConfig.filter(
                    this,
                    new TableFilter(
                            getList(TABLE_INCLUDE_LIST_CONFIG),
                            getList(TABLE_EXCLUDE_LIST_CONFIG),
                            getList(COLUMN_EXCLUDE_LIST_CONFIG),
                            TenantConfig.scope(this, false)));
            filter = f;
        }
        return f;
    }

    public List<String> tableIncludeList() {
        return getList(TABLE_INCLUDE_LIST_CONFIG);
    }

    public BinaryHandlingMode binaryHandlingMode() {
        return BinaryHandlingMode.parse(getString(BinaryHandlingMode.CONFIG));
    }

    public DecimalHandlingMode decimalHandlingMode() {
        return DecimalHandlingMode.parse(getString(DECIMAL_HANDLING_MODE_CONFIG));
    }

    public boolean tombstonesOnDelete() {
        return getBoolean(TOMBSTONES_ON_DELETE_CONFIG);
    }

    public int heartbeatIntervalMs() {
        return getInt(HEARTBEAT_INTERVAL_MS_CONFIG);
    }

    public int maxBatchSize() {
        return getInt(MAX_BATCH_SIZE_CONFIG);
    }

    public int maxQueueSize() {
        return getInt(MAX_QUEUE_SIZE_CONFIG);
    }

    /**
     * The byte bound of the change queue: the smaller non-zero one of max.queue.size.in.bytes and
     * tenant.max.buffered.bytes; 0 for none.
     */
    public long maxQueueBytes() {
        long queue = getLong(MAX_QUEUE_SIZE_IN_BYTES_CONFIG);
        long tenant = TenantConfig.maxBufferedBytes(this);
        if (queue == 0 || tenant == 0) {
            return Math.max(queue, tenant);
        }
        return Math.min(queue, tenant);
    }

    public int pollIntervalMs() {
        return getInt(POLL_INTERVAL_MS_CONFIG);
    }

    public int pollLingerMs() {
        return getInt(POLL_LINGER_MS_CONFIG);
    }

    public int snapshotChunkSize() {
        return getInt(SNAPSHOT_CHUNK_SIZE_CONFIG);
    }

    public int recordMaxBytes() {
        return getInt(RECORD_MAX_BYTES_CONFIG);
    }

    public int transactionMaxRecords() {
        return getInt(TRANSACTION_MAX_RECORDS_CONFIG);
    }

    public int transactionCommitRecords() {
        return getInt(TRANSACTION_COMMIT_RECORDS_CONFIG);
    }

    public int transactionMaxMs() {
        return getInt(TRANSACTION_MAX_MS_CONFIG);
    }
}
