package io.entitynotifier.connect.common.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import io.entitynotifier.connect.common.event.SkippedOperations;

/**
 * Debezium's keys for the records written beside the change events and for what is left out of them, with Debezium
 * 3.6's names and defaults: {@code skipped.operations}, {@code provide.transaction.metadata},
 * {@code topic.transaction}, {@code topic.heartbeat.prefix} and {@code custom.metric.tags}.
 */
public final class EventConfig {

    public static final String GROUP = "Debezium events";

    public static final String SKIPPED_OPERATIONS_CONFIG = "skipped.operations";
    public static final String SKIPPED_OPERATIONS_DEFAULT = "t";
    private static final String SKIPPED_OPERATIONS_DOC = "Comma-separated operations not emitted while streaming: 'c' "
            + "inserts, 'u' updates, 'd' deletes, 't' truncates, or 'none' for nothing skipped. Default 't', as "
            + "Debezium: truncates are not emitted unless this is set to 'none' (or a list without 't').";

    public static final String PROVIDE_TRANSACTION_METADATA_CONFIG = "provide.transaction.metadata";
    private static final String PROVIDE_TRANSACTION_METADATA_DOC = "Write a BEGIN and an END record for every source "
            + "transaction with captured changes to <topic.prefix>.<topic.transaction>, and fill the 'transaction' "
            + "block (id, total_order, data_collection_order) of every change event, as Debezium. Off: the block is "
            + "null.";

    public static final String TOPIC_TRANSACTION_CONFIG = "topic.transaction";
    public static final String TOPIC_TRANSACTION_DEFAULT = "transaction";
    private static final String TOPIC_TRANSACTION_DOC =
            "Suffix of the transaction-metadata topic: " + "<topic.prefix>.<topic.transaction>.";

    public static final String TOPIC_HEARTBEAT_PREFIX_CONFIG = "topic.heartbeat.prefix";
    public static final String TOPIC_HEARTBEAT_PREFIX_DEFAULT = "__debezium-heartbeat";
    private static final String TOPIC_HEARTBEAT_PREFIX_DOC =
            "Prefix of the heartbeat topic: " + "<topic.heartbeat.prefix>.<topic.prefix>.";

    public static final String CUSTOM_METRIC_TAGS_CONFIG = "custom.metric.tags";
    private static final String CUSTOM_METRIC_TAGS_DOC = "Key-value pairs (k1=v1,k2=v2) appended to the object names "
            + "of the Debezium-named MBeans (debezium.<connector>:type=connector-metrics,...), as Debezium does.";

    private EventConfig() {}

    /** A validator whose text (shown in docs/config) is {@code text}, not a lambda's identity. */
    private static ConfigDef.Validator validator(String text, java.util.function.Consumer<Object> check) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    check.accept(value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return text;
            }
        };
    }

    public static void define(ConfigDef def) {
        int order = 0;
        def.define(
                SKIPPED_OPERATIONS_CONFIG,
                Type.LIST,
                SKIPPED_OPERATIONS_DEFAULT,
                validator("comma-separated c, u, d, t; or none", value -> SkippedOperations.parse(asList(value))),
                Importance.LOW,
                SKIPPED_OPERATIONS_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Skipped operations");
        def.define(
                PROVIDE_TRANSACTION_METADATA_CONFIG,
                Type.BOOLEAN,
                false,
                Importance.LOW,
                PROVIDE_TRANSACTION_METADATA_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Transaction metadata");
        def.define(
                TOPIC_TRANSACTION_CONFIG,
                Type.STRING,
                TOPIC_TRANSACTION_DEFAULT,
                new TopicPrefixValidator(),
                Importance.LOW,
                TOPIC_TRANSACTION_DOC,
                GROUP,
                ++order,
                Width.MEDIUM,
                "Transaction topic");
        def.define(
                TOPIC_HEARTBEAT_PREFIX_CONFIG,
                Type.STRING,
                TOPIC_HEARTBEAT_PREFIX_DEFAULT,
                new TopicPrefixValidator(),
                Importance.LOW,
                TOPIC_HEARTBEAT_PREFIX_DOC,
                GROUP,
                ++order,
                Width.MEDIUM,
                "Heartbeat topic prefix");
        def.define(
                CUSTOM_METRIC_TAGS_CONFIG,
                Type.LIST,
                "",
                validator("comma-separated key=value pairs", value -> customMetricTags(asList(value))),
                Importance.LOW,
                CUSTOM_METRIC_TAGS_DOC,
                GROUP,
                ++order,
                Width.MEDIUM,
                "Custom metric tags");
    }

    @SuppressWarnings("unchecked")
    private static List<String> asList(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    public static SkippedOperations skippedOperations(AbstractConfig config) {
        return SkippedOperations.parse(config.getList(SKIPPED_OPERATIONS_CONFIG));
    }

    public static boolean provideTransactionMetadata(AbstractConfig config) {
        return config.getBoolean(PROVIDE_TRANSACTION_METADATA_CONFIG);
    }

    /** {@code <topic.prefix>.<topic.transaction>}. */
    public static String transactionTopic(CommonSourceConfig config) {
        return config.topicPrefix() + "." + config.getString(TOPIC_TRANSACTION_CONFIG);
    }

    /** {@code <topic.heartbeat.prefix>.<topic.prefix>}. */
    public static String heartbeatTopic(CommonSourceConfig config) {
        return config.getString(TOPIC_HEARTBEAT_PREFIX_CONFIG) + "." + config.topicPrefix();
    }

    public static Map<String, String> customMetricTags(AbstractConfig config) {
        return customMetricTags(config.getList(CUSTOM_METRIC_TAGS_CONFIG));
    }

    static Map<String, String> customMetricTags(List<String> entries) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String e : entries) {
            String t = e.trim();
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0 || eq == t.length() - 1) {
                throw new IllegalArgumentException("each tag must be key=value, got '" + t + "'");
            }
            tags.put(t.substring(0, eq).trim(), t.substring(eq + 1).trim());
        }
        return tags;
    }
}
