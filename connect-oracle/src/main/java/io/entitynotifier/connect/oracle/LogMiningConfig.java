package io.entitynotifier.connect.oracle;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The "Log mining" keys of {@link OracleConnectorConfig}: the SCN window, the pauses between windows, the log writer
 * flush table and the transaction buffer bounds (Debezium's names and defaults).
 */
public final class LogMiningConfig {

    public static final String BATCH_MIN_CONFIG = "log.mining.batch.size.min";
    private static final String BATCH_MIN_DOC = "Smallest SCN window mined at once.";
    public static final String BATCH_DEFAULT_CONFIG = "log.mining.batch.size.default";
    private static final String BATCH_DEFAULT_DOC = "SCN window mined at once when starting; it then grows while "
            + "the connector is behind and shrinks when it has caught up.";
    public static final String BATCH_MAX_CONFIG = "log.mining.batch.size.max";
    private static final String BATCH_MAX_DOC = "Largest SCN window mined at once.";
    public static final String SLEEP_MIN_CONFIG = "log.mining.sleep.time.min.ms";
    private static final String SLEEP_MIN_DOC = "Shortest pause between mining windows once caught up.";
    public static final String SLEEP_DEFAULT_CONFIG = "log.mining.sleep.time.default.ms";
    private static final String SLEEP_DEFAULT_DOC = "Initial pause between mining windows once caught up.";
    public static final String SLEEP_MAX_CONFIG = "log.mining.sleep.time.max.ms";
    private static final String SLEEP_MAX_DOC = "Longest pause between mining windows once caught up.";
    public static final String SLEEP_INCREMENT_CONFIG = "log.mining.sleep.time.increment.ms";
    private static final String SLEEP_INCREMENT_DOC = "Step by which the pause grows (caught up) or shrinks (behind).";

    public static final String FLUSH_TABLE_CONFIG = "log.mining.flush.table.name";
    private static final String FLUSH_TABLE_DOC =
            "Table (in the connector user's schema, created when missing) that the "
                    + "connector updates and commits before each mining round, so that the log writer has written all redo "
                    + "LogMiner is about to read. Its own changes are never captured.";
    public static final String FLUSH_TABLE_DEFAULT = "LOG_MINING_FLUSH";

    public static final String TXN_EVENTS_THRESHOLD_CONFIG = "log.mining.buffer.transaction.events.threshold";
    private static final String TXN_EVENTS_THRESHOLD_DOC = "Most change events one open Oracle transaction may "
            + "buffer before its commit; 0 leaves only log.mining.buffer.max.events. Exceeding it fails the task "
            + "naming the transaction (unlike Debezium, which drops the transaction): raise it and restart.";
    public static final String BUFFER_MAX_EVENTS_CONFIG = "log.mining.buffer.max.events";
    private static final String BUFFER_MAX_EVENTS_DOC = "Most change events buffered over all open Oracle "
            + "transactions (the memory bound). Exceeding it fails the task naming the largest transaction; nothing "
            + "is dropped. Raise it (and the worker heap) and restart.";

    private LogMiningConfig() {}

    /** Defines the keys in the "Log mining" group; returns the last order number used in it. */
    static int define(ConfigDef def) {
        int o = 0;
        def.define(
                BATCH_MIN_CONFIG,
                Type.INT,
                1_000,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                BATCH_MIN_DOC,
                OracleConnectorConfig.GROUP_MINING,
                ++o,
                Width.SHORT,
                "Min SCN window");
        def.define(
                BATCH_DEFAULT_CONFIG,
                Type.INT,
                20_000,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                BATCH_DEFAULT_DOC,
                OracleConnectorConfig.GROUP_MINING,
                ++o,
                Width.SHORT,
                "Initial SCN window");
        def.define(
                BATCH_MAX_CONFIG,
                Type.INT,
                100_000,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                BATCH_MAX_DOC,
                OracleConnectorConfig.GROUP_MINING,
                ++o,
                Width.SHORT,
                "Max SCN window");
        def.define(
                SLEEP_MIN_CONFIG,
                Type.INT,
                0,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                SLEEP_MIN_DOC,
                OracleConnectorConfig.GROUP_MINING,
                ++o,
                Width.SHORT,
                "Min sleep");
        def.define(
                SLEEP_DEFAULT_CONFIG,
                Type.INT,
                1_000,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                SLEEP_DEFAULT_DOC,
                OracleConnectorConfig.GROUP_MINING,
                ++o,
                Width.SHORT,
                "Initial sleep");
        def.define(
                SLEEP_MAX_CONFIG,
                Type.INT,
                3_000,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                SLEEP_MAX_DOC,
                OracleConnectorConfig.GROUP_MINING,
                ++o,
                Width.SHORT,
                "Max sleep");
        def.define(
                SLEEP_INCREMENT_CONFIG,
                Type.INT,
                200,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                SLEEP_INCREMENT_DOC,
                OracleConnectorConfig.GROUP_MINING,
                ++o,
                Width.SHORT,
                "Sleep step");
        def.define(
                FLUSH_TABLE_CONFIG,
                Type.STRING,
                FLUSH_TABLE_DEFAULT,
                Importance.LOW,
                FLUSH_TABLE_DOC,
                OracleConnectorConfig.GROUP_MINING,
                ++o,
                Width.MEDIUM,
                "Flush table");
        def.define(
                TXN_EVENTS_THRESHOLD_CONFIG,
                Type.INT,
                0,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                TXN_EVENTS_THRESHOLD_DOC,
                OracleConnectorConfig.GROUP_MINING,
                ++o,
                Width.SHORT,
                "Events per open transaction");
        def.define(
                BUFFER_MAX_EVENTS_CONFIG,
                Type.INT,
                500_000,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                BUFFER_MAX_EVENTS_DOC,
                OracleConnectorConfig.GROUP_MINING,
                ++o,
                Width.SHORT,
                "Buffered events");
        return o;
    }
}
