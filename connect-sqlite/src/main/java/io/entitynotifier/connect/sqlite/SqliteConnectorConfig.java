package io.entitynotifier.connect.sqlite;

import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import io.entitynotifier.connect.common.config.CommonSourceConfig;

/** Configuration of the SQLite connector: the common keys plus the database file, snapshot mode and log purge. */
public final class SqliteConnectorConfig extends CommonSourceConfig {

    public static final String GROUP_SQLITE = "SQLite";

    public static final String DATABASE_PATH_CONFIG = "database.path";
    private static final String DATABASE_PATH_DOC = "Path of the SQLite database file, as the Connect worker sees "
            + "it. The file must exist; the connector switches it to WAL mode and installs its change-log table and "
            + "triggers in it. When the worker's operator policy sets sqlite.allowed.dirs, the path must resolve "
            + "(symbolic links followed) inside one of those directories, or validation and task start refuse it.";

    public static final String SNAPSHOT_MODE_CONFIG = "snapshot.mode";
    private static final String SNAPSHOT_MODE_DOC = "'initial': on first start, emit every existing row (op=r) "
            + "and then stream changes from exactly the point the snapshot saw; 'never': only stream changes made "
            + "after the connector first started; 'initial_only': emit the snapshot and stream nothing.";
    public static final String SNAPSHOT_MODE_DEFAULT = "initial";

    public static final String CHANGELOG_PURGE_CONFIG = "changelog.purge.enabled";
    private static final String CHANGELOG_PURGE_DOC = "Delete change-log rows once Kafka Connect has committed "
            + "their offsets, so the change-log table does not grow without bound. Disable to keep the full log "
            + "(for example to replay it with a new connector name).";

    /** What {@code snapshot.mode} asks for. */
    public enum SnapshotMode {
        INITIAL,
        NEVER,
        INITIAL_ONLY;

        static SnapshotMode parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    public static final ConfigDef CONFIG_DEF = configDef();

    public SqliteConnectorConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    public static ConfigDef configDef() {
        ConfigDef def = CommonSourceConfig.configDef();
        int order = 0;
        def.define(
                DATABASE_PATH_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new ConfigDef.NonEmptyString(),
                Importance.HIGH,
                DATABASE_PATH_DOC,
                GROUP_SQLITE,
                ++order,
                Width.LONG,
                "Database file");
        def.define(
                SNAPSHOT_MODE_CONFIG,
                Type.STRING,
                SNAPSHOT_MODE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("initial", "never", "initial_only"),
                Importance.MEDIUM,
                SNAPSHOT_MODE_DOC,
                GROUP_SQLITE,
                ++order,
                Width.SHORT,
                "Snapshot mode");
        def.define(
                CHANGELOG_PURGE_CONFIG,
                Type.BOOLEAN,
                true,
                Importance.LOW,
                CHANGELOG_PURGE_DOC,
                GROUP_SQLITE,
                ++order,
                Width.SHORT,
                "Purge the change log");
        io.entitynotifier.connect.common.signal.SignalConfig.define(def);
        return def;
    }

    public String databasePath() {
        return getString(DATABASE_PATH_CONFIG);
    }

    public SnapshotMode snapshotMode() {
        return SnapshotMode.parse(getString(SNAPSHOT_MODE_CONFIG));
    }

    public boolean purgeChangeLog() {
        return getBoolean(CHANGELOG_PURGE_CONFIG);
    }
}
