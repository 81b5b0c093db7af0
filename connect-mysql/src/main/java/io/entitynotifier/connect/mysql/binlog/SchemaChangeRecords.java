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

/**
 * Schema-change events on {@code <topic.prefix>.schema-changes}, in Debezium's shape: key {@code {databaseName}},
 * value {@code {source, ts_ms, databaseName, schemaName, ddl, tableChanges[{type, id}]}}. Column definitions are not
 * repeated here: every data event's own schema carries them.
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

    private final String topic;
    private final Map<String, ?> partition;
    private final Schema keySchema;
    private final Schema changeSchema;
    private final Schema valueSchema;

    /** What a DDL statement is about. */
    public record Ddl(String type, String database, List<String> tables) {}

    public SchemaChangeRecords(String topicPrefix, Map<String, ?> partition, Schema sourceSchema) {
        this.topic = topicPrefix + ".schema-changes";
        this.partition = partition;
        this.keySchema = SchemaBuilder.struct()
                .name("io.entitynotifier.connect.mysql.SchemaChangeKey")
                .field("databaseName", Schema.STRING_SCHEMA)
                .build();
        this.changeSchema = SchemaBuilder.struct()
                .name("io.entitynotifier.connect.mysql.TableChange")
                .field("type", Schema.STRING_SCHEMA)
                .field("id", Schema.STRING_SCHEMA)
                .build();
        this.valueSchema = SchemaBuilder.struct()
                .name("io.entitynotifier.connect.mysql.SchemaChangeValue")
                .field("source", sourceSchema)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("databaseName", Schema.OPTIONAL_STRING_SCHEMA)
                .field("schemaName", Schema.OPTIONAL_STRING_SCHEMA)
                .field("ddl", Schema.STRING_SCHEMA)
                .field("tableChanges", SchemaBuilder.array(changeSchema).build())
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
        return new Ddl(type, db, tables);
    }

    private static String unquote(String ident) {
        if (ident.startsWith("`")) {
            return ident.substring(1, ident.length() - 1).replace("``", "`");
        }
        return ident;
    }

    public SourceRecord record(Ddl ddl, String sql, Struct source, Map<String, ?> offset, long tsMs) {
        Struct key = new Struct(keySchema).put("databaseName", ddl.database() == null ? "" : ddl.database());
        List<Struct> changes = new ArrayList<>();
        for (String t : ddl.tables()) {
            changes.add(new Struct(changeSchema).put("type", ddl.type()).put("id", ddl.database() + "." + t));
        }
        Struct value = new Struct(valueSchema)
                .put("source", source)
                .put("ts_ms", tsMs)
                .put("databaseName", ddl.database())
                .put("schemaName", null)
                .put("ddl", sql)
                .put("tableChanges", changes);
        return new SourceRecord(partition, offset, topic, 0, keySchema, key, valueSchema, value, tsMs);
    }
}
