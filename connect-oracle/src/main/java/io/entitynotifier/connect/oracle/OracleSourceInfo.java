package io.entitynotifier.connect.oracle;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.common.event.SourceInfo;

/**
 * The Oracle {@code source} block, as Debezium 3.6's {@code io.debezium.connector.oracle.Source}: the common fields,
 * then {@code schema, table, txId, scn, commit_scn, lcr_position, rs_id, ssn, redo_thread, user_name, redo_sql,
 * row_id, commit_ts_ms, start_scn, start_ts_ms, txSeq}. Fields LogMiner's rows as we read them do not give
 * ({@code redo_thread}, {@code user_name}, {@code start_scn}, ...) stay null.
 */
public final class OracleSourceInfo {

    public static final String SCHEMA_NAME = "io.debezium.connector.oracle.Source";
    public static final String SCN = "scn";
    public static final String COMMIT_SCN = "commit_scn";
    public static final String RS_ID = "rs_id";
    public static final String SSN = "ssn";
    public static final String COMMIT_TS_MS = "commit_ts_ms";

    private final SourceInfo info;

    private OracleSourceInfo(String topicPrefix) {
        this.info = SourceInfo.builder(SCHEMA_NAME, "oracle", topicPrefix)
                .field(SourceInfo.SCHEMA, Schema.STRING_SCHEMA)
                .field(SourceInfo.TABLE, Schema.STRING_SCHEMA)
                .field(SourceInfo.TX_ID, Schema.OPTIONAL_STRING_SCHEMA)
                .field(SCN, Schema.OPTIONAL_STRING_SCHEMA)
                .field(COMMIT_SCN, Schema.OPTIONAL_STRING_SCHEMA)
                .field("lcr_position", Schema.OPTIONAL_STRING_SCHEMA)
                .field(RS_ID, Schema.OPTIONAL_STRING_SCHEMA)
                .field(SSN, Schema.OPTIONAL_INT64_SCHEMA)
                .field("redo_thread", Schema.OPTIONAL_INT32_SCHEMA)
                .field("user_name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("redo_sql", Schema.OPTIONAL_STRING_SCHEMA)
                .field("row_id", Schema.OPTIONAL_STRING_SCHEMA)
                .field(COMMIT_TS_MS, Schema.OPTIONAL_INT64_SCHEMA)
                .field("start_scn", Schema.OPTIONAL_STRING_SCHEMA)
                .field("start_ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("txSeq", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    public static OracleSourceInfo create(String topicPrefix) {
        return new OracleSourceInfo(topicPrefix);
    }

    public Schema schema() {
        return info.schema();
    }

    /**
     * @param tsMs       the change's time in the redo (snapshot: the read time), epoch milliseconds
     * @param txId       the transaction's XID, or null (snapshot)
     * @param commitScn  the transaction's commit SCN, or null (snapshot)
     * @param commitTsMs the commit time, or null
     */
    public Struct struct(
            long tsMs,
            SourceInfo.Snapshot snapshot,
            String db,
            String schema,
            String table,
            String txId,
            long scn,
            Long commitScn,
            String rsId,
            Long ssn,
            Long commitTsMs) {
        Struct s = info.structAtMillis(tsMs, snapshot, db);
        s.put(SourceInfo.SCHEMA, schema == null ? "" : schema);
        s.put(SourceInfo.TABLE, table == null ? "" : table);
        s.put(SourceInfo.TX_ID, txId);
        s.put(SCN, Long.toString(scn));
        s.put(COMMIT_SCN, commitScn == null ? null : commitScn.toString());
        s.put(RS_ID, rsId);
        s.put(SSN, ssn);
        s.put(COMMIT_TS_MS, commitTsMs);
        return s;
    }
}
