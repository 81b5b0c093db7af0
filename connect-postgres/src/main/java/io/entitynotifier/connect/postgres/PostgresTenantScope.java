package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;

import io.entitynotifier.connect.common.tenant.TenantConfig;
import io.entitynotifier.connect.common.tenant.TenantScope;

/** {@code tenant.scope} against {@code current_database()}, at validate and at task start. */
final class PostgresTenantScope {

    private PostgresTenantScope() {}

    static String error(Connection c, Map<String, String> props) throws SQLException {
        String isolation = props.get(TenantConfig.TENANT_ISOLATION_CONFIG);
        if (isolation == null || !isolation.trim().equalsIgnoreCase("database")) {
            return null;
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            return TenantScope.connectedDatabaseError(
                    isolation, props.get(TenantConfig.TENANT_SCOPE_CONFIG), rs.getString(1));
        }
    }

    static void checkAtStart(Catalog catalog, Map<String, String> props) {
        String e;
        try {
            e = error(catalog.connection(), props);
        } catch (SQLException ex) {
            catalog.close();
            throw new ConnectException("cannot read current_database() to check tenant.scope: " + ex.getMessage(), ex);
        }
        if (e != null) {
            catalog.close();
            throw new ConfigException(TenantConfig.TENANT_SCOPE_CONFIG, props.get(TenantConfig.TENANT_SCOPE_CONFIG), e);
        }
    }
}
