package io.entitynotifier.connect.common.config;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/**
 * The keys of a connector that reads a database server over the network (PostgreSQL, MySQL): where it is and whom to
 * connect as, under Debezium's names.
 */
public class ServerSourceConfig extends CommonSourceConfig {

    public static final String HOSTNAME_CONFIG = "database.hostname";
    public static final String PORT_CONFIG = "database.port";
    public static final String USER_CONFIG = "database.user";
    public static final String PASSWORD_CONFIG = "database.password";
    private static final String PASSWORD_DOC = "Password of database.user.";

    public ServerSourceConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, originals);
    }

    /**
     * Defines host, port, user and password as the first keys of {@code group}.
     *
     * @param server  the server's name in the documentation, e.g. {@code PostgreSQL}
     * @param userDoc what the user needs (its grants differ per database)
     * @return the last order number used in {@code group}
     */
    public static int defineServerKeys(ConfigDef def, String group, String server, int defaultPort, String userDoc) {
        int o = 0;
        def.define(
                HOSTNAME_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                ConfigDef.CompositeValidator.of(new ConfigDef.NonEmptyString(), ConnectionTextValidator.hostname()),
                Importance.HIGH,
                "Host name or IP address of the " + server + " server.",
                group,
                ++o,
                Width.MEDIUM,
                "Host");
        def.define(
                PORT_CONFIG,
                Type.INT,
                defaultPort,
                ConfigDef.Range.between(1, 65535),
                Importance.HIGH,
                "Port of the " + server + " server.",
                group,
                ++o,
                Width.SHORT,
                "Port");
        def.define(
                USER_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new ConfigDef.NonEmptyString(),
                Importance.HIGH,
                userDoc,
                group,
                ++o,
                Width.MEDIUM,
                "User");
        def.define(
                PASSWORD_CONFIG,
                Type.PASSWORD,
                "",
                Importance.HIGH,
                PASSWORD_DOC,
                group,
                ++o,
                Width.MEDIUM,
                "Password");
        InitialStatements.define(def, group, ++o);
        return o;
    }

    /** database.initial.statements, as given. */
    public String initialStatements() {
        return getString(InitialStatements.CONFIG);
    }

    public String hostname() {
        return getString(HOSTNAME_CONFIG);
    }

    public int port() {
        return getInt(PORT_CONFIG);
    }

    public String user() {
        return getString(USER_CONFIG);
    }

    public String password() {
        Password p = getPassword(PASSWORD_CONFIG);
        return p == null ? "" : p.value();
    }
}
