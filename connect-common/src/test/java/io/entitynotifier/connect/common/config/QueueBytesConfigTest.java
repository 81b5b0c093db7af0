package io.entitynotifier.connect.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** max.queue.size.in.bytes (Debezium's, default 0 = none) and tenant.max.buffered.bytes bound the same queue. */
class QueueBytesConfigTest {

    private static long bound(String queueBytes, String tenantBytes) {
        Map<String, String> p = new HashMap<>();
        p.put("topic.prefix", "p");
        if (queueBytes != null) {
            p.put("max.queue.size.in.bytes", queueBytes);
        }
        if (tenantBytes != null) {
            p.put("tenant.max.buffered.bytes", tenantBytes);
        }
        return new CommonSourceConfig(CommonSourceConfig.configDef(), p).maxQueueBytes();
    }

    @Test
    void theSmallerNonZeroBoundApplies() {
        assertEquals(0, bound(null, null), "Debezium's default: no byte bound");
        assertEquals(1_000_000, bound("1000000", null));
        assertEquals(1_000_000, bound("1000000", "0"));
        assertEquals(500_000, bound("1000000", "500000"));
        assertEquals(500_000, bound("0", "500000"));
        assertThrows(ConfigException.class, () -> bound("-1", null));
    }
}
