package io.entitynotifier.connect.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code schema.include.list} / {@code schema.exclude.list}: regular expressions matched (case-insensitively) against
 * the whole owner name. Oracle's own schemas are never captured.
 */
public final class SchemaFilter {

    /** Schemas Oracle creates; their changes are internal bookkeeping, not application data. */
    public static final Set<String> SYSTEM_SCHEMAS = Set.of(
            "SYS",
            "SYSTEM",
            "OUTLN",
            "DBSNMP",
            "APPQOSSYS",
            "AUDSYS",
            "CTXSYS",
            "DVSYS",
            "DBSFWUSER",
            "GSMADMIN_INTERNAL",
            "LBACSYS",
            "MDSYS",
            "OJVMSYS",
            "OLAPSYS",
            "ORDDATA",
            "ORDSYS",
            "REMOTE_SCHEDULER_AGENT",
            "WMSYS",
            "XDB",
            "GGSYS",
            "DVF",
            "ORDPLUGINS",
            "SI_INFORMTN_SCHEMA",
            "MDDATA",
            "ANONYMOUS",
            "XS$NULL",
            "GSMCATUSER",
            "SYSBACKUP",
            "SYSDG",
            "SYSKM",
            "SYSRAC",
            "SYS$UMF",
            "LOGSTDBY_ADMINISTRATOR",
            "DIP",
            "ORACLE_OCM");

    private final List<String> include;
    private final List<String> exclude;
    private final List<Pattern> includePatterns = new ArrayList<>();
    private final List<Pattern> excludePatterns = new ArrayList<>();

    public SchemaFilter(List<String> include, List<String> exclude) {
        this.include = clean(include);
        this.exclude = clean(exclude);
        this.include.forEach(r -> includePatterns.add(Pattern.compile(r, Pattern.CASE_INSENSITIVE)));
        this.exclude.forEach(r -> excludePatterns.add(Pattern.compile(r, Pattern.CASE_INSENSITIVE)));
    }

    private static List<String> clean(List<String> regexes) {
        return regexes.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public static boolean isSystemSchema(String owner) {
        return SYSTEM_SCHEMAS.contains(owner);
    }

    public boolean includes(String owner) {
        if (owner == null || isSystemSchema(owner)) {
            return false;
        }
        if (!includePatterns.isEmpty()
                && includePatterns.stream().noneMatch(p -> p.matcher(owner).matches())) {
            return false;
        }
        return excludePatterns.stream().noneMatch(p -> p.matcher(owner).matches());
    }

    public List<String> includeList() {
        return include;
    }

    public List<String> excludeList() {
        return exclude;
    }
}
