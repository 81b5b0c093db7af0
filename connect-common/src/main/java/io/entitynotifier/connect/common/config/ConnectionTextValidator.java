package io.entitynotifier.connect.common.config;

import java.util.regex.Pattern;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Host names and database (or service) names that end up inside a JDBC URL must not carry URL syntax: a
 * {@code database.dbname} of {@code db?sslmode=disable} would otherwise downgrade TLS through the driver's URL
 * parsing, and URL parameters such as {@code socketFactory} can make the driver load classes. A tenant's config must
 * not be able to set connection options the operator did not offer as keys.
 */
public final class ConnectionTextValidator implements ConfigDef.Validator {

    /** Host names, IPv4 addresses and IPv6 addresses, bracketed or not. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[?[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?]?");

    /** Characters that a URL's path, query or parameter syntax gives a meaning to. */
    private static final Pattern URL_SYNTAX = Pattern.compile("[?&;/#%=@\\\\\\s\\p{Cntrl}]");

    private final boolean host;

    private ConnectionTextValidator(boolean host) {
        this.host = host;
    }

    /** For {@code database.hostname}. */
    public static ConnectionTextValidator hostname() {
        return new ConnectionTextValidator(true);
    }

    /** For {@code database.dbname} (a database or service name). */
    public static ConnectionTextValidator databaseName() {
        return new ConnectionTextValidator(false);
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        String s = value.toString();
        if (host ? !HOST.matcher(s).matches() : URL_SYNTAX.matcher(s).find()) {
            throw new ConfigException(
                    name,
                    s,
                    host
                            ? "must be a host name or an IP address (letters, digits, '.', '-', '_', or an IPv6 "
                                    + "address); URL syntax such as '/', '?', '&' or ';' could set connection options"
                            : "must not contain '?', '&', ';', '/', '#', '%', '=', '@', '\\', spaces or control "
                                    + "characters: they would be read as URL syntax and could set connection options "
                                    + "(for example turn TLS off)");
        }
    }

    @Override
    public String toString() {
        return host ? "a host name or IP address, no URL syntax" : "a name without URL syntax (? & ; / # % = @)";
    }
}
