package io.entitynotifier.connect.common.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.entitynotifier.connect.common.tenant.TenantScope;

/**
 * {@code table.include.list} / {@code table.exclude.list} and {@code column.exclude.list}: comma-separated regular
 * expressions matched against the whole two-part table name ({@code schema.table} or {@code database.table}) and the
 * three-part column name, as Debezium does. An empty include list means every table.
 */
public final class TableFilter {

    private final List<Pattern> include;
    private final List<Pattern> exclude;
    private final List<Pattern> columnExclude;
    private final TenantScope scope;

    public TableFilter(List<String> include, List<String> exclude, List<String> columnExclude) {
        this(include, exclude, columnExclude, null);
    }

    /** @param scope the tenant's capture scope, enforced on top of the lists (null: none) */
    public TableFilter(List<String> include, List<String> exclude, List<String> columnExclude, TenantScope scope) {
        this.scope = scope;
        this.include = compile(include);
        this.exclude = compile(exclude);
        this.columnExclude = compile(columnExclude);
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

    public boolean includes(TableId table) {
        if (scope != null && !scope.allows(table)) {
            return false;
        }
        String name = table.identifier();
        if (!include.isEmpty()
                && include.stream().noneMatch(p -> p.matcher(name).matches())) {
            return false;
        }
        return exclude.stream().noneMatch(p -> p.matcher(name).matches());
    }

    public boolean includesColumn(TableId table, String column) {
        String name = table.identifier() + "." + column;
        return columnExclude.stream().noneMatch(p -> p.matcher(name).matches());
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
