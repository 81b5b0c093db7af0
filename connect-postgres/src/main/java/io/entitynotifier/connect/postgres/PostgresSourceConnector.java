package io.entitynotifier.connect.postgres;

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
import io.entitynotifier.connect.common.tenant.TenantConfig;
import io.entitynotifier.connect.postgres.Catalog.CapturedTable;

/**
 * Streams every committed change of the captured PostgreSQL tables through pgoutput logical replication, after an
 * initial snapshot taken consistently with the replication slot. One task: a slot has a single reader.
 */
public final class PostgresSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = new HashMap<>(props);
        new PostgresConnectorConfig(props); // fail fast on bad values
        DebeziumKeys.enforce(DebeziumKeys.Family.POSTGRES, PostgresConnectorConfig.CONFIG_DEF, props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PostgresSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(new HashMap<>(props));
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return PostgresConnectorConfig.CONFIG_DEF;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    /** Adds the server-side checks ({@link ServerChecks}) to the per-key results, once the keys themselves are valid. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = new HashMap<>();
        for (ConfigValue v : result.configValues()) {
            values.put(v.name(), v);
        }
        TenantConfig.validate(connectorConfigs, values, false);
        ColumnConfig.validate(connectorConfigs, result);
        io.entitynotifier.connect.common.signal.SignalConfig.validate(connectorConfigs, values);
        DebeziumKeys.validate(DebeziumKeys.Family.POSTGRES, config(), connectorConfigs, result, values);
        for (ConfigValue v : result.configValues()) {
            if (!v.errorMessages().isEmpty()) {
                return result; // the server cannot be asked with a broken configuration
            }
        }
        PostgresConnectorConfig config = new PostgresConnectorConfig(connectorConfigs);
        PostgresConnections connections = new PostgresConnections(config);
        try (Catalog catalog = new Catalog(connections, config.dbname())) {
            Connection c = catalog.connection();
            String scopeError = PostgresTenantScope.error(c, connectorConfigs);
            if (scopeError != null) {
                CommonSourceConfig.addError(values, TenantConfig.TENANT_SCOPE_CONFIG, scopeError);
            }
            List<CapturedTable> all = catalog.allTables();
            List<CapturedTable> captured = all.stream()
                    .filter(t -> config.tableFilter().includes(t.id()))
                    .toList();
            for (ServerChecks.Problem p : ServerChecks.run(c, config, all, captured, true)) {
                CommonSourceConfig.addError(values, p.key(), p.message());
            }
            String collision = io.entitynotifier.connect.common.schema.SchemaNames.topicCollision(
                    config.topicPrefix(),
                    captured.stream().map(CapturedTable::id).toList());
            if (collision != null) {
                CommonSourceConfig.addError(values, CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG, collision);
            }
        } catch (SQLException e) {
            CommonSourceConfig.addError(
                    values,
                    connectionErrorKey(e),
                    "cannot connect to " + connections.url() + " as " + config.user() + " (sslmode " + config.sslmode()
                            + "): " + e.getMessage());
        }
        return result;
    }

    /**
     * KIP-875 ({@code PATCH /connectors/X/offsets} while stopped): the partition must be {@code {"server":
     * topic.prefix}}; a null offset (reset) is accepted; any other offset must be one {@link PostgresOffset} reads,
     * at an LSN the slot can still serve: a logical slot never rewinds before its {@code confirmed_flush_lsn}, so an
     * earlier LSN is refused rather than silently skipping the changes in between.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        PostgresConnectorConfig config = new PostgresConnectorConfig(connectorConfig);
        String name = String.valueOf(connectorConfig.get("name"));
        java.util.List<Long> lsns = new java.util.ArrayList<>();
        io.entitynotifier.connect.common.offset.OffsetRequest.check(name, config.topicPrefix(), offsets, o -> {
            lsns.add(PostgresOffsetCheck.parse(o));
        });
        if (!lsns.isEmpty()) {
            PostgresOffsetCheck.servable(name, config, lsns.get(0));
        }
        return true;
    }

    /** The key a user would change to cure a failed connection attempt. */
    static String connectionErrorKey(SQLException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.startsWith(io.entitynotifier.connect.common.config.InitialStatements.FAILURE)) {
            return io.entitynotifier.connect.common.config.InitialStatements.CONFIG;
        }
        boolean tls = msg.contains("no encryption") || msg.contains("SSL") || msg.contains("certificate");
        for (Throwable t = e; t != null && !tls; t = t.getCause()) {
            tls = t instanceof javax.net.ssl.SSLException;
        }
        if (tls) {
            return PostgresConnectorConfig.SSLMODE_CONFIG;
        }
        if ("3D000".equals(e.getSQLState())) { // no such database
            return PostgresConnectorConfig.DBNAME_CONFIG;
        }
        // Bad password, no pg_hba.conf entry for the user, no CONNECT privilege on the database.
        if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState()) || "42501".equals(e.getSQLState())) {
            return PostgresConnectorConfig.USER_CONFIG;
        }
        return PostgresConnectorConfig.HOSTNAME_CONFIG;
    }
}
