package io.entitynotifier.connect.mysql;

import java.sql.Connection;
import java.sql.SQLException;
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
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.tenant.TenantConfig;
import io.entitynotifier.connect.mysql.schema.InformationSchemaReader;
import io.entitynotifier.connect.mysql.server.ServerConnections;
import io.entitynotifier.connect.mysql.server.ServerInfo;
import io.entitynotifier.connect.mysql.server.ServerSetupCheck;

/**
 * Streams the committed changes of MySQL 8 and MariaDB 10.5+ tables from the binlog, after an optional consistent
 * snapshot. One task: the binlog is one ordered stream.
 */
public final class MySqlSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new MySqlConnectorConfig(props); // fail fast on a bad config
        DebeziumKeys.enforce(DebeziumKeys.Family.MYSQL, config(), props);
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MySqlSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return MySqlConnectorConfig.configDef();
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED; // every offset is a unique binlog (or snapshot) resume point
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    /**
     * KIP-875 ({@code PATCH /connectors/X/offsets} while stopped): the partition must be {@code {"server":
     * topic.prefix}}; a null offset (reset) is accepted; any other offset must be one {@link BinlogPosition} reads,
     * at a position the server can still serve (see {@link MySqlOffsetCheck#servable}).
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        MySqlConnectorConfig config = new MySqlConnectorConfig(connectorConfig);
        String name = String.valueOf(connectorConfig.get("name"));
        List<BinlogPosition> positions = new java.util.ArrayList<>();
        io.entitynotifier.connect.common.offset.OffsetRequest.check(name, config.topicPrefix(), offsets, o -> {
            positions.add(MySqlOffsetCheck.parse(o));
        });
        for (BinlogPosition p : positions) {
            MySqlOffsetCheck.servable(name, config, p);
        }
        return true;
    }

    /** Besides the per-key checks: connects to the server and reports setup problems on the key they concern. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = new HashMap<>();
        for (ConfigValue v : result.configValues()) {
            values.put(v.name(), v);
        }
        TenantConfig.validate(connectorConfigs, values, true);
        ColumnConfig.validate(connectorConfigs, result);
        DebeziumKeys.validate(DebeziumKeys.Family.MYSQL, config(), connectorConfigs, result, values);
        for (String key : List.of(
                MySqlConnectorConfig.HOSTNAME_CONFIG,
                MySqlConnectorConfig.PORT_CONFIG,
                MySqlConnectorConfig.USER_CONFIG,
                MySqlConnectorConfig.PASSWORD_CONFIG,
                MySqlConnectorConfig.SERVER_ID_CONFIG,
                CommonSourceConfig.TOPIC_PREFIX_CONFIG,
                MySqlConnectorConfig.SSL_MODE_CONFIG)) {
            if (CommonSourceConfig.hasErrors(values, key)) {
                return result; // no point connecting with a broken connection config
            }
        }
        MySqlConnectorConfig config;
        try {
            config = new MySqlConnectorConfig(connectorConfigs);
        } catch (RuntimeException e) {
            return result;
        }
        try (Connection c = new ServerConnections(config).open()) {
            ServerInfo info = ServerInfo.read(c);
            for (ServerSetupCheck.Problem p : ServerSetupCheck.check(c, info, config.serverId())) {
                CommonSourceConfig.addError(values, p.key(), p.message());
            }
            List<String> databases = new java.util.ArrayList<>();
            try (var st = c.createStatement();
                    var rs = st.executeQuery("SELECT SCHEMA_NAME FROM " + "information_schema.SCHEMATA")) {
                while (rs.next()) {
                    databases.add(rs.getString(1));
                }
            }
            for (String p : config.getList(MySqlConnectorConfig.DATABASE_INCLUDE_LIST_CONFIG)) {
                java.util.regex.Pattern pattern =
                        java.util.regex.Pattern.compile(p.trim(), java.util.regex.Pattern.CASE_INSENSITIVE);
                if (!p.isBlank()
                        && databases.stream().noneMatch(d -> pattern.matcher(d).matches())) {
                    CommonSourceConfig.addError(
                            values,
                            MySqlConnectorConfig.DATABASE_INCLUDE_LIST_CONFIG,
                            "'" + p.trim() + "' matches no database on the server");
                }
            }
            InformationSchemaReader schemas =
                    new InformationSchemaReader(config.topicPrefix(), config.capturedTables(), null, null);
            List<TableId> tables = schemas.allTables(c).stream()
                    .filter(t -> config.includesDatabase(t.catalog()))
                    .toList();
            for (String unmatched : config.tableFilter().unmatchedIncludes(tables)) {
                CommonSourceConfig.addError(
                        values,
                        CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG,
                        "'" + unmatched + "' matches no table in the captured databases");
            }
            String collision = io.entitynotifier.connect.common.schema.SchemaNames.topicCollision(
                    config.topicPrefix(),
                    tables.stream().filter(config.capturedTables()::includes).toList());
            if (collision != null) {
                CommonSourceConfig.addError(values, CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG, collision);
            }
        } catch (SQLException e) {
            String key = String.valueOf(e.getMessage())
                            .startsWith(io.entitynotifier.connect.common.config.InitialStatements.FAILURE)
                    ? io.entitynotifier.connect.common.config.InitialStatements.CONFIG
                    : e.getErrorCode() == 1045
                            ? MySqlConnectorConfig.PASSWORD_CONFIG
                            : MySqlConnectorConfig.HOSTNAME_CONFIG;
            CommonSourceConfig.addError(
                    values,
                    key,
                    "cannot connect to " + config.hostname() + ":" + config.port() + " as " + config.user() + ": "
                            + e.getMessage());
        } catch (RuntimeException e) {
            CommonSourceConfig.addError(values, MySqlConnectorConfig.HOSTNAME_CONFIG, e.getMessage());
        }
        return result;
    }
}
