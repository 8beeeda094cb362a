package org.tlnlp.lab;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.NotImplementedYet;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MineTest {

    @AfterEach
    void backToTheLibrary() {
        Mine.use(false);
    }

    @Test
    void withoutMineNoProbeRuns() {
        Mine.use(false);
        AtomicInteger calls = new AtomicInteger();
        Mine.probes("05-bert").add("5.3", calls::incrementAndGet).require();
        assertEquals(0, calls.get());
    }

    @Test
    void withMineEveryUnfinishedExerciseIsNamedAtOnce() {
        Mine.use(true);
        Mine.NotDone e = assertThrows(Mine.NotDone.class, () -> Mine.probes("05-bert")
                .add("5.3 (AttentionExercise.scaledDotProduct)", () -> {
                    throw new NotImplementedYet("5.x");
                })
                .add("5.5 (EncoderLayerExercise.encoderLayer)", () -> { })
                .add("5.6 (Pretraining.mask)", () -> {
                    throw new NotImplementedYet("5.x");
                })
                .require());
        assertTrue(e.getMessage().contains("these are not done yet: [5.3 (AttentionExercise.scaledDotProduct), "
                + "5.6 (Pretraining.mask)]"), e.getMessage());
        assertTrue(e.getMessage().contains("mvn test -pl lessons/05-bert -am"), e.getMessage());
        assertEquals(0, e.getStackTrace().length, "a learner sees the message, not a stack trace");
    }

    @Test
    void withMineAndEverythingDoneTheLabGoesOn() {
        Mine.use(true);
        assertDoesNotThrow(() -> Mine.probes("01-transfer-learning").add("1.1", () -> { }).require());
    }
}
