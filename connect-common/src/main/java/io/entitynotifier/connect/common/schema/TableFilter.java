package io.entitynotifier.connect.common.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.entitynotifier.connect.common.tenant.TenantScope;

/**
 * What a connector captures and how its columns appear, as Debezium's filters: {@code schema.include.list} /
 * {@code schema.exclude.list} (matched against the schema name), {@code table.include.list} /
 * {@code table.exclude.list} (against the whole two-part name {@code schema.table} or {@code database.table}),
 * {@code column.include.list} / {@code column.exclude.list} (against the three-part column name), all
 * case-insensitive regular expressions matching the whole name; plus the column mappers ({@link ColumnMappers}) and
 * {@code message.key.columns} ({@link KeyColumns}) that {@link TableSchema} applies. An empty include list means all.
 *
 * <p>Connectors keep a column in their rows when {@link #includesColumn} says so or it is a primary-key column;
 * {@link TableSchema} then leaves value-excluded key columns out of the value, as Debezium does.
 */
public final class TableFilter {

    private final List<Pattern> include;
    private final List<Pattern> exclude;
    private final List<Pattern> columnInclude;
    private final List<Pattern> columnExclude;
    private final List<Pattern> schemaInclude;
    private final List<Pattern> schemaExclude;
    private final TenantScope scope;
    private final ColumnMappers mappers;
    private final KeyColumns keyColumns;

    public TableFilter(List<String> include, List<String> exclude, List<String> columnExclude) {
        this(include, exclude, columnExclude, null);
    }

    /** @param scope the tenant's capture scope, enforced on top of the lists (null: none) */
    public TableFilter(List<String> include, List<String> exclude, List<String> columnExclude, TenantScope scope) {
        this(
                compile(include),
                compile(exclude),
                List.of(),
                compile(columnExclude),
                List.of(),
                List.of(),
                scope,
                ColumnMappers.none(),
                KeyColumns.none());
    }

    private TableFilter(
            List<Pattern> include,
            List<Pattern> exclude,
            List<Pattern> columnInclude,
            List<Pattern> columnExclude,
            List<Pattern> schemaInclude,
            List<Pattern> schemaExclude,
            TenantScope scope,
            ColumnMappers mappers,
            KeyColumns keyColumns) {
        this.include = include;
        this.exclude = exclude;
        this.columnInclude = columnInclude;
        this.columnExclude = columnExclude;
        this.schemaInclude = schemaInclude;
        this.schemaExclude = schemaExclude;
        this.scope = scope;
        this.mappers = mappers;
        this.keyColumns = keyColumns;
    }

    /** This filter with {@code column.include.list} (empty: every column not excluded). */
    public TableFilter withColumnInclude(List<String> regexes) {
        return new TableFilter(
                include,
                exclude,
                compile(regexes),
                columnExclude,
                schemaInclude,
                schemaExclude,
                scope,
                mappers,
                keyColumns);
    }

    /** This filter with {@code schema.include.list} / {@code schema.exclude.list} on {@link TableId#schema()}. */
    public TableFilter withSchemaLists(List<String> schemaIncludes, List<String> schemaExcludes) {
        return new TableFilter(
                include,
                exclude,
                columnInclude,
                columnExclude,
                compile(schemaIncludes),
                compile(schemaExcludes),
                scope,
                mappers,
                keyColumns);
    }

    /** This filter with the column mappers and {@code message.key.columns}. */
    public TableFilter withColumns(ColumnMappers columnMappers, KeyColumns keys) {
        return new TableFilter(
                include,
                exclude,
                columnInclude,
                columnExclude,
                schemaInclude,
                schemaExclude,
                scope,
                columnMappers,
                keys);
    }

    static List<Pattern> compile(List<String> regexes) {
        List<Pattern> out = new ArrayList<>();
        for (String r : regexes) {
            if (!r.isBlank()) {
                out.add(Pattern.compile(r.trim(), Pattern.CASE_INSENSITIVE));
            }
        }
        return out;
    }

    private static boolean matchesAny(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    public boolean includes(TableId table) {
        if (scope != null && !scope.allows(table)) {
            return false;
        }
        if (!includesSchema(table.schema())) {
            return false;
        }
        String name = table.identifier();
        if (!include.isEmpty() && !matchesAny(include, name)) {
            return false;
        }
        return !matchesAny(exclude, name);
    }

    /** {@code schema.include.list} / {@code schema.exclude.list}; a table without a schema level passes. */
    public boolean includesSchema(String schema) {
        if (schema == null || (schemaInclude.isEmpty() && schemaExclude.isEmpty())) {
            return true;
        }
        if (!schemaInclude.isEmpty() && !matchesAny(schemaInclude, schema)) {
            return false;
        }
        return !matchesAny(schemaExclude, schema);
    }

    /**
     * Whether the connector keeps {@code column} in its rows: it is in the value ({@link #inValue}) or a
     * {@code message.key.columns} key column. (Primary-key columns are always kept by the connectors.)
     */
    public boolean includesColumn(TableId table, String column) {
        return inValue(table, column) || keyColumns.matches(table, column);
    }

    /** Whether {@code column} is in the events' {@code before}/{@code after}: column include/exclude lists only. */
    public boolean inValue(TableId table, String column) {
        String name = table.identifier() + "." + column;
        if (!columnInclude.isEmpty()) {
            return matchesAny(columnInclude, name);
        }
        return !matchesAny(columnExclude, name);
    }

    public ColumnMappers mappers() {
        return mappers;
    }

    public KeyColumns keyColumns() {
        return keyColumns;
    }

    /** Include patterns that match none of {@code tables}: each is a likely typo the user should hear about. */
    public List<String> unmatchedIncludes(List<TableId> tables) {
        List<String> unmatched = new ArrayList<>();
        for (Pattern p : include) {
            if (tables.stream().noneMatch(t -> p.matcher(t.identifier()).matches())) {
                unmatched.add(p.pattern());
            }
        }
        return unmatched;
    }
}
