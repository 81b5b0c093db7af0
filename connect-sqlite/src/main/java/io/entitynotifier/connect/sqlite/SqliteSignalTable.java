package io.entitynotifier.connect.sqlite;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;

import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.signal.SignalConfig;
import io.entitynotifier.connect.sqlite.changelog.CapturedTables;
import io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader;
import io.entitynotifier.connect.sqlite.schema.SqliteTable;

/** Checks {@code signal.data.collection} at start: a captured table with the columns id, type and data. */
final class SqliteSignalTable {

    private SqliteSignalTable() {}

    /** The checks across keys, for {@code validate}: the Kafka channel's brokers, and signals need streaming. */
    static void validate(Map<String, String> props, Map<String, ConfigValue> values) {
        SignalConfig.validate(props, values);
        boolean kafka = SignalConfig.kafkaEnabled(props);
        String table = props.get(SignalConfig.SIGNAL_DATA_COLLECTION_CONFIG);
        String mode = props.getOrDefault(SqliteConnectorConfig.SNAPSHOT_MODE_CONFIG, "initial");
        if ("initial_only".equalsIgnoreCase(mode.trim()) && (kafka || (table != null && !table.isBlank()))) {
            error(
                    values,
                    kafka ? SignalConfig.ENABLED_CHANNELS_CONFIG : SignalConfig.SIGNAL_DATA_COLLECTION_CONFIG,
                    "signals need streaming, and snapshot.mode=initial_only streams nothing");
        }
    }

    private static void error(Map<String, ConfigValue> values, String key, String message) {
        ConfigValue v = values.get(key);
        if (v != null) {
            v.addErrorMessage(message);
        }
    }

    static void check(String id, List<String> capturedNames, CapturedTables captured) {
        String prefix = SqliteSchemaReader.SCHEMA + ".";
        if (!id.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new ConnectException(
                    SignalConfig.SIGNAL_DATA_COLLECTION_CONFIG + ": '" + id + "' must be named " + "'main.<table>'");
        }
        String name = id.substring(prefix.length());
        SqliteTable t = capturedNames.contains(name) ? captured.current(name) : null;
        if (t == null) {
            throw new ConnectException(SignalConfig.SIGNAL_DATA_COLLECTION_CONFIG + ": table '" + id + "' does not "
                    + "exist or is not captured (add it to table.include.list: its inserts reach the connector "
                    + "through the change log)");
        }
        List<String> cols = t.schema().columns().stream().map(Column::name).toList();
        for (String c : List.of("id", "type", "data")) {
            if (!cols.contains(c)) {
                throw new ConnectException(SignalConfig.SIGNAL_DATA_COLLECTION_CONFIG + ": table '" + id
                        + "' has no column '" + c + "' (Debezium's signal table has id, type and data)");
            }
        }
    }
}
