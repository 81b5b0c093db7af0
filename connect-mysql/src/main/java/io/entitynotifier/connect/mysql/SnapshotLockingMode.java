package io.entitynotifier.connect.mysql;

import java.util.Locale;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** {@code snapshot.locking.mode}, with Debezium's names and meaning for MySQL. */
public enum SnapshotLockingMode {
    /**
     * The global read lock (or, where the server refuses it, table read locks) only while the consistent-snapshot
     * transaction starts and its binlog position is read; table locks are held to the end of the snapshot.
     */
    MINIMAL,
    /** The global read lock (or table read locks) for the whole snapshot: no writes until it ends. */
    EXTENDED,
    /** No lock: the binlog position is read before the snapshot transaction starts (at-least-once). */
    NONE;

    /** Debezium values this connector does not implement (refused by name). */
    static final Set<String> REFUSED =
            Set.of("minimal_percona", "minimal_percona_no_table_locks", "minimal_at_least_once", "custom");

    public static SnapshotLockingMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** Accepts minimal, extended and none (any case); names Debezium's other values as not implemented. */
    static final class Validator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : ((String) value).trim().toLowerCase(Locale.ROOT);
            if (REFUSED.contains(v)) {
                throw new ConfigException(
                        name,
                        value,
                        "Debezium's '" + v + "' is not implemented by this connector; use minimal, extended or none");
            }
            try {
                parse(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "must be one of minimal, extended, none");
            }
        }

        @Override
        public String toString() {
            return "[minimal, extended, none]";
        }
    }
}
