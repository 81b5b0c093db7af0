package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import io.entitynotifier.connect.common.config.ColumnConfig;
import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.config.DebeziumKeys;
import io.entitynotifier.connect.common.event.Version;
import io.entitynotifier.connect.common.schema.SchemaNames;
import io.entitynotifier.connect.common.schema.TableFilter;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.tenant.TenantConfig;

/** Streams committed row changes from Oracle 19c+ with LogMiner; one task per database. */
public final class OracleSourceConnector extends SourceConnector {

    private static final List<String> CONNECTION_KEYS = List.of(
            OracleConnectorConfig.URL_CONFIG,
            OracleConnectorConfig.HOSTNAME_CONFIG,
            OracleConnectorConfig.PORT_CONFIG,
            OracleConnectorConfig.DBNAME_CONFIG,
            OracleConnectorConfig.USER_CONFIG,
            OracleConnectorConfig.PASSWORD_CONFIG,
            OracleConnectorConfig.DIALECT_CONFIG,
            OracleConnectorConfig.PDB_NAME_CONFIG,
            OracleConnectorConfig.SCHEMA_INCLUDE_LIST_CONFIG,
            OracleConnectorConfig.SCHEMA_EXCLUDE_LIST_CONFIG,
            CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG,
            CommonSourceConfig.TABLE_EXCLUDE_LIST_CONFIG,
            CommonSourceConfig.TOPIC_PREFIX_CONFIG);

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new OracleConnectorConfig(props);
        DebeziumKeys.enforce(DebeziumKeys.Family.ORACLE, config(), props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return OracleSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props); // the redo stream is one ordered sequence: one task reads it
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return OracleConnectorConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        Map<String, ConfigValue> values =
                result.configValues().stream().collect(Collectors.toMap(ConfigValue::name, v -> v));
        OracleConnectorConfig.validateFields(connectorConfigs, values);
        TenantConfig.validate(connectorConfigs, values, false);
        ColumnConfig.validate(connectorConfigs, result);
        DebeziumKeys.validate(DebeziumKeys.Family.ORACLE, config(), connectorConfigs, result, values);
        // Only worth connecting when the settings that connect and select tables are sound.
        boolean clean = CONNECTION_KEYS.stream().noneMatch(k -> CommonSourceConfig.hasErrors(values, k));
        if (clean) {
            OracleConnectorConfig config;
            try {
                config = new OracleConnectorConfig(connectorConfigs);
            } catch (ConfigException e) {
                return result; // another key is invalid and already carries its error
            }
            checkDatabase(config, values);
        }
        return result;
    }

    /** Connects and checks that the include lists name something; errors go to the key that needs changing. */
    private static void checkDatabase(OracleConnectorConfig config, Map<String, ConfigValue> values) {
        String urlKey = config.getString(OracleConnectorConfig.URL_CONFIG) != null
                ? OracleConnectorConfig.URL_CONFIG
                : OracleConnectorConfig.HOSTNAME_CONFIG;
        try (Connection c = OracleConnections.open(config)) {
            if (config.pdbName() != null) {
                try {
                    config.dialect().switchContainer(c, config.pdbName());
                } catch (SQLException e) {
                    CommonSourceConfig.addError(
                            values,
                            OracleConnectorConfig.PDB_NAME_CONFIG,
                            "cannot switch to " + "container " + config.pdbName() + ": " + e.getMessage());
                    return;
                }
            }
            OracleSchemaReader reader = new OracleSchemaReader(
                    config.topicPrefix(),
                    "db",
                    config.tableFilter(),
                    config.schemaFilter(),
                    config.decimalHandlingMode(),
                    config.unavailablePlaceholder(),
                    null);
            reader.ignore(c.getSchema(), config.flushTable());
            List<TableId> all = reader.allTables(c);
            SchemaFilter schemas = config.schemaFilter();
            for (String re : schemas.includeList()) {
                SchemaFilter one = new SchemaFilter(List.of(re), List.of());
                if (all.stream().noneMatch(t -> one.includes(t.schema()))) {
                    CommonSourceConfig.addError(
                            values,
                            OracleConnectorConfig.SCHEMA_INCLUDE_LIST_CONFIG,
                            "'" + re + "' matches no schema with tables visible to " + config.user());
                }
            }
            List<TableId> inSchemas =
                    all.stream().filter(t -> schemas.includes(t.schema())).toList();
            TableFilter filter = config.tableFilter();
            for (String re : filter.unmatchedIncludes(inSchemas)) {
                CommonSourceConfig.addError(
                        values,
                        CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG,
                        "'" + re + "' matches no table in the captured schemas");
            }
            List<TableId> captured = inSchemas.stream().filter(reader::captures).toList();
            String collision = SchemaNames.topicCollision(config.topicPrefix(), captured);
            if (collision != null) {
                CommonSourceConfig.addError(values, CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG, collision);
            }
            List<TableId> missing = SupplementalLogging.missingAllColumns(c, captured);
            if (!missing.isEmpty()) {
                CommonSourceConfig.addError(
                        values,
                        CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG,
                        SupplementalLogging.advice(missing) + ", or leave them out of the captured tables");
            }
        } catch (SQLException e) {
            CommonSourceConfig.addError(
                    values,
                    urlKey,
                    "cannot connect to " + config.jdbcUrl() + " as " + config.user() + ": " + e.getMessage());
        }
    }

    /**
     * KIP-875 ({@code PATCH /connectors/X/offsets} while stopped): the partition must be {@code {"server":
     * topic.prefix}}; a null offset (reset) is accepted; any other offset must be one {@link OracleOffset} reads
     * ({@code scn} and {@code commit_scn}, both required: whole numbers or their decimal text, as Debezium writes them). Whether the
     * archived logs still reach back to {@code scn} is not checked here: the task reports it when it starts.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        String prefix = new OracleConnectorConfig(connectorConfig).topicPrefix();
        return io.entitynotifier.connect.common.offset.OffsetRequest.check(
                String.valueOf(connectorConfig.get("name")), prefix, offsets, OracleSourceConnector::checkOffset);
    }

    private static void checkOffset(Map<String, ?> o) {
        for (String f : List.of(OracleOffset.SCN, OracleOffset.COMMIT_SCN)) {
            if (o.get(f) == null) {
                throw new IllegalArgumentException("field '" + f + "' is required (an SCN)");
            }
        }
        for (String f : List.of(
                OracleOffset.SCN, OracleOffset.COMMIT_SCN, OracleOffset.TX_COMMIT_SCN, OracleOffset.SNAPSHOT_SCN)) {
            Object v = o.get(f);
            boolean ok = v == null
                    || v instanceof Long
                    || v instanceof Integer
                    || (v instanceof String t && t.matches("\\d{1,19}"));
            if (!ok) {
                throw new IllegalArgumentException(
                        "field '" + f + "' must be an SCN (a whole number or its decimal" + " text), not "
                                + (v instanceof String t
                                        ? "'" + t + "'"
                                        : "a " + v.getClass().getSimpleName()));
            }
        }
        for (String f : List.of(
                OracleOffset.COMMIT_TXIDS,
                OracleOffset.TX_ID,
                OracleOffset.SNAPSHOT_TABLE,
                OracleOffset.SNAPSHOT_KEY,
                OracleOffset.SNAPSHOT_ROWID)) {
            io.entitynotifier.connect.common.offset.OffsetRequest.optionalString(o, f);
        }
        Long events = io.entitynotifier.connect.common.offset.OffsetRequest.optionalLong(o, OracleOffset.TX_EVENTS);
        if (events != null && events < 0) {
            throw new IllegalArgumentException("field '" + OracleOffset.TX_EVENTS + "' must be at least 0");
        }
        try {
            OracleOffset.fromMap(o);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "the offset cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }
}
