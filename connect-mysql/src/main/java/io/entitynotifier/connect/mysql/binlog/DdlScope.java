package io.entitynotifier.connect.mysql.binlog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.mysql.MySqlConnectorConfig.CapturedTables;

/**
 * Which DDL statements reach the schema-change topic: those naming at least one captured table (the include/exclude
 * lists and the tenant scope), and database-level statements ({@code CREATE/ALTER/DROP DATABASE}) of a captured
 * database inside the tenant scope. Everything else (other databases, tables outside the lists, views, routines,
 * triggers, events) is left out, so one connector's topic never shows another tenant's schema.
 */
public final class DdlScope {

    private static final String IDENT = "(?:`(?:[^`]|``)+`|[\\w$]+)";
    private static final String NAME = IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?";
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern DATABASE_LEVEL =
            Pattern.compile("^\\s*(?:CREATE|ALTER|DROP)\\s+(?:DATABASE|SCHEMA)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TABLE_LIST = Pattern.compile(
            "^\\s*(?:CREATE|ALTER|DROP)\\s+(?:OR\\s+REPLACE\\s+)?"
                    + "(?:TEMPORARY\\s+|ONLINE\\s+|IGNORE\\s+)*TABLE\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?(" + NAME
                    + "(?:\\s*,\\s*" + NAME + ")*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RENAME =
            Pattern.compile("^\\s*RENAME\\s+TABLES?\\s+(.*)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern INDEX_ON = Pattern.compile(
            "^\\s*(?:CREATE|DROP)\\s+(?:OR\\s+REPLACE\\s+)?"
                    + "(?:ONLINE\\s+|UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)*INDEX\\b.*?\\bON\\s+(" + NAME + ")",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TRUNCATE =
            Pattern.compile("^\\s*TRUNCATE\\s+(?:TABLE\\s+)?(" + NAME + ")", Pattern.CASE_INSENSITIVE);
    private static final Pattern ONE_NAME = Pattern.compile("(" + IDENT + ")(?:\\s*\\.\\s*(" + IDENT + "))?");

    private final CapturedTables captured;

    public DdlScope(CapturedTables captured) {
        this.captured = captured;
    }

    /** Whether {@code sql}, run with default database {@code defaultDb}, goes to the schema-change topic. */
    public boolean emits(String sql, String defaultDb) {
        String s = COMMENTS.matcher(sql).replaceAll(" ");
        if (DATABASE_LEVEL.matcher(s).find()) {
            SchemaChangeRecords.Ddl ddl = SchemaChangeRecords.parse(sql, defaultDb);
            return ddl != null && captured.includesDatabase(ddl.database()) && captured.databaseInScope(ddl.database());
        }
        for (TableId t : tables(s, defaultDb)) {
            if (captured.includes(t)) {
                return true;
            }
        }
        return false;
    }

    /** The tables a DDL statement names (empty for statements about other objects). */
    static List<TableId> tables(String statement, String defaultDb) {
        String sql = COMMENTS.matcher(statement).replaceAll(" ");
        String db = defaultDb == null || defaultDb.isEmpty() ? null : defaultDb;
        List<TableId> out = new ArrayList<>();
        Matcher m = TABLE_LIST.matcher(sql);
        if (m.find()) {
            names(m.group(1), db, out);
            return out;
        }
        m = RENAME.matcher(sql);
        if (m.find()) {
            // a TO b, c TO d: every name on either side
            names(m.group(1).replaceAll("(?i)\\s+TO\\s+", ","), db, out);
            return out;
        }
        m = INDEX_ON.matcher(sql);
        if (m.find()) {
            names(m.group(1), db, out);
            return out;
        }
        m = TRUNCATE.matcher(sql);
        if (m.find()) {
            names(m.group(1), db, out);
        }
        return out;
    }

    private static void names(String list, String db, List<TableId> out) {
        Matcher n = ONE_NAME.matcher(list);
        int at = 0;
        while (n.find(at)) {
            String first = unquote(n.group(1));
            String second = n.group(2) == null ? null : unquote(n.group(2));
            if (second != null) {
                out.add(new TableId(first, null, second));
            } else if (db != null) {
                out.add(new TableId(db, null, first));
            }
            at = n.end();
            int comma = list.indexOf(',', at);
            if (comma < 0) {
                return;
            }
            at = comma + 1;
        }
    }

    private static String unquote(String ident) {
        if (ident.startsWith("`")) {
            return ident.substring(1, ident.length() - 1).replace("``", "`");
        }
        return ident;
    }
}
