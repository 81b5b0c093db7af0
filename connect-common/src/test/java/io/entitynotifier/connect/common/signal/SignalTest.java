package io.entitynotifier.connect.common.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SignalTest {

    static final List<String> CAPTURED = List.of("main.a", "main.b", "main.c");

    @Test
    void parsesDebeziumsExecuteSnapshot() {
        Signal s = Signal.parse(
                "1",
                "execute-snapshot",
                "{\"data-collections\": [\"main.a\", \"main.b\"], \"type\": \"INCREMENTAL\", "
                        + "\"additional-conditions\": [{\"data-collection\": \"main.b\", \"filter\": \"x = 'y'\"}]}");
        Signal.ExecuteSnapshot e = (Signal.ExecuteSnapshot) s;
        assertEquals(List.of("main.a", "main.b"), e.dataCollections());
        assertEquals(Map.of("main.b", "x = 'y'"), e.additionalConditions());
    }

    @Test
    void refusesMalformedSignalsWithAReasonThatHoldsNoValue() {
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class, () -> Signal.parse("1", "execute-snapshot", "{\"secret\": 1"));
        assertTrue(bad.getMessage().contains("not valid JSON"), bad.getMessage());
        assertFalse(bad.getMessage().contains("secret"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Signal.parse("1", "nope", "{}"));
        assertThrows(IllegalArgumentException.class, () -> Signal.parse("1", null, "{}"));
        assertThrows(IllegalArgumentException.class, () -> Signal.parse("1", "execute-snapshot", "{}"));
        assertThrows(
                IllegalArgumentException.class,
                () -> Signal.parse("1", "execute-snapshot", "{\"data-collections\": [\"a\"], \"type\": \"blocking\"}"));
        assertThrows(IllegalArgumentException.class, () -> Signal.parse("1", "pause-snapshot", "{}"));
        assertThrows(IllegalArgumentException.class, () -> Signal.parse("1", "log", "{}"));
        assertEquals("hi", ((Signal.Log) Signal.parse("1", "log", "{\"message\": \"hi\"}")).message());
        assertEquals(List.of(), ((Signal.StopSnapshot) Signal.parse("1", "stop-snapshot", null)).dataCollections());
    }

    @Test
    void queuesMatchingCapturedTablesByRegexAndStopsThem() {
        IncrementalSnapshot state = new IncrementalSnapshot();
        SignalProcessor p = new SignalProcessor(state, () -> CAPTURED);
        assertFalse(p.process("1", "execute-snapshot", "{\"data-collections\": [\"main.nope\"]}", "test"));
        assertFalse(state.active());
        assertTrue(p.process(
                "2",
                "execute-snapshot",
                "{\"data-collections\": [\"main.[ab]\"], \"additional-conditions\": "
                        + "[{\"data-collection\": \"main.b\", \"filter\": \"id < 5\"}]}",
                "test"));
        assertEquals(
                List.of(
                        new IncrementalSnapshot.Table("main.a", null),
                        new IncrementalSnapshot.Table("main.b", "id < 5")),
                state.tables());
        state.advance("k\"1");
        state.maximum("2:99");
        IncrementalSnapshot copy = IncrementalSnapshot.decode(state.encode());
        assertEquals(state.tables(), copy.tables());
        assertEquals("k\"1", copy.after());
        assertEquals("2:99", copy.maximum());
        assertNull(IncrementalSnapshot.decode("{\"tables\":[]}").maximum(), "state written without a maximum");
        assertTrue(p.process("3", "stop-snapshot", "{\"data-collections\": [\"main.a\"]}", "test"));
        assertEquals(List.of(new IncrementalSnapshot.Table("main.b", "id < 5")), state.tables());
        assertNull(state.after());
        assertNull(state.maximum(), "the stopped table's maximum goes with it");
        state.tableDone();
        assertFalse(state.active());
        assertNull(state.encode());
    }

    @Test
    void jsonRoundTripsStrings() {
        String odd = "a\"b\\c\nd\u0001";
        assertEquals(odd, Json.parse(Json.quote(odd)));
        assertEquals(List.of(1L, 2.5, true, Map.of()), Json.parse("[1, 2.5, true, {}]"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,"));
    }
}
