package io.entitynotifier.connect.common.signal;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Debezium's signal and incremental-snapshot keys that this suite implements, defined by the connectors that honour
 * them (a connector whose {@code ConfigDef} lacks them refuses them). The source-table and Kafka channels are
 * implemented; {@code signal.enabled.channels} refuses the others, and the Kafka channel's keys beyond the topic and
 * the bootstrap servers ({@code signal.kafka.groupId}, {@code signal.kafka.poll.timeout.ms}, {@code signal.consumer.*})
 * are not defined, so they are refused.
 */
public final class SignalConfig {

    public static final String GROUP = "Signals";

    public static final String SIGNAL_DATA_COLLECTION_CONFIG = "signal.data.collection";
    private static final String SIGNAL_DATA_COLLECTION_DOC = "The signal table, as '<schema>.<table>' (SQLite: "
            + "'main.<table>'), with Debezium's columns 'id', 'type' and 'data' (text). It must be a captured table; "
            + "each row inserted into it is a signal (execute-snapshot and stop-snapshot of type incremental, log). "
            + "Unset: no signals.";

    public static final String ENABLED_CHANNELS_CONFIG = "signal.enabled.channels";
    private static final String ENABLED_CHANNELS_DOC = "The signal channels to read, as Debezium's: 'source' (the "
            + "signal table of signal.data.collection) and 'kafka' (signal.kafka.topic); 'jmx' and 'file' are refused.";

    public static final String KAFKA_TOPIC_CONFIG = "signal.kafka.topic";
    private static final String KAFKA_TOPIC_DOC = "With the 'kafka' channel: the topic whose partition 0 holds the "
            + "signals, keyed by topic.prefix, each value {\"id\": ..., \"type\": ..., \"data\": {...}}. Default: "
            + "'<topic.prefix>-signal', as Debezium's.";

    public static final String KAFKA_BOOTSTRAP_CONFIG = "signal.kafka.bootstrap.servers";
    private static final String KAFKA_BOOTSTRAP_DOC =
            "With the 'kafka' channel: the brokers holding the signal topic " + "(required).";

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
                new ChannelsValidator(),
                Importance.LOW,
                ENABLED_CHANNELS_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Signal channels");
        def.define(
                KAFKA_TOPIC_CONFIG,
                Type.STRING,
                null,
                Importance.LOW,
                KAFKA_TOPIC_DOC,
                GROUP,
                ++order,
                Width.MEDIUM,
                "Kafka signal topic");
        def.define(
                KAFKA_BOOTSTRAP_CONFIG,
                Type.STRING,
                null,
                Importance.LOW,
                KAFKA_BOOTSTRAP_DOC,
                GROUP,
                ++order,
                Width.LONG,
                "Kafka signal brokers");
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

    public static boolean channel(AbstractConfig config, String channel) {
        return config.getList(ENABLED_CHANNELS_CONFIG).stream()
                .anyMatch(c -> c.trim().equalsIgnoreCase(channel));
    }

    /**
     * The Kafka channel, or null when it is not enabled.
     *
     * @throws org.apache.kafka.common.config.ConfigException when it is enabled without bootstrap servers
     */
    public static KafkaSignalChannel kafkaChannel(AbstractConfig config, String topicPrefix, Long lastOffset) {
        if (!channel(config, "kafka")) {
            return null;
        }
        String servers = config.getString(KAFKA_BOOTSTRAP_CONFIG);
        if (servers == null || servers.isBlank()) {
            throw new org.apache.kafka.common.config.ConfigException(
                    KAFKA_BOOTSTRAP_CONFIG, null, "required with signal.enabled.channels 'kafka'");
        }
        String topic = config.getString(KAFKA_TOPIC_CONFIG);
        return new KafkaSignalChannel(
                servers, topic == null || topic.isBlank() ? topicPrefix + "-signal" : topic, topicPrefix, lastOffset);
    }

    /**
     * The check across keys for a connector's {@code validate}: the Kafka channel needs its brokers. Adds the error to
     * {@code values}.
     */
    public static void validate(
            java.util.Map<String, String> props,
            java.util.Map<String, org.apache.kafka.common.config.ConfigValue> values) {
        if (kafkaEnabled(props)) {
            String servers = props.get(KAFKA_BOOTSTRAP_CONFIG);
            org.apache.kafka.common.config.ConfigValue v = values.get(KAFKA_BOOTSTRAP_CONFIG);
            if ((servers == null || servers.isBlank()) && v != null) {
                v.addErrorMessage("required with signal.enabled.channels 'kafka'");
            }
        }
    }

    /** Whether {@code signal.enabled.channels} in raw connector properties names the Kafka channel. */
    public static boolean kafkaEnabled(java.util.Map<String, String> props) {
        String channels = props.getOrDefault(ENABLED_CHANNELS_CONFIG, "source");
        return java.util.List.of(channels.toLowerCase(java.util.Locale.ROOT).split("\\s*,\\s*"))
                .contains("kafka");
    }

    public static int chunkSize(AbstractConfig config) {
        return config.getInt(CHUNK_SIZE_CONFIG);
    }

    /** A named validator, so that the generated config reference shows its rule (a lambda prints its identity). */
    private static final class ChannelsValidator implements org.apache.kafka.common.config.ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof java.util.List<?> l) {
                for (Object o : l) {
                    String c = String.valueOf(o).trim();
                    if (!"source".equalsIgnoreCase(c) && !"kafka".equalsIgnoreCase(c)) {
                        throw new org.apache.kafka.common.config.ConfigException(
                                name, o, "only the 'source' and 'kafka' signal channels are implemented");
                    }
                }
            }
        }

        @Override
        public String toString() {
            return "a list of 'source' and 'kafka'";
        }
    }
}
