package io.entitynotifier.connect.common.snapshot;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Debezium's {@code snapshot.max.threads}, for the connectors whose initial snapshot reads chunks in parallel (each
 * calls {@link #define} from its own {@code ConfigDef}: a connector that does not, refuses the key at validate).
 */
public final class SnapshotThreadsConfig {

    public static final String MAX_THREADS_CONFIG = "snapshot.max.threads";
    /** Most threads a task may use; each holds a database connection for the snapshot's length. */
    public static final int MAX_THREADS = 32;

    private static final String MAX_THREADS_DOC = "Threads (each with its own database connection on the same "
            + "consistent snapshot) that read the initial snapshot's chunks at once: the chunks of several tables, "
            + "and primary-key ranges (or ctid / ROWID ranges) of one large table. Records are still emitted in the "
            + "order a single thread reads them, so the snapshot stays resumable from the last committed chunk and "
            + "exactly once; at most 2 x snapshot.max.threads chunks are held in memory. Default 1, as Debezium's.";

    private SnapshotThreadsConfig() {}

    public static void define(ConfigDef def, String group, int order) {
        def.define(
                MAX_THREADS_CONFIG,
                Type.INT,
                1,
                ConfigDef.Range.between(1, MAX_THREADS),
                Importance.MEDIUM,
                MAX_THREADS_DOC,
                group,
                order,
                Width.SHORT,
                "Snapshot threads");
    }

    public static int threads(AbstractConfig config) {
        return config.getInt(MAX_THREADS_CONFIG);
    }

    /** Chunks read ahead of the one being emitted, for {@code threads} threads. */
    public static int readAhead(int threads) {
        return 2 * threads;
    }
}
