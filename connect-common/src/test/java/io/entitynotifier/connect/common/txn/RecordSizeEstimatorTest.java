package io.entitynotifier.connect.common.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** record.max.bytes and the byte bounds count UTF-8 bytes: multi-byte text must not pass as one byte a character. */
class RecordSizeEstimatorTest {

    @Test
    void textCountsItsUtf8BytesNotItsCharacters() {
        for (String s : List.of(
                "",
                "plain ascii",
                "é".repeat(1000),
                "€".repeat(1000),
                "😀".repeat(1000),
                "a€é😀𝄞z",
                "\uD800 lone high",
                "lone low \uDC00",
                "end high \uD83D")) {
            assertEquals(
                    s.getBytes(StandardCharsets.UTF_8).length,
                    RecordSizeEstimator.utf8Length(s),
                    "UTF-8 length of a " + s.length() + "-char string");
        }
    }

    @Test
    void aRecordOfMultiByteTextIsEstimatedAtItsEncodedSize() {
        Schema schema =
                SchemaBuilder.struct().field("name", Schema.STRING_SCHEMA).build();
        String text = "ü".repeat(300_000) + "😀".repeat(200_000); // 700,000 chars, 1,400,000 bytes in UTF-8
        Struct value = new Struct(schema).put("name", text);
        SourceRecord r = new SourceRecord(Map.of(), Map.of(), "t", null, schema, value);
        long estimate = RecordSizeEstimator.estimate(r);
        int encoded = text.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(estimate >= encoded, "estimate " + estimate + " below the " + encoded + " encoded bytes");
        assertTrue(estimate > 1_048_576, "above the default record.max.bytes, so the check refuses it");
    }
}
