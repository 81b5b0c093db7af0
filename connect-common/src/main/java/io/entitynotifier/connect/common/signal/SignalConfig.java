package io.entitynotifier.connect.common.signal;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Debezium's signal and incremental-snapshot keys that this suite implements, defined by the connectors that honour
 * them (a connector whose {@code ConfigDef} lacks them refuses them). Only the source-table channel is implemented:
 * {@code signal.enabled.channels} accepts only {@code source}, and the Kafka channel's keys are not defined, so they
 * are refused.
 */
public final class SignalConfig {

    public static final String GROUP = "Signals";

    public static final String SIGNAL_DATA_COLLECTION_CONFIG = "signal.data.collection";
    private static final String SIGNAL_DATA_COLLECTION_DOC = "The signal table, as '<schema>.<table>' (SQLite: "
            + "'main.<table>'), with Debezium's columns 'id', 'type' and 'data' (text). It must be a captured table; "
            + "each row inserted into it is a signal (execute-snapshot and stop-snapshot of type incremental, log). "
            + "Unset: no signals.";

    public static final String ENABLED_CHANNELS_CONFIG = "signal.enabled.channels";
    private static final String ENABLED_CHANNELS_DOC = "The signal channels to read, as Debezium's. Only 'source' (the "
            + "signal table of signal.data.collection) is implemented; 'kafka', 'jmx' and 'file' are refused.";

    public static final String CHUNK_SIZE_CONFIG = "incremental.snapshot.chunk.size";
    private static final String CHUNK_SIZE_DOC = "Rows read per chunk of an incremental snapshot, in primary-key "
            + "order, between reads of the change stream.";
    public static final int CHUNK_SIZE_DEFAULT = 1024;

    private SignalConfig() {}

    public static void define(ConfigDef def) {
        int order = 0;
        def.define(
                SIGNAL_DATA_COLLECTION_CONFIG,
                Type.STRING,
                null,
                Importance.LOW,
                SIGNAL_DATA_COLLECTION_DOC,
                GROUP,
                ++order,
                Width.MEDIUM,
                "Signal table");
        def.define(
                ENABLED_CHANNELS_CONFIG,
                Type.LIST,
                "source",
                (name, value) -> {
                    if (value instanceof java.util.List<?> l) {
                        for (Object o : l) {
                            if (!"source".equalsIgnoreCase(String.valueOf(o).trim())) {
                                throw new org.apache.kafka.common.config.ConfigException(
                                        name, o, "only the 'source' signal channel is implemented");
                            }
                        }
                    }
                },
                Importance.LOW,
                ENABLED_CHANNELS_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Signal channels");
        def.define(
                CHUNK_SIZE_CONFIG,
                Type.INT,
                CHUNK_SIZE_DEFAULT,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                CHUNK_SIZE_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Incremental snapshot chunk size");
    }

    /** The signal table's id, or null. */
    public static String signalTable(AbstractConfig config) {
        String s = config.getString(SIGNAL_DATA_COLLECTION_CONFIG);
        return s == null || s.isBlank() ? null : s.trim();
    }

    public static int chunkSize(AbstractConfig config) {
        return config.getInt(CHUNK_SIZE_CONFIG);
    }
}
