package io.entitynotifier.connect.sqlite.schema;

import java.util.List;

import io.entitynotifier.connect.common.schema.TableSchema;

/**
 * A captured table: its Connect schema, the types that convert its stored values, and whether it is a rowid table
 * (the snapshot pages through those by rowid, through WITHOUT ROWID tables by primary key).
 */
public record SqliteTable(TableSchema schema, List<SqliteColumnType> types, boolean rowid) {

    public String name() {
        return schema.id().table();
    }

    /**
     * Converts stored values to Connect values; {@code where} names the row in errors (e.g. "change-log seq 42").
     */
    public Object[] convert(Object[] stored, String where) {
        Object[] out = new Object[stored.length];
        for (int i = 0; i < stored.length; i++) {
            try {
                out[i] = types.get(i).convert(stored[i]);
            } catch (IllegalArgumentException e) {
                throw new org.apache.kafka.connect.errors.ConnectException("table " + schema.id() + ", column "
                        + schema.columns().get(i).name() + ", " + where + ": " + e.getMessage());
            }
        }
        return out;
    }
}
