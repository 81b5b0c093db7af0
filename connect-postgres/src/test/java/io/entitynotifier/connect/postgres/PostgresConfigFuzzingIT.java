package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.config.DebeziumKeys;
import io.entitynotifier.connect.common.testing.ConfigFuzzing;

/** Every key given a malformed value through the validate endpoint: an error naming the key, no stack trace. */
@ExtendWith(TestEnvironment.class)
class PostgresConfigFuzzingIT {

    @Test
    void everyMalformedValueIsNamed() {
        int tried = ConfigFuzzing.assertMalformedValuesAreNamed(
                TestEnvironment.connect(),
                PostgresSourceConnector.class.getName(),
                new PostgresSourceConnector().config(),
                TestEnvironment.postgres().connectorConfig("fuzz", "fuzz_slot", "fuzz_pub"));
        assertTrue(tried > 20, "keys tried: " + tried);
    }

    /** Every Debezium key this connector does not implement: refused on that key, or accepted as documented. */
    @Test
    void everyUnimplementedDebeziumKeyIsRefusedByName() {
        int tried = ConfigFuzzing.assertDebeziumKeysAreNamed(
                TestEnvironment.connect(),
                PostgresSourceConnector.class.getName(),
                DebeziumKeys.Family.POSTGRES,
                new PostgresSourceConnector().config(),
                TestEnvironment.postgres().connectorConfig("fuzz", "fuzz_slot", "fuzz_pub"));
        assertTrue(tried > 100, "keys tried: " + tried);
    }
}
