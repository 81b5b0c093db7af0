package io.entitynotifier.connect.mysql;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.common.event.SourceInfo;

/** The {@code source} block of MySQL events: the common fields plus Debezium's MySQL position fields. */
public final class MySqlSourceInfo {

    private final SourceInfo info;

    public MySqlSourceInfo(String topicPrefix) {
        this.info = SourceInfo.builder("io.entitynotifier.connect.mysql.Source", "mysql", topicPrefix)
                .field("server_id", Schema.INT64_SCHEMA)
                .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
                .field("file", Schema.STRING_SCHEMA)
                .field("pos", Schema.INT64_SCHEMA)
                .field("row", SchemaBuilder.int32().defaultValue(0).build())
                .build();
    }

    public Schema schema() {
        return info.schema();
    }

    public Struct struct(long tsMs, SourceInfo.Snapshot snapshot, String db, String table, long serverId, String gtid,
                         String file, long pos, int row) {
        Struct s = info.struct(tsMs, snapshot, db, null, table, gtid);
        s.put("server_id", serverId);
        s.put("gtid", gtid);
        s.put("file", file);
        s.put("pos", pos);
        s.put("row", row);
        return s;
    }
}
