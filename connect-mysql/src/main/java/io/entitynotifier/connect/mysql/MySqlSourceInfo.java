package io.entitynotifier.connect.mysql;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.common.event.SourceInfo;

/**
 * The {@code source} block of MySQL and MariaDB events, as Debezium 3.6's {@code io.debezium.connector.mysql.Source}:
 * the common fields, then {@code table, server_id, gtid, file, pos, row, thread, query}. On MariaDB it is Debezium's
 * MariaDB connector's block: the same fields, named {@code io.debezium.connector.mariadb.Source}, with
 * {@code connector=mariadb}.
 */
public final class MySqlSourceInfo {

    public static final String SCHEMA_NAME = "io.debezium.connector.mysql.Source";
    public static final String MARIADB_SCHEMA_NAME = "io.debezium.connector.mariadb.Source";

    private final SourceInfo info;

    /** The MySQL block. */
    public MySqlSourceInfo(String topicPrefix) {
        this(topicPrefix, false);
    }

    /** The MySQL block, or with {@code mariaDb} the MariaDB one. */
    public MySqlSourceInfo(String topicPrefix, boolean mariaDb) {
        this.info = SourceInfo.builder(
                        mariaDb ? MARIADB_SCHEMA_NAME : SCHEMA_NAME, mariaDb ? "mariadb" : "mysql", topicPrefix)
                .field(SourceInfo.TABLE, Schema.OPTIONAL_STRING_SCHEMA)
                .field("server_id", Schema.INT64_SCHEMA)
                .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
                .field("file", Schema.STRING_SCHEMA)
                .field("pos", Schema.INT64_SCHEMA)
                .field("row", Schema.INT32_SCHEMA)
                .field("thread", Schema.OPTIONAL_INT64_SCHEMA)
                .field("query", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
    }

    public Schema schema() {
        return info.schema();
    }

    /** As {@link #struct(long, SourceInfo.Snapshot, String, String, long, String, String, long, int, long)}, no thread. */
    public Struct struct(
            long tsMs,
            SourceInfo.Snapshot snapshot,
            String db,
            String table,
            long serverId,
            String gtid,
            String file,
            long pos,
            int row) {
        return struct(tsMs, snapshot, db, table, serverId, gtid, file, pos, row, -1);
    }

    /**
     * @param tsMs     the binlog event's time (snapshot: the read time), epoch milliseconds
     * @param threadId the thread id of the transaction's BEGIN query event, or negative when unknown
     */
    public Struct struct(
            long tsMs,
            SourceInfo.Snapshot snapshot,
            String db,
            String table,
            long serverId,
            String gtid,
            String file,
            long pos,
            int row,
            long threadId) {
        Struct s = info.structAtMillis(tsMs, snapshot, db);
        s.put(SourceInfo.TABLE, table);
        s.put("server_id", serverId);
        s.put("gtid", gtid);
        s.put("file", file == null ? "" : file);
        s.put("pos", pos);
        s.put("row", row);
        if (threadId >= 0) {
            s.put("thread", threadId);
        }
        return s;
    }
}
