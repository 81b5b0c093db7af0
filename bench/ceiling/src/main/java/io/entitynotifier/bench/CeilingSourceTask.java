package io.entitynotifier.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** Emits pre-built records of the benchmark's change-event shape; see {@link CeilingSourceConnector}. */
public final class CeilingSourceTask extends SourceTask {

    private static final Map<String, String> PARTITION = Map.of("ceiling", "0");
    private String topic;
    private long count;
    private int batch;
    private long next;
    private Schema keySchema;
    private Schema valueSchema;
    private Struct value;

    @Override
    public void start(Map<String, String> props) {
        topic = props.get("topic");
        count = Long.parseLong(props.getOrDefault("count", "100000"));
        batch = Integer.parseInt(props.getOrDefault("batch", "2048"));
        Map<String, Object> off = context.offsetStorageReader().offset(PARTITION);
        next = off == null ? 0 : ((Number) off.get("seq")).longValue();
        keySchema = SchemaBuilder.struct().name("ceiling.public.bench.Key").field("id", Schema.INT64_SCHEMA).build();
        Schema row = SchemaBuilder.struct().name("ceiling.public.bench.Value").optional()
                .field("id", Schema.INT64_SCHEMA).field("k", Schema.OPTIONAL_INT32_SCHEMA)
                .field("v", Schema.OPTIONAL_STRING_SCHEMA).field("d", Schema.OPTIONAL_FLOAT64_SCHEMA).build();
        Schema source = SchemaBuilder.struct().name("io.entitynotifier.Source")
                .field("version", Schema.STRING_SCHEMA).field("connector", Schema.STRING_SCHEMA)
                .field("name", Schema.STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
                .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA).field("db", Schema.STRING_SCHEMA)
                .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
                .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
        valueSchema = SchemaBuilder.struct().name("ceiling.public.bench.Envelope")
                .field("before", row).field("after", row).field("source", source)
                .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
        Struct after = new Struct(row).put("id", 123456L).put("k", 456)
                .put("v", "c4ca4238a0b923820dcc509a6f75849bc81e728d9d4c2f636f067f89cc14862c").put("d", 61728.0);
        Struct src = new Struct(source).put("version", "0.1.0").put("connector", "ceiling").put("name", "ceiling")
                .put("ts_ms", System.currentTimeMillis()).put("snapshot", "false").put("db", "bench")
                .put("schema", "public").put("table", "bench").put("txId", 12345L).put("lsn", 23456789L);
        value = new Struct(valueSchema).put("after", after).put("source", src).put("op", "c")
                .put("ts_ms", System.currentTimeMillis());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (next >= count) {
            Thread.sleep(200);
            return null;
        }
        int n = (int) Math.min(batch, count - next);
        List<SourceRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long id = ++next;
            out.add(new SourceRecord(PARTITION, Map.of("seq", id), topic, 0, keySchema,
                    new Struct(keySchema).put("id", id), valueSchema, value));
        }
        return out;
    }

    @Override
    public void stop() {
    }

    @Override
    public String version() {
        return "0.1.0";
    }
}
