package io.entitynotifier.connect.mysql;

import java.util.Locale;

import com.github.shyiko.mysql.binlog.network.SSLMode;

/** {@code database.ssl.mode}, Debezium's values, mapped to the binlog client and the JDBC driver. */
public enum SslMode {
    DISABLED("disable"),
    PREFERRED("trust"),
    REQUIRED("trust"),
    VERIFY_CA("verify-ca"),
    VERIFY_IDENTITY("verify-full");

    private final String jdbcMode;

    SslMode(String jdbcMode) {
        this.jdbcMode = jdbcMode;
    }

    public static SslMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public SSLMode binlogMode() {
        return SSLMode.valueOf(name());
    }

    /** The MariaDB driver's {@code sslMode}. Its 'trust' requires TLS; 'preferred' has no driver equivalent. */
    public String jdbcMode() {
        return jdbcMode;
    }

    public boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_IDENTITY;
    }
}
