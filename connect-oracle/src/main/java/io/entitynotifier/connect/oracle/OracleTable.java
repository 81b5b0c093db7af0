package io.entitynotifier.connect.oracle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.entitynotifier.connect.common.schema.TableSchema;

/**
 * One captured table at one version of its definition: the shared {@link TableSchema} plus the captured columns in
 * the same order, looked up by the names LogMiner writes. Built once by {@link OracleSchemaReader} and cached.
 */
public final class OracleTable {

    private final TableSchema schema;
    private final List<CapturedColumn> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private final Set<String> excluded;

    public OracleTable(TableSchema schema, List<CapturedColumn> columns, Set<String> excludedColumns) {
        this.schema = schema;
        this.columns = List.copyOf(columns);
        this.excluded = Set.copyOf(excludedColumns);
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).name(), i);
        }
    }

    public TableSchema schema() {
        return schema;
    }

    public List<CapturedColumn> columns() {
        return columns;
    }

    /** Position of a captured column, or -1. */
    public int indexOf(String column) {
        Integer i = index.get(column);
        return i == null ? -1 : i;
    }

    /** Columns left out by column.exclude.list (or of unsupported types the user excluded): their values are ignored. */
    public boolean isExcluded(String column) {
        return excluded.contains(column);
    }

    public List<CapturedColumn> keyColumns() {
        return columns.stream().filter(c -> c.column().primaryKey()).toList();
    }
}
