package io.entitynotifier.connect.mysql.binlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.mysql.schema.TableDescription;

/**
 * Schema-change events on the {@code <topic.prefix>} topic, as Debezium's MySQL connector writes them: key
 * {@code io.debezium.connector.mysql.SchemaChangeKey {databaseName}}, value
 * {@code io.debezium.connector.mysql.SchemaChangeValue {source, ts_ms, databaseName, schemaName, ddl, tableChanges}}
 * with each changed table's description ({@link TableChangeStructs}).
 */
public final class SchemaChangeRecords {

    private static final Pattern DDL = Pattern.compile(
            "^\\s*(?:/\\*.*?\\*/\\s*)*(CREATE|ALTER|DROP|RENAME|TRUNCATE)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern NOT_SCHEMA = Pattern.compile(
            "^\\s*(CREATE|ALTER|DROP|RENAME)\\s+(?:DEFINER\\s*=\\s*\\S+\\s+)?(USER|ROLE|SERVER|RESOURCE|LOGFILE|TABLESPACE)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final String IDENT = "(`(?:[^`]|``)+`|[\\w$]+)";
    private static final Pattern OBJECT = Pattern.compile(
            "\\b(TABLE|DATABASE|SCHEMA)\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?" + IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern RENAMED_TO = Pattern.compile(
            "\\bRENAME\\s+(?:TABLE\\s+\\S+\\s+)?(?:TO\\s+|AS\\s+)?" + IDENT + "(?:\\s*\\.\\s*" + IDENT
                    + ")?\\s*;?\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /**
     * Reads a table's description from the catalog after the DDL (once the statement's GTID, when it has one, is
     * committed); null when the table is gone.
     */
    @FunctionalInterface
    public interface Describer {
        TableDescription describe(TableId id, String gtid);
    }

    private static final Pattern INDEX_ON = Pattern.compile(
            "^\\s*(?:/\\*.*?\\*/\\s*)*(?:CREATE|DROP)\\s+(?:ONLINE\\s+|UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)*INDEX\\b.*?\\bON\\s+"
                    + IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern RENAME_CLAUSE = Pattern.compile(
            "^\\s*ALTER\\s+TABLE\\s+\\S+\\s+RENAME\\s+(?:TO\\s+|AS\\s+)?(?!COLUMN\\b|INDEX\\b|KEY\\b)",
            Pattern.CASE_INSENSITIVE);

    private final String topic;
    private final Map<String, ?> partition;
    private final Describer describer;
    private final TableChangeStructs structs = new TableChangeStructs();
    private final Schema keySchema;
    private final Schema valueSchema;

    /** What a DDL statement is about; {@code renamedTo} is the new name of a renamed table. */
    public record Ddl(String type, String database, List<String> tables, TableId renamedTo) {
        public Ddl(String type, String database, List<String> tables) {
            this(type, database, tables, null);
        }
    }

    public SchemaChangeRecords(String topicPrefix, Map<String, ?> partition, Schema sourceSchema, Describer describer) {
        this.topic = topicPrefix;
        this.partition = partition;
        this.describer = describer;
        this.keySchema = SchemaBuilder.struct()
                .name("io.debezium.connector.mysql.SchemaChangeKey")
                .version(1)
                .field("databaseName", Schema.STRING_SCHEMA)
                .build();
        this.valueSchema = SchemaBuilder.struct()
                .name("io.debezium.connector.mysql.SchemaChangeValue")
                .version(1)
                .field("source", sourceSchema)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("databaseName", Schema.OPTIONAL_STRING_SCHEMA)
                .field("schemaName", Schema.OPTIONAL_STRING_SCHEMA)
                .field("ddl", Schema.OPTIONAL_STRING_SCHEMA)
                .field(
                        "tableChanges",
                        SchemaBuilder.array(structs.changeSchema()).build())
                .build();
    }

    public String topic() {
        return topic;
    }

    /** Null when {@code sql} is not a schema change (DML, grants, user management, transaction control). */
    public static Ddl parse(String sql, String defaultDatabase) {
        Matcher m = DDL.matcher(sql);
        if (!m.find() || NOT_SCHEMA.matcher(sql).find()) {
            return null;
        }
        String type = m.group(1).toUpperCase(Locale.ROOT);
        Matcher o = OBJECT.matcher(sql);
        String db = defaultDatabase == null || defaultDatabase.isEmpty() ? null : defaultDatabase;
        List<String> tables = new ArrayList<>();
        Matcher index = INDEX_ON.matcher(sql);
        if (index.find()) {
            // Debezium: no table change, but the event is written (in the table's database)
            String second = index.group(2) == null ? null : unquote(index.group(2));
            return new Ddl("ALTER", second == null ? db : unquote(index.group(1)), List.of(), null);
        }
        if (o.find()) {
            String kind = o.group(1).toUpperCase(Locale.ROOT);
            String first = unquote(o.group(2));
            String second = o.group(3) == null ? null : unquote(o.group(3));
            if (kind.equals("TABLE")) {
                if (second != null) {
                    db = first;
                    tables.add(second);
                } else {
                    tables.add(first);
                }
            } else {
                db = first;
            }
        }
        TableId renamedTo = null;
        boolean rename = type.equals("RENAME")
                || (type.equals("ALTER") && RENAME_CLAUSE.matcher(sql).find());
        if (rename && !tables.isEmpty()) {
            Matcher r = RENAMED_TO.matcher(sql);
            if (r.find()) {
                String a = unquote(r.group(1));
                String b = r.group(2) == null ? null : unquote(r.group(2));
                renamedTo = b == null ? new TableId(db, null, a) : new TableId(a, null, b);
            }
        }
        return new Ddl(type, db, tables, renamedTo);
    }

    private static String unquote(String ident) {
        if (ident.startsWith("`")) {
            return ident.substring(1, ident.length() - 1).replace("``", "`");
        }
        return ident;
    }

    /**
     * The event for {@code ddl}. Each named table becomes a change with Debezium's type: CREATE, ALTER (also for a
     * rename, with the new name) or DROP, with the table as the catalog describes it now (DROP: none).
     */
    public SourceRecord record(Ddl ddl, String sql, String gtid, Struct source, Map<String, ?> offset, long tsMs) {
        Struct key = new Struct(keySchema).put("databaseName", ddl.database() == null ? "" : ddl.database());
        List<Struct> changes = new ArrayList<>();
        if (!ddl.type().equals("TRUNCATE")) {
            for (String t : ddl.tables()) {
                TableId id = new TableId(ddl.database(), null, t);
                String type = ddl.type();
                TableDescription table = null; // Debezium's DROP carries no table
                if (!type.equals("DROP")) {
                    if (ddl.renamedTo() != null) {
                        id = ddl.renamedTo();
                        type = "ALTER";
                    }
                    table = describer.describe(id, gtid);
                }
                changes.add(structs.change(type, id, table));
            }
        }
        Struct value = new Struct(valueSchema)
                .put("source", source)
                .put("ts_ms", tsMs)
                .put("databaseName", ddl.database() == null ? "" : ddl.database())
                .put("schemaName", null)
                .put("ddl", debeziumDdl(ddl, sql))
                .put("tableChanges", changes);
        return new SourceRecord(partition, offset, topic, 0, keySchema, key, valueSchema, value, tsMs);
    }

    /**
     * Debezium's DDL parser gives a DROP TABLE its own text: the statement up to the table name, then the name
     * qualified and back-quoted ({@code DROP TABLE `db`.`t`}), without the server's {@code /* generated by server *}{@code /}.
     */
    private static String debeziumDdl(Ddl ddl, String sql) {
        if (!ddl.type().equals("DROP") || ddl.tables().isEmpty() || ddl.database() == null) {
            return sql;
        }
        Matcher o = OBJECT.matcher(sql);
        if (!o.find() || !o.group(1).equalsIgnoreCase("TABLE")) {
            return sql;
        }
        String tail = sql.substring(o.end()).toUpperCase(Locale.ROOT);
        String how = tail.matches("(?s).*\\bCASCADE\\b.*")
                ? " CASCADE"
                : tail.matches("(?s).*\\bRESTRICT\\b.*") ? " RESTRICT" : "";
        return sql.substring(0, o.start(2)) + backQuoted(ddl.database()) + "."
                + backQuoted(ddl.tables().get(0)) + how;
    }

    private static String backQuoted(String part) {
        return "`" + part.replace("`", "``") + "`";
    }
}
