package io.entitynotifier.connect.mysql;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** The snapshot-lock and query-timeout keys of the MySQL connector (Debezium's names and defaults). */
final class SnapshotLockKeys {

    static final String SNAPSHOT_LOCKING_MODE_CONFIG = "snapshot.locking.mode";
    private static final String SNAPSHOT_LOCKING_MODE_DOC = "How the snapshot keeps its binlog position and the data "
            + "it reads consistent. 'minimal' (default): FLUSH TABLES WITH READ LOCK only while the consistent-snapshot "
            + "transaction starts and the binlog position is read (MariaDB needs no lock for that); 'extended': the "
            + "read lock is held for the whole snapshot, blocking all writes; 'none': no lock, the binlog position is "
            + "read just before the snapshot transaction starts, so a row changed in between can appear in the "
            + "snapshot with its newer state and again from the binlog. Where the server refuses the global read lock "
            + "(no RELOAD privilege, as on managed MySQL), minimal and extended fall back to FLUSH TABLES <captured "
            + "tables> WITH READ LOCK and then to LOCK TABLES <captured tables> READ, held until the snapshot ends.";
    static final String SNAPSHOT_LOCKING_MODE_DEFAULT = "minimal";

    static final String SNAPSHOT_LOCK_TIMEOUT_MS_CONFIG = "snapshot.lock.timeout.ms";
    private static final String SNAPSHOT_LOCK_TIMEOUT_MS_DOC = "How long the snapshot waits for its lock (the "
            + "session's lock_wait_timeout, in whole seconds, rounded up). While FLUSH TABLES WITH READ LOCK waits "
            + "behind a long query, writes on the server wait too, so this bounds that stall. A lock not obtained in "
            + "time is tried again " + (SnapshotLockKeys.LOCK_ATTEMPTS - 1) + " more times, after a pause of the same "
            + "length; then the task fails with an error naming this setting.";
    static final long SNAPSHOT_LOCK_TIMEOUT_MS_DEFAULT = 10_000L;

    /** How many times the snapshot tries to obtain its lock before the task fails. */
    static final int LOCK_ATTEMPTS = 3;

    static final String QUERY_TIMEOUT_MS_CONFIG = "database.query.timeout.ms";
    private static final String QUERY_TIMEOUT_MS_DOC = "How long the connector waits for the server to answer a "
            + "query (the JDBC socket timeout of every connection; at least snapshot.lock.timeout.ms plus 5 s, so a "
            + "lock wait ends by the server's lock_wait_timeout first). 0 means no limit.";
    static final int QUERY_TIMEOUT_MS_DEFAULT = 600_000;

    private SnapshotLockKeys() {}

    /** Defines the two snapshot-lock keys in {@code snapshotGroup}, continuing its {@code order}. */
    static int defineLockKeys(ConfigDef def, String snapshotGroup, int order) {
        def.define(
                SNAPSHOT_LOCKING_MODE_CONFIG,
                Type.STRING,
                SNAPSHOT_LOCKING_MODE_DEFAULT,
                new SnapshotLockingMode.Validator(),
                Importance.LOW,
                SNAPSHOT_LOCKING_MODE_DOC,
                snapshotGroup,
                ++order,
                Width.SHORT,
                "Snapshot locking mode");
        def.define(
                SNAPSHOT_LOCK_TIMEOUT_MS_CONFIG,
                Type.LONG,
                SNAPSHOT_LOCK_TIMEOUT_MS_DEFAULT,
                ConfigDef.Range.atLeast(1L),
                Importance.MEDIUM,
                SNAPSHOT_LOCK_TIMEOUT_MS_DOC,
                snapshotGroup,
                ++order,
                Width.SHORT,
                "Snapshot lock timeout (ms)");
        return order;
    }

    /** Defines {@code database.query.timeout.ms} in {@code group}, continuing its {@code order}. */
    static int defineQueryTimeout(ConfigDef def, String group, int order) {
        def.define(
                QUERY_TIMEOUT_MS_CONFIG,
                Type.INT,
                QUERY_TIMEOUT_MS_DEFAULT,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                QUERY_TIMEOUT_MS_DOC,
                group,
                ++order,
                Width.SHORT,
                "Query timeout (ms)");
        return order;
    }
}
