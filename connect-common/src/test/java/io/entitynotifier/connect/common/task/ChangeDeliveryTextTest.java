package io.entitynotifier.connect.common.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** What the oversized-record error may say: field names and positions, never a key's or row's values. */
class ChangeDeliveryTextTest {

    @Test
    void keyIsNamedByItsFields() {
        Schema key = SchemaBuilder.struct()
                .field("tenant", Schema.STRING_SCHEMA)
                .field("id", Schema.INT64_SCHEMA)
                .build();
        assertEquals("[tenant,id]", ChangeDelivery.keyFields(key));
        assertEquals("(none)", ChangeDelivery.keyFields(null));
        assertEquals("(STRING)", ChangeDelivery.keyFields(Schema.STRING_SCHEMA));
    }

    @Test
    void snapshotKeyIsLeftOutOfThePosition() {
        Map<String, Object> offset = Map.of("lsn", 42L, "snapshot_key", "[\"secret\"]", "snapshot_table", "s.t");
        assertEquals(Map.of("lsn", 42L, "snapshot_table", "s.t"), ChangeDelivery.positionWithoutValues(offset));
        assertEquals(Map.of(), ChangeDelivery.positionWithoutValues(null));
        // SQLite's snapshot position and the incremental-snapshot state carry key values too.
        Map<String, Object> sqlite = Map.of("seq", 7L, "snapshot_after", "[\"secret\"]", "incremental_snapshot", "{}");
        assertEquals(Map.of("seq", 7L), ChangeDelivery.positionWithoutValues(sqlite));
    }
}
