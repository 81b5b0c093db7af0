package io.entitynotifier.connect.mysql;

import java.util.Arrays;
import java.util.Locale;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** {@code snapshot.mode}, with Debezium's names. */
public enum SnapshotMode {
    /** Snapshot when there is no offset (or an unfinished snapshot), then stream. */
    INITIAL,
    /** Never snapshot: stream from the start of the binlog the server still has. */
    NEVER,
    /** Snapshot when there is no offset, then stop: no streaming. */
    INITIAL_ONLY,
    /** Like initial, and snapshot again when the binlog position in the offset is no longer on the server. */
    WHEN_NEEDED,
    /** No data snapshot: without an offset, stream from the server's current binlog position (Debezium's no_data). */
    NO_DATA,
    /** Snapshot at every start of the task (resuming an interrupted one), then stream from the snapshot's position. */
    ALWAYS;

    public static SnapshotMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public boolean snapshotsWithoutOffset() {
        return this != NEVER && this != NO_DATA;
    }

    public boolean streams() {
        return this != INITIAL_ONLY;
    }

    /** Debezium's values that are refused, with the reason shown in validate. */
    static String refusal(String value) {
        return switch (value) {
            case "recovery", "schema_only_recovery" ->
                "snapshot.mode=" + value + " rebuilds Debezium's schema-history "
                        + "topic, which this connector does not have (it reads table definitions from the server): use "
                        + "'initial' or 'when_needed'";
            case "schema_only" -> "Debezium's old name of 'no_data': use snapshot.mode=no_data";
            case "configuration_based", "custom" ->
                "snapshot.mode=" + value + " is not supported: use one of " + names();
            default -> null;
        };
    }

    static String names() {
        return String.join(
                ", ",
                Arrays.stream(values())
                        .map(m -> m.name().toLowerCase(Locale.ROOT))
                        .toList());
    }

    /** Accepts the values above; names the reason for Debezium's values that are refused. */
    public static final class Validator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
            String refused = refusal(v);
            if (refused != null) {
                throw new ConfigException(name, value, refused);
            }
            try {
                parse(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "must be one of " + names());
            }
        }

        @Override
        public String toString() {
            return "[" + names() + "] (case-insensitive)";
        }
    }
}
