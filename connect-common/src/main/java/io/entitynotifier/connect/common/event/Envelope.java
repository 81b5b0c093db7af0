package io.entitynotifier.connect.common.event;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The Debezium-compatible change-event value: {@code {before, after, source, op, ts_ms, transaction}}, so existing
 * sinks and single-message transforms (for example {@code ExtractNewRecordState}) work unchanged.
 */
public final class Envelope {

    public static final String BEFORE = "before";
    public static final String AFTER = "after";
    public static final String SOURCE = "source";
    public static final String OP = "op";
    public static final String TS_MS = "ts_ms";
    public static final String TRANSACTION = "transaction";

    /** Debezium's {@code event.block}: where the event stands within its source transaction. */
    public static final Schema TRANSACTION_SCHEMA = SchemaBuilder.struct().optional()
            .name("event.block").version(1)
            .field("id", Schema.STRING_SCHEMA)
            .field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA)
            .build();

    private Envelope() {
    }

    public static Schema schema(String name, Schema rowSchema, Schema sourceSchema) {
        return SchemaBuilder.struct().name(name).version(1)
                .field(BEFORE, rowSchema)
                .field(AFTER, rowSchema)
                .field(SOURCE, sourceSchema)
                .field(OP, Schema.STRING_SCHEMA)
                .field(TS_MS, Schema.OPTIONAL_INT64_SCHEMA)
                .field(TRANSACTION, TRANSACTION_SCHEMA)
                .build();
    }

    public static Struct value(Schema envelopeSchema, Operation op, Struct before, Struct after, Struct source,
                               Long tsMs, Struct transaction) {
        Struct s = new Struct(envelopeSchema);
        s.put(BEFORE, before);
        s.put(AFTER, after);
        s.put(SOURCE, source);
        s.put(OP, op.code());
        s.put(TS_MS, tsMs);
        s.put(TRANSACTION, transaction);
        return s;
    }
}
