package io.entitynotifier.connect.common.tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.entitynotifier.connect.common.schema.TableId;

/**
 * What a tenant's connector may read: {@code tenant.isolation} = none | schema | database | server with
 * {@code tenant.scope} naming the tenant's schema or database. Enforced twice: validation rejects an include list
 * that could reach outside the scope, and at run time a table outside it is never captured.
 */
public final class TenantScope {

    /** {@code tenant.isolation} values. */
    public enum Isolation {
        /** No restriction beyond the include lists. */
        NONE,
        /** Only tables in schema {@code tenant.scope} (the namespace part of the table name). */
        SCHEMA,
        /** Only tables in database {@code tenant.scope}. */
        DATABASE,
        /** The whole server belongs to the tenant: no table restriction, but the topic prefix is still checked. */
        SERVER;

        public static Isolation parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    private final Isolation isolation;
    private final String scope;
    private final boolean namespaceIsDatabase;

    /**
     * @param namespaceIsDatabase true for connectors whose two-part table names are {@code database.table} (MySQL),
     *                            false where they are {@code schema.table}
     */
    public TenantScope(Isolation isolation, String scope, boolean namespaceIsDatabase) {
        this.isolation = isolation;
        this.scope = scope;
        this.namespaceIsDatabase = namespaceIsDatabase;
    }

    public boolean restricted() {
        return isolation == Isolation.SCHEMA || isolation == Isolation.DATABASE;
    }

    /**
     * Whether the table is inside the scope. The names are compared exactly, as the database's catalog spells them:
     * PostgreSQL and Oracle quoted identifiers ({@code "Acme"} and {@code acme} are two schemas) and MySQL database
     * names on a server with {@code lower_case_table_names=0} are case-sensitive, so a case-blind comparison would let
     * tenant {@code acme} read schema {@code Acme}. Include lists stay case-insensitive (as Debezium's); this check
     * is what keeps a table of a differently spelled schema out.
     */
    public boolean allows(TableId table) {
        return switch (isolation) {
            case NONE, SERVER -> true;
            case SCHEMA -> scope.equals(table.namespace());
            case DATABASE -> scope.equals(table.catalog());
        };
    }

    /** True when the include-list patterns are written against the scope, i.e. the namespace part is the scope. */
    private boolean patternsNameTheScope() {
        return isolation == Isolation.SCHEMA || (isolation == Isolation.DATABASE && namespaceIsDatabase);
    }

    /**
     * Include-list entries that could match a table outside the scope. An entry is accepted only when it starts with
     * the scope name followed by an escaped dot ({@code tenant_a\.orders}, {@code tenant_a\..*}) or a plain dot.
     */
    public List<String> entriesOutsideScope(List<String> includeList) {
        List<String> bad = new ArrayList<>();
        if (!patternsNameTheScope()) {
            return bad;
        }
        String literal = Pattern.quote(scope);
        for (String e : includeList) {
            String entry = e.trim();
            if (entry.isEmpty()) {
                continue;
            }
            boolean ok = entry.regionMatches(true, 0, scope + "\\.", 0, scope.length() + 2)
                    || entry.startsWith(literal + "\\.")
                    || (entry.regionMatches(true, 0, scope + ".", 0, scope.length() + 1)
                            && scope.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_'));
            if (!ok) {
                bad.add(entry);
            }
        }
        return bad;
    }

    public Isolation isolation() {
        return isolation;
    }

    public String scope() {
        return scope;
    }

    /**
     * With {@code tenant.isolation=database}, the scope must be the database the server reports after connecting
     * (compared exactly: PostgreSQL quoted identifiers are case-sensitive). Names, not data values, are shown.
     *
     * @return the error for {@code tenant.scope}, or null when it holds (or the isolation is not per database)
     */
    public static String connectedDatabaseError(String isolation, String scope, String reported) {
        if (isolation == null || !isolation.trim().equalsIgnoreCase("database") || scope == null) {
            return null;
        }
        if (scope.trim().equals(reported)) {
            return null;
        }
        return "tenant.scope '" + scope.trim() + "' is not the database the connector is connected to: the server "
                + "reports '" + reported + "' (tenant.isolation=database; names are compared exactly, case included)";
    }
}
