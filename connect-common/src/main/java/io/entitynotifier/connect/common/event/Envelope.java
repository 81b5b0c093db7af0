package io.entitynotifier.connect.common.event;

import java.time.Instant;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The change-event value as Debezium 3.6 writes it: {@code {before, after, source, transaction, op, ts_ms, ts_us,
 * ts_ns}} in that order, schema version 2, named {@code <prefix>.<schema>.<table>.Envelope}. {@code ts_ms},
 * {@code ts_us} and {@code ts_ns} are the connector's processing time; the source's commit time is in
 * {@code source.ts_ms}. Sinks and single-message transforms written for Debezium (for example
 * {@code ExtractNewRecordState}) work unchanged.
 */
public final class Envelope {

    public static final int SCHEMA_VERSION = 2;

    public static final String BEFORE = "before";
    public static final String AFTER = "after";
    public static final String SOURCE = "source";
    public static final String TRANSACTION = "transaction";
    public static final String OP = "op";
    public static final String TS_MS = "ts_ms";
    public static final String TS_US = "ts_us";
    public static final String TS_NS = "ts_ns";

    /** Debezium's {@code event.block}: where the event stands within its source transaction. */
    public static final Schema TRANSACTION_SCHEMA = SchemaBuilder.struct()
            .optional()
            .name("event.block")
            .version(1)
            .field("id", Schema.STRING_SCHEMA)
            .field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA)
            .build();

    private Envelope() {}

    public static Schema schema(String name, Schema rowSchema, Schema sourceSchema) {
        return SchemaBuilder.struct()
                .name(name)
                .version(SCHEMA_VERSION)
                .field(BEFORE, rowSchema)
                .field(AFTER, rowSchema)
                .field(SOURCE, sourceSchema)
                .field(TRANSACTION, TRANSACTION_SCHEMA)
                .field(OP, Schema.STRING_SCHEMA)
                .field(TS_MS, Schema.OPTIONAL_INT64_SCHEMA)
                .field(TS_US, Schema.OPTIONAL_INT64_SCHEMA)
                .field(TS_NS, Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    /**
     * @param processed the connector's processing time of the event (written to ts_ms, ts_us, ts_ns)
     */
    public static Struct value(
            Schema envelopeSchema,
            Operation op,
            Struct before,
            Struct after,
            Struct source,
            Struct transaction,
            Instant processed) {
        Struct s = new Struct(envelopeSchema);
        s.put(BEFORE, before);
        s.put(AFTER, after);
        s.put(SOURCE, source);
        s.put(TRANSACTION, transaction);
        s.put(OP, op.code());
        long seconds = processed.getEpochSecond();
        int nanos = processed.getNano();
        s.put(TS_MS, processed.toEpochMilli());
        s.put(TS_US, seconds * 1_000_000L + nanos / 1_000);
        s.put(TS_NS, seconds * 1_000_000_000L + nanos);
        return s;
    }
}
