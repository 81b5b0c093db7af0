package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.oracle.jdbc.Retry;

/**
 * Table definitions read once and reused by every record of the table, until a DDL on it is seen in the redo. The
 * online catalog gives the current definition, so changes buffered before a DDL are decoded with the new one; see
 * docs/oracle.md.
 */
public final class TableCache {

    private final OracleSchemaReader reader;
    private final Map<TableId, OracleTable> tables = new HashMap<>();

    public TableCache(OracleSchemaReader reader) {
        this.reader = reader;
    }

    public OracleSchemaReader reader() {
        return reader;
    }

    public OracleTable get(Connection c, TableId id) throws SQLException {
        OracleTable t = tables.get(id);
        if (t == null) {
            t = Retry.run(c, "reading the definition of " + id, () -> reader.read(c, id));
            tables.put(id, t);
        }
        return t;
    }

    public void invalidate(TableId id) {
        tables.remove(id);
    }
}
