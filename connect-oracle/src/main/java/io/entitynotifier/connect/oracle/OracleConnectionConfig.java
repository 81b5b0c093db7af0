package io.entitynotifier.connect.oracle;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import io.entitynotifier.connect.common.config.ConnectionTextValidator;

/**
 * The connection keys of {@link OracleConnectorConfig} (first in its "Database" group): listener, service, login,
 * JDBC URL, pluggable database and the dialect class.
 */
public final class OracleConnectionConfig {

    public static final String HOSTNAME_CONFIG = "database.hostname";
    private static final String HOSTNAME_DOC = "Host of the Oracle listener. Required unless database.url is set.";
    public static final String PORT_CONFIG = "database.port";
    private static final String PORT_DOC = "Port of the Oracle listener.";
    public static final int PORT_DEFAULT = 1521;
    public static final String DBNAME_CONFIG = "database.dbname";
    private static final String DBNAME_DOC = "Service name to connect to (with database.hostname), also written to "
            + "source.db. Without it, source.db is the NAME from V$DATABASE.";
    public static final String USER_CONFIG = "database.user";
    private static final String USER_DOC = "User the connector logs in as; see docs/oracle.md for its privileges.";
    public static final String PASSWORD_CONFIG = "database.password";
    private static final String PASSWORD_DOC = "Password of database.user.";
    public static final String URL_CONFIG = "database.url";
    private static final String URL_DOC = "Full JDBC URL, instead of database.hostname/port/dbname (for example a "
            + "TNS descriptor: jdbc:oracle:thin:@(DESCRIPTION=...)).";
    public static final String PDB_NAME_CONFIG = "database.pdb.name";
    private static final String PDB_NAME_DOC = "In a multitenant database: the pluggable database to capture. The "
            + "connector then logs in to the container database (CDB$ROOT, where LogMiner runs), mines only redo of "
            + "this PDB (SRC_CON_NAME) and reads the dictionary and snapshot inside it (ALTER SESSION SET CONTAINER). "
            + "Also written to source.db. Leave empty for a non-CDB.";
    public static final String DIALECT_CONFIG = "database.dialect.class";
    private static final String DIALECT_DOC = "Implementation of io.entitynotifier.connect.oracle.OracleDialect that "
            + "issues the Oracle-only SQL (LogMiner session control, AS OF SCN). Only tests change it.";
    public static final String DIALECT_DEFAULT = OracleDatabaseDialect.class.getName();

    private OracleConnectionConfig() {}

    /** Defines the connection keys, first in the "Database" group; returns the last order number used. */
    static int define(ConfigDef def) {
        int o = 0;
        def.define(
                HOSTNAME_CONFIG,
                Type.STRING,
                null,
                ConnectionTextValidator.hostname(),
                Importance.HIGH,
                HOSTNAME_DOC,
                OracleConnectorConfig.GROUP_DATABASE,
                ++o,
                Width.MEDIUM,
                "Hostname");
        def.define(
                PORT_CONFIG,
                Type.INT,
                PORT_DEFAULT,
                ConfigDef.Range.between(1, 65535),
                Importance.HIGH,
                PORT_DOC,
                OracleConnectorConfig.GROUP_DATABASE,
                ++o,
                Width.SHORT,
                "Port");
        def.define(
                DBNAME_CONFIG,
                Type.STRING,
                null,
                ConnectionTextValidator.databaseName(),
                Importance.HIGH,
                DBNAME_DOC,
                OracleConnectorConfig.GROUP_DATABASE,
                ++o,
                Width.MEDIUM,
                "Service name");
        def.define(
                USER_CONFIG,
                Type.STRING,
                null,
                Importance.HIGH,
                USER_DOC,
                OracleConnectorConfig.GROUP_DATABASE,
                ++o,
                Width.MEDIUM,
                "User");
        def.define(
                PASSWORD_CONFIG,
                Type.PASSWORD,
                null,
                Importance.HIGH,
                PASSWORD_DOC,
                OracleConnectorConfig.GROUP_DATABASE,
                ++o,
                Width.MEDIUM,
                "Password");
        def.define(
                URL_CONFIG,
                Type.STRING,
                null,
                Importance.MEDIUM,
                URL_DOC,
                OracleConnectorConfig.GROUP_DATABASE,
                ++o,
                Width.LONG,
                "JDBC URL");
        def.define(
                PDB_NAME_CONFIG,
                Type.STRING,
                null,
                Importance.HIGH,
                PDB_NAME_DOC,
                OracleConnectorConfig.GROUP_DATABASE,
                ++o,
                Width.MEDIUM,
                "PDB name");
        def.define(
                DIALECT_CONFIG,
                Type.STRING,
                DIALECT_DEFAULT,
                new ConfigDef.NonEmptyString(),
                Importance.LOW,
                DIALECT_DOC,
                OracleConnectorConfig.GROUP_DATABASE,
                ++o,
                Width.LONG,
                "Dialect");
        return o;
    }
}
