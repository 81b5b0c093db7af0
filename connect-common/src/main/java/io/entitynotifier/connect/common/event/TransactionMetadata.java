package io.entitynotifier.connect.common.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.entitynotifier.connect.common.schema.TableId;

/**
 * {@code provide.transaction.metadata}: numbers the events of each source transaction for the envelope's
 * {@code transaction} block ({@code total_order} over the transaction, {@code data_collection_order} per table, both
 * from 1) and builds the BEGIN and END records for {@code <topic.prefix>.<topic.transaction>}, with Debezium's
 * schemas ({@code io.debezium.connector.common.TransactionMetadataKey/Value}). A BEGIN is written before the first
 * captured event of a transaction, an END after its last one. Used by {@link ChangeRecordFactory} only.
 */
public final class TransactionMetadata {

    public static final String STATUS_BEGIN = "BEGIN";
    public static final String STATUS_END = "END";

    public static final Schema KEY_SCHEMA = SchemaBuilder.struct()
            .name("io.debezium.connector.common.TransactionMetadataKey")
            .version(1)
            .field("id", Schema.STRING_SCHEMA)
            .build();

    public static final Schema DATA_COLLECTION_SCHEMA = SchemaBuilder.struct()
            .optional()
            .name("event.collection")
            .version(1)
            .field("data_collection", Schema.STRING_SCHEMA)
            .field("event_count", Schema.INT64_SCHEMA)
            .build();

    public static final Schema VALUE_SCHEMA = SchemaBuilder.struct()
            .name("io.debezium.connector.common.TransactionMetadataValue")
            .version(1)
            .field("status", Schema.STRING_SCHEMA)
            .field("id", Schema.STRING_SCHEMA)
            .field("event_count", Schema.OPTIONAL_INT64_SCHEMA)
            .field(
                    "data_collections",
                    SchemaBuilder.array(DATA_COLLECTION_SCHEMA).optional().build())
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();

    private final String topic;
    private boolean catalogInNames;
    private String id;
    private long totalOrder;
    private final Map<String, long[]> perTable = new LinkedHashMap<>();

    /** @param topic {@code <topic.prefix>.<topic.transaction>} */
    public TransactionMetadata(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** Names data collections {@code catalog.schema.table} where both are set (Debezium's Oracle names). */
    public void catalogInNames() {
        this.catalogInNames = true;
    }

    private String name(TableId table) {
        return catalogInNames && table.catalog() != null && table.schema() != null
                ? table.catalog() + "." + table.schema() + "." + table.table()
                : table.identifier();
    }

    /** The transaction in progress, or null. */
    public String current() {
        return id;
    }

    /** Starts numbering {@code transactionId} without writing its BEGIN (already delivered before a restart). */
    public void resume(String transactionId) {
        id = transactionId;
        totalOrder = 0;
        perTable.clear();
    }

    /** Counts an event of the current transaction that was delivered before a restart. */
    public void replayed(TableId table) {
        totalOrder++;
        perTable.computeIfAbsent(name(table), t -> new long[1])[0]++;
    }

    /** The next event's {@code transaction} block. */
    public Struct next(TableId table) {
        totalOrder++;
        long[] n = perTable.computeIfAbsent(name(table), t -> new long[1]);
        n[0]++;
        Struct s = new Struct(Envelope.TRANSACTION_SCHEMA);
        s.put("id", id);
        s.put("total_order", totalOrder);
        s.put("data_collection_order", n[0]);
        return s;
    }

    SourceRecord begin(String transactionId, Map<String, ?> partition, Map<String, ?> offset, long tsMs) {
        resume(transactionId);
        Struct value = new Struct(VALUE_SCHEMA)
                .put("status", STATUS_BEGIN)
                .put("id", transactionId)
                .put("ts_ms", tsMs);
        return record(partition, offset, value);
    }

    SourceRecord end(Map<String, ?> partition, Map<String, ?> offset, long tsMs) {
        List<Struct> collections = new ArrayList<>(perTable.size());
        for (Map.Entry<String, long[]> e : perTable.entrySet()) {
            collections.add(new Struct(DATA_COLLECTION_SCHEMA)
                    .put("data_collection", e.getKey())
                    .put("event_count", e.getValue()[0]));
        }
        Struct value = new Struct(VALUE_SCHEMA)
                .put("status", STATUS_END)
                .put("id", id)
                .put("event_count", totalOrder)
                .put("data_collections", collections)
                .put("ts_ms", tsMs);
        id = null;
        perTable.clear();
        totalOrder = 0;
        return record(partition, offset, value);
    }

    private SourceRecord record(Map<String, ?> partition, Map<String, ?> offset, Struct value) {
        Struct key = new Struct(KEY_SCHEMA).put("id", value.getString("id"));
        return new SourceRecord(partition, offset, topic, null, KEY_SCHEMA, key, VALUE_SCHEMA, value);
    }
}
