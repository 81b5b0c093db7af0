package io.entitynotifier.connect.common.schema;

import java.util.Objects;

/**
 * Names a captured table. {@code catalog} is the database (MySQL, SQLite file), {@code schema} the namespace inside it
 * (PostgreSQL, Oracle, SQLite's {@code main}); either may be null where the database has no such level.
 * {@link #identifier()} is the two-part name that include/exclude lists and topic names use, as in Debezium:
 * {@code schema.table} where there is a schema, otherwise {@code catalog.table}.
 */
public record TableId(String catalog, String schema, String table) {

    public TableId {
        Objects.requireNonNull(table, "table");
    }

    /** The namespace part of the two-part name: the schema if there is one, otherwise the catalog. */
    public String namespace() {
        return schema != null ? schema : catalog;
    }

    public String identifier() {
        String ns = namespace();
        return ns == null ? table : ns + "." + table;
    }

    @Override
    public String toString() {
        return identifier();
    }
}
