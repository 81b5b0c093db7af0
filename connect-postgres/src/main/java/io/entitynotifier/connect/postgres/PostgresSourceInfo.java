package io.entitynotifier.connect.postgres;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.common.event.SourceInfo;

/**
 * The PostgreSQL {@code source} block, as Debezium 3.6's {@code io.debezium.connector.postgresql.Source}: the common
 * fields, then {@code schema, table, txId, lsn, xmin, origin, origin_lsn}; {@code sequence} is
 * {@code ["<last commit LSN>","<LSN>"]} as Debezium writes it.
 */
public final class PostgresSourceInfo {

    public static final String SCHEMA_NAME = "io.debezium.connector.postgresql.Source";
    public static final String LSN = "lsn";
    public static final String XMIN = "xmin";

    private final SourceInfo info;

    public PostgresSourceInfo(String topicPrefix) {
        this.info = SourceInfo.builder(SCHEMA_NAME, "postgresql", topicPrefix)
                .field(SourceInfo.SCHEMA, Schema.STRING_SCHEMA)
                .field(SourceInfo.TABLE, Schema.STRING_SCHEMA)
                .field(SourceInfo.TX_ID, Schema.OPTIONAL_INT64_SCHEMA)
                .field(LSN, Schema.OPTIONAL_INT64_SCHEMA)
                .field(XMIN, Schema.OPTIONAL_INT64_SCHEMA)
                .field("origin", Schema.OPTIONAL_STRING_SCHEMA)
                .field("origin_lsn", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    public Schema schema() {
        return info.schema();
    }

    /**
     * @param tsMicros      commit time (streaming) or read time (snapshot), epoch microseconds
     * @param txId          the transaction id, or null
     * @param lsn           the change's LSN (snapshot: the LSN streaming starts from), or null
     * @param lastCommitLsn the LSN of the last transaction committed before this event, or null
     */
    public Struct struct(
            long tsMicros,
            SourceInfo.Snapshot snapshot,
            String db,
            String schema,
            String table,
            Long txId,
            Long lsn,
            Long lastCommitLsn) {
        Struct s = info.structAtMicros(tsMicros, snapshot, db);
        s.put(SourceInfo.SEQUENCE, "[" + quoted(lastCommitLsn) + "," + quoted(lsn) + "]");
        s.put(SourceInfo.SCHEMA, schema == null ? "" : schema);
        s.put(SourceInfo.TABLE, table == null ? "" : table);
        s.put(SourceInfo.TX_ID, txId);
        s.put(LSN, lsn);
        return s;
    }

    private static String quoted(Long v) {
        return v == null ? "null" : "\"" + v + "\"";
    }
}
