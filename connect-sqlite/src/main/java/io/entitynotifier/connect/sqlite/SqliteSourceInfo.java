package io.entitynotifier.connect.sqlite;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.common.event.SourceInfo;

/**
 * The SQLite {@code source} block (Debezium has no SQLite connector, so the schema name is ours,
 * {@code io.entitynotifier.connect.sqlite.Source}): Debezium's common fields, then {@code schema} (always "main"),
 * {@code table} and {@code seq}, the change-log sequence number of the change (snapshot rows: the change-log position
 * streaming starts after).
 */
public final class SqliteSourceInfo {

    public static final String SCHEMA_NAME = "io.entitynotifier.connect.sqlite.Source";
    public static final String SEQ = "seq";

    private final SourceInfo info;

    public SqliteSourceInfo(String topicPrefix) {
        this.info = SourceInfo.builder(SCHEMA_NAME, "sqlite", topicPrefix)
                .field(SourceInfo.SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
                .field(SourceInfo.TABLE, Schema.STRING_SCHEMA)
                .field(SEQ, Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    public Schema schema() {
        return info.schema();
    }

    public Struct struct(long tsMs, SourceInfo.Snapshot snapshot, String db, String schema, String table, long seq) {
        Struct s = info.structAtMillis(tsMs, snapshot, db);
        s.put(SourceInfo.SCHEMA, schema);
        s.put(SourceInfo.TABLE, table);
        s.put(SEQ, seq);
        return s;
    }
}
