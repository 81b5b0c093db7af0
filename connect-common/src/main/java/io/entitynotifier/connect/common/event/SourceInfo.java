package io.entitynotifier.connect.common.event;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The {@code source} block: the fields every connector fills ({@code version, connector, name, ts_ms, snapshot, db,
 * schema, table, txId}) followed by the connector's own position fields (lsn, gtid/file/pos, scn, seq), declared
 * through {@link Builder#field}. One instance per task; its schema is shared by all records.
 */
public final class SourceInfo {

    public static final String VERSION = "version";
    public static final String CONNECTOR = "connector";
    public static final String NAME = "name";
    public static final String TS_MS = "ts_ms";
    public static final String SNAPSHOT = "snapshot";
    public static final String DB = "db";
    public static final String SCHEMA = "schema";
    public static final String TABLE = "table";
    public static final String TX_ID = "txId";

    /** Values of the {@code snapshot} field, as Debezium writes them. */
    public enum Snapshot {
        TRUE("true"), LAST("last"), FALSE("false");

        private final String text;

        Snapshot(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

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
     * @param schemaName e.g. {@code io.entitynotifier.connect.sqlite.Source}
     * @param connector  short connector name written to {@code source.connector}, e.g. {@code sqlite}
     * @param serverName {@code topic.prefix}, written to {@code source.name}
     */
    public static Builder builder(String schemaName, String connector, String serverName) {
        return new Builder(schemaName, connector, serverName);
    }

    public Schema schema() {
        return schema;
    }

    /** A source struct with the common fields set; the caller adds its position fields. */
    public Struct struct(long tsMs, Snapshot snapshot, String db, String schemaName, String table, String txId) {
        Struct s = new Struct(schema);
        s.put(VERSION, version);
        s.put(CONNECTOR, connector);
        s.put(NAME, serverName);
        s.put(TS_MS, tsMs);
        s.put(SNAPSHOT, snapshot.text());
        s.put(DB, db);
        s.put(SCHEMA, schemaName);
        s.put(TABLE, table);
        s.put(TX_ID, txId);
        return s;
    }

    public static final class Builder {
        private final SchemaBuilder builder;
        private final String connector;
        private final String serverName;

        private Builder(String schemaName, String connector, String serverName) {
            this.connector = connector;
            this.serverName = serverName;
            this.builder = SchemaBuilder.struct().name(schemaName)
                    .field(VERSION, Schema.STRING_SCHEMA)
                    .field(CONNECTOR, Schema.STRING_SCHEMA)
                    .field(NAME, Schema.STRING_SCHEMA)
                    .field(TS_MS, Schema.INT64_SCHEMA)
                    .field(SNAPSHOT, SchemaBuilder.string().optional().defaultValue("false").build())
                    .field(DB, Schema.OPTIONAL_STRING_SCHEMA)
                    .field(SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
                    .field(TABLE, Schema.OPTIONAL_STRING_SCHEMA)
                    .field(TX_ID, Schema.OPTIONAL_STRING_SCHEMA);
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
