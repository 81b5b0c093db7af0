package io.entitynotifier.connect.oracle;

import org.apache.kafka.connect.data.Schema;

import io.entitynotifier.connect.common.event.SourceInfo;

/** The Oracle {@code source} block: the common fields plus Debezium's Oracle position fields. */
public final class OracleSourceInfo {

    public static final String SCN = "scn";
    public static final String COMMIT_SCN = "commit_scn";
    public static final String RS_ID = "rs_id";
    public static final String SSN = "ssn";

    private OracleSourceInfo() {
    }

    public static SourceInfo create(String topicPrefix) {
        return SourceInfo.builder("io.entitynotifier.connect.oracle.Source", "oracle", topicPrefix)
                .field(SCN, Schema.OPTIONAL_STRING_SCHEMA)
                .field(COMMIT_SCN, Schema.OPTIONAL_STRING_SCHEMA)
                .field(RS_ID, Schema.OPTIONAL_STRING_SCHEMA)
                .field(SSN, Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }
}
