package io.entitynotifier.connect.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import io.entitynotifier.connect.common.config.ColumnConfig;
import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.config.DebeziumKeys;
import io.entitynotifier.connect.common.event.Version;
import io.entitynotifier.connect.common.offset.OffsetRequest;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.tenant.OperatorPolicy;
import io.entitynotifier.connect.common.tenant.TenantConfig;
import io.entitynotifier.connect.sqlite.changelog.ConnectorRegistry;
import io.entitynotifier.connect.sqlite.changelog.LogLayout;
import io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader;

/**
 * Streams row changes of an SQLite database file into Kafka. One task: SQLite has a single writer, and the change
 * log's sequence orders all changes of the file.
 */
public class SqliteSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new SqliteConnectorConfig(props); // fail fast on bad values
        DebeziumKeys.enforce(DebeziumKeys.Family.SQLITE, config(), props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SqliteSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return SqliteConnectorConfig.CONFIG_DEF;
    }

    /** Adds what only the database can tell: the file exists, and each include pattern names a table in it. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = new HashMap<>();
        for (ConfigValue v : config.configValues()) {
            values.put(v.name(), v);
        }
        TenantConfig.validate(connectorConfigs, values, false);
        ColumnConfig.validate(connectorConfigs, config);
        DebeziumKeys.validate(DebeziumKeys.Family.SQLITE, config(), connectorConfigs, config, values);
        SqliteSignalTable.validate(connectorConfigs, values);
        if (CommonSourceConfig.hasErrors(values, SqliteConnectorConfig.DATABASE_PATH_CONFIG)
                || connectorConfigs.get(SqliteConnectorConfig.DATABASE_PATH_CONFIG) == null) {
            return config;
        }
        String outside;
        try {
            outside = SqliteAllowedDirs.problem(
                    OperatorPolicy.current(),
                    connectorConfigs.get(SqliteConnectorConfig.DATABASE_PATH_CONFIG),
                    connectorConfigs.getOrDefault(TenantConfig.TENANT_ID_CONFIG, ""));
        } catch (IllegalStateException e) {
            outside = e.getMessage(); // the operator's policy cannot be read: open nothing
        }
        if (outside != null) {
            CommonSourceConfig.addError(values, SqliteConnectorConfig.DATABASE_PATH_CONFIG, outside);
            return config;
        }
        SqliteDatabase db = new SqliteDatabase(connectorConfigs.get(SqliteConnectorConfig.DATABASE_PATH_CONFIG));
        String problem = db.problem();
        if (problem != null) {
            CommonSourceConfig.addError(values, SqliteConnectorConfig.DATABASE_PATH_CONFIG, problem);
            return config;
        }
        if (CommonSourceConfig.hasErrors(values, CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG)) {
            return config;
        }
        try (Connection c = db.open()) {
            SqliteConnectorConfig parsed = new SqliteConnectorConfig(withDefaults(connectorConfigs));
            String dbName = db.path().getFileName().toString();
            List<TableId> tables = new ArrayList<>();
            for (String t : SqliteSchemaReader.userTables(c)) {
                tables.add(SqliteSchemaReader.tableId(dbName, t));
            }
            String conflict = connectorConfigs.get(CommonSourceConfig.TOPIC_PREFIX_CONFIG) == null
                    ? null
                    : ConnectorRegistry.conflict(
                            c,
                            LogLayout.of(parsed.topicPrefix(), connectorConfigs.get("name")),
                            connectorConfigs.get("name") != null);
            if (conflict != null) {
                CommonSourceConfig.addError(values, CommonSourceConfig.TOPIC_PREFIX_CONFIG, conflict);
            }
            List<String> unmatched = parsed.tableFilter().unmatchedIncludes(tables);
            if (!unmatched.isEmpty()) {
                CommonSourceConfig.addError(
                        values,
                        CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG,
                        "no table matches " + unmatched + " in " + db.path() + "; tables are named main.<table>: "
                                + tables.stream().map(TableId::identifier).toList());
            }
            String collision = io.entitynotifier.connect.common.schema.SchemaNames.topicCollision(
                    parsed.topicPrefix(),
                    tables.stream().filter(parsed.tableFilter()::includes).toList());
            if (collision != null) {
                CommonSourceConfig.addError(values, CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG, collision);
            }
        } catch (SQLException | RuntimeException e) {
            CommonSourceConfig.addError(
                    values,
                    SqliteConnectorConfig.DATABASE_PATH_CONFIG,
                    "cannot read " + db.path() + ": " + e.getMessage());
        }
        return config;
    }

    /** Validation runs before defaults apply; a missing topic.prefix is already reported, so any value will do. */
    private static Map<String, String> withDefaults(Map<String, String> configs) {
        Map<String, String> m = new HashMap<>(configs);
        m.putIfAbsent(CommonSourceConfig.TOPIC_PREFIX_CONFIG, "validation");
        return m;
    }

    /**
     * KIP-875 ({@code PATCH /connectors/X/offsets} while stopped): the partition must be {@code {"server":
     * topic.prefix}}; a null offset (reset) is accepted; any other offset must be one {@link SqlitePosition} reads
     * ({@code seq}, and while snapshotting {@code snapshot}, {@code snapshot_table}, {@code snapshot_after}).
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        String prefix = new SqliteConnectorConfig(connectorConfig).topicPrefix();
        return io.entitynotifier.connect.common.offset.OffsetRequest.check(
                String.valueOf(connectorConfig.get("name")), prefix, offsets, SqliteSourceConnector::checkOffset);
    }

    private static void checkOffset(Map<String, ?> o) {
        OffsetRequest.onlyFields(
                o,
                List.of(
                        SqlitePosition.SEQ,
                        SqlitePosition.SNAPSHOT,
                        SqlitePosition.SNAPSHOT_TABLE,
                        SqlitePosition.SNAPSHOT_AFTER));
        OffsetRequest.requiredLong(o, SqlitePosition.SEQ, 0);
        if (Boolean.TRUE.equals(OffsetRequest.optionalBoolean(o, SqlitePosition.SNAPSHOT))) {
            OffsetRequest.requiredString(o, SqlitePosition.SNAPSHOT_TABLE);
            String after = OffsetRequest.optionalString(o, SqlitePosition.SNAPSHOT_AFTER);
            try {
                SnapshotKey.decode(after);
            } catch (RuntimeException e) {
                // The key holds row values: never repeated in the message.
                throw new IllegalArgumentException(
                        "field '" + SqlitePosition.SNAPSHOT_AFTER + "' is not a key this connector wrote");
            }
        }
        SqlitePosition.fromOffset(o);
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Every record's offset is a change-log sequence number (or a snapshot key): a unique resume point.
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
