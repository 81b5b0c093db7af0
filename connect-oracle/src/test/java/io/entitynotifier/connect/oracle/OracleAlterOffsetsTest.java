package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.runtime.rest.errors.BadRequestException;
import org.junit.jupiter.api.Test;

/** KIP-875 checks of an Oracle offset (no server is asked: only the form is checked). */
class OracleAlterOffsetsTest {

    static final Map<String, ?> PARTITION = Map.of("server", "t");

    static boolean alter(Map<String, ?> partition, Map<String, ?> offset) {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(partition, offset);
        Map<String, String> config = OracleConnectorConfigTest.base();
        config.put("name", "ora");
        return new OracleSourceConnector().alterOffsets(config, offsets);
    }

    static String refused(Map<String, ?> partition, Map<String, ?> offset) {
        return assertThrows(BadRequestException.class, () -> alter(partition, offset))
                .getMessage();
    }

    @Test
    void validAndResetAccepted() {
        assertTrue(alter(PARTITION, Map.of("scn", 12345L, "commit_scn", "12340")));
        assertTrue(alter(PARTITION, Map.of("scn", "12345", "commit_scn", 12340)));
        assertTrue(alter(PARTITION, null));
    }

    @Test
    void malformedRefusedNamingTheField() {
        assertTrue(refused(PARTITION, Map.of("commit_scn", 1L)).contains("'scn'"));
        assertTrue(refused(PARTITION, Map.of("scn", 1L)).contains("'commit_scn'"));
        assertTrue(refused(PARTITION, Map.of("scn", "12a", "commit_scn", 1L)).contains("'scn'"));
        assertTrue(refused(PARTITION, Map.of("scn", 1L, "commit_scn", 1.5)).contains("'commit_scn'"));
        assertTrue(refused(PARTITION, Map.of("scn", 1L, "commit_scn", 1L, "tx_events", -1L))
                .contains("'tx_events'"));
        assertTrue(refused(PARTITION, Map.of("scn", 1L, "commit_scn", 1L, "tx_id", 7L))
                .contains("'tx_id'"));
        assertTrue(refused(Map.of("server", "other"), Map.of("scn", 1L)).contains("partition"));
    }
}
