package org.tlnlp.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SchedulesTest {

    @Test
    void slantedTriangularMatchesThePapersWorkedNumbers() {
        // ULMFiT (Howard & Ruder 2018, eq. 3) with T = 1000, cut_frac = 0.1, ratio = 32: cut = 100.
        Schedule s = Schedules.slantedTriangular(1000, 0.1, 32);
        assertEquals(1.0 / 32, s.factor(0), 1e-12);                    // starts at lr_max / ratio
        assertEquals((1 + 0.5 * 31) / 32, s.factor(50), 1e-12);       // halfway up: p = 0.5
        assertEquals(1.0, s.factor(100), 1e-12);                       // the peak at t = cut
        // on the way down: p = 1 - (550 - 100) / (100 * 9) = 0.5
        assertEquals((1 + 0.5 * 31) / 32, s.factor(550), 1e-12);
        assertEquals((1 + (1 - 899.0 / 900) * 31) / 32, s.factor(999), 1e-12);
    }

    @Test
    void linearWarmupThenDecay() {
        Schedule s = Schedules.linearWarmupDecay(10, 110);
        assertEquals(0.1, s.factor(0), 1e-12);
        assertEquals(1.0, s.factor(9), 1e-12);
        assertEquals(1.0, s.factor(10), 1e-12);
        assertEquals(0.5, s.factor(60), 1e-12);
        assertEquals(0.0, s.factor(110), 1e-12);
        assertEquals(0.0, s.factor(500), 1e-12);
        assertEquals(1.0, Schedules.linearWarmupDecay(0, 10).factor(0), 1e-12);
    }

    @Test
    void badSettingsAreRefusedWithTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schedules.linearWarmupDecay(20, 10));
        assertEquals("need 0 <= warmup <= total, total > 0; got warmup=20, total=10", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedules.slantedTriangular(100, 1.5, 32));
    }
}
