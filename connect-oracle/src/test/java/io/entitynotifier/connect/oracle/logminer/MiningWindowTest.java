package io.entitynotifier.connect.oracle.logminer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MiningWindowTest {

    @Test
    void growsWhileBehindAndShrinksWhenCaughtUp() {
        MiningWindow w = new MiningWindow(100, 300, 500, 0, 1000, 3000, 200);
        assertEquals(1300, w.end(1000, 10_000));
        assertEquals(1050, w.end(1000, 1050)); // never past the current SCN
        w.roundDone(false);
        assertEquals(400, w.size());
        assertEquals(800, w.sleepMs());
        for (int i = 0; i < 10; i++) {
            w.roundDone(false);
        }
        assertEquals(500, w.size());
        assertEquals(0, w.sleepMs());
        for (int i = 0; i < 30; i++) {
            w.roundDone(true);
        }
        assertEquals(100, w.size());
        assertEquals(3000, w.sleepMs());
    }
}
