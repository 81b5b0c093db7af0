package io.entitynotifier.connect.mysql;

import java.util.Locale;

/** {@code snapshot.mode}, with Debezium's names. */
public enum SnapshotMode {
    /** Snapshot when there is no offset (or an unfinished snapshot), then stream. */
    INITIAL,
    /** Never snapshot: stream from the start of the binlog the server still has. */
    NEVER,
    /** Snapshot when there is no offset, then stop: no streaming. */
    INITIAL_ONLY,
    /** Like initial, and snapshot again when the binlog position in the offset is no longer on the server. */
    WHEN_NEEDED;

    public static SnapshotMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public boolean snapshotsWithoutOffset() {
        return this != NEVER;
    }

    public boolean streams() {
        return this != INITIAL_ONLY;
    }
}
