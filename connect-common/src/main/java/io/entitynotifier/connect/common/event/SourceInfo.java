package io.entitynotifier.connect.common.event;

import java.util.List;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The {@code source} block, laid out as Debezium 3.6 lays it out: the common fields ({@code version, connector, name,
 * ts_ms, snapshot, db, sequence, ts_us, ts_ns}, in that order, with Debezium's types) followed by the connector's own
 * fields, declared through {@link Builder#field}. Built once per task; its schema is shared by all records (converters
 * cache by schema identity).
 */
public final class SourceInfo {

    public static final String VERSION = "version";
    public static final String CONNECTOR = "connector";
    public static final String NAME = "name";
    public static final String TS_MS = "ts_ms";
    public static final String SNAPSHOT = "snapshot";
    public static final String DB = "db";
    public static final String SEQUENCE = "sequence";
    public static final String TS_US = "ts_us";
    public static final String TS_NS = "ts_ns";
    public static final String SCHEMA = "schema";
    public static final String TABLE = "table";
    public static final String TX_ID = "txId";

    /** Debezium's semantic type of the {@code snapshot} field (a string restricted to the enum's values). */
    public static final String ENUM_LOGICAL_NAME = "io.debezium.data.Enum";

    /** Values of the {@code snapshot} field, as Debezium's {@code SnapshotRecord} writes them (in its order). */
    public enum Snapshot {
        TRUE,
        FIRST,
        FIRST_IN_DATA_COLLECTION,
        LAST_IN_DATA_COLLECTION,
        LAST,
        FALSE,
        INCREMENTAL;

        private final String text = name().toLowerCase(java.util.Locale.ROOT);

        public String text() {
            return text;
        }

        /**
         * The marker of one snapshot row, as Debezium resolves it: {@code last} for the last row of the whole
         * snapshot, {@code first} for its first, {@code last_in_data_collection}/{@code first_in_data_collection} for
         * a table's last/first row, else {@code true}.
         */
        public static Snapshot of(
                boolean firstInSnapshot, boolean lastInSnapshot, boolean firstInTable, boolean lastInTable) {
            if (lastInSnapshot) {
                return LAST;
            } else if (firstInSnapshot) {
                return FIRST;
            } else if (lastInTable) {
                return LAST_IN_DATA_COLLECTION;
            } else if (firstInTable) {
                return FIRST_IN_DATA_COLLECTION;
            }
            return TRUE;
        }
    }

    /** The {@code snapshot} field's schema: Debezium's {@code io.debezium.data.Enum}, optional, default "false". */
    public static final Schema SNAPSHOT_SCHEMA = SchemaBuilder.string()
            .name(ENUM_LOGICAL_NAME)
            .version(1)
            .parameter(
                    "allowed",
                    String.join(
                            ",",
                            List.of(Snapshot.values()).stream()
                                    .map(Snapshot::text)
                                    .toList()))
            .defaultValue(Snapshot.FALSE.text())
            .optional()
            .build();

    private final Schema schema;
    private final String connector;
    private final String serverName;
    private final String version;

    private SourceInfo(Schema schema, String connector, String serverName, String version) {
        this.schema = schema;
        this.connector = connector;
        this.serverName = serverName;
        this.version = version;
    }

    /**
     * @param schemaName e.g. {@code io.debezium.connector.postgresql.Source}
     * @param connector  the connector name written to {@code source.connector}, as Debezium's ({@code postgresql},
     *                   {@code mysql}, {@code oracle}; ours: {@code sqlite})
     * @param serverName {@code topic.prefix}, written to {@code source.name}
     */
    public static Builder builder(String schemaName, String connector, String serverName) {
        return new Builder(schemaName, connector, serverName);
    }

    public Schema schema() {
        return schema;
    }

    /**
     * A source struct with the common fields set from a source time in epoch microseconds; the caller adds its own
     * fields. {@code db} null is written as "" (the field is required), as Debezium does.
     */
    public Struct structAtMicros(long epochMicros, Snapshot snapshot, String db) {
        Struct s = new Struct(schema);
        s.put(VERSION, version);
        s.put(CONNECTOR, connector);
        s.put(NAME, serverName);
        s.put(TS_MS, Math.floorDiv(epochMicros, 1000L));
        if (snapshot != Snapshot.FALSE) {
            s.put(SNAPSHOT, snapshot.text()); // streaming: left unset, read as the schema's default "false"
        }
        s.put(DB, db == null ? "" : db);
        s.put(TS_US, epochMicros);
        s.put(TS_NS, epochMicros * 1000L);
        return s;
    }

    /** As {@link #structAtMicros} with a source time in epoch milliseconds. */
    public Struct structAtMillis(long epochMillis, Snapshot snapshot, String db) {
        return structAtMicros(epochMillis * 1000L, snapshot, db);
    }

    public static final class Builder {
        private final SchemaBuilder builder;
        private final String connector;
        private final String serverName;

        private Builder(String schemaName, String connector, String serverName) {
            this.connector = connector;
            this.serverName = serverName;
            this.builder = SchemaBuilder.struct()
                    .name(schemaName)
                    .version(1)
                    .field(VERSION, Schema.STRING_SCHEMA)
                    .field(CONNECTOR, Schema.STRING_SCHEMA)
                    .field(NAME, Schema.STRING_SCHEMA)
                    .field(TS_MS, Schema.INT64_SCHEMA)
                    .field(SNAPSHOT, SNAPSHOT_SCHEMA)
                    .field(DB, Schema.STRING_SCHEMA)
                    .field(SEQUENCE, Schema.OPTIONAL_STRING_SCHEMA)
                    .field(TS_US, Schema.OPTIONAL_INT64_SCHEMA)
                    .field(TS_NS, Schema.OPTIONAL_INT64_SCHEMA);
        }

        public Builder field(String name, Schema schema) {
            builder.field(name, schema);
            return this;
        }

        public SourceInfo build() {
            return new SourceInfo(builder.build(), connector, serverName, Version.get());
        }
    }
}
