package org.tlnlp.lesson06;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson06.exercises.DecoderBlock;
import org.tlnlp.models.gpt2.Gpt2;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graded test of exercise 6.5. */
class DecoderBlockTest {

    @Test
    @Graded(exercise = "6.5", points = 4, title = "one decoder block (vs PyTorch)")
    void decoderBlock() {
        try (NDManager m = Fixture.MANAGER.newSubManager()) {
            Map<String, NDArray> expected = Fixture.expected();
            Gpt2 model = Fixture.model();
            for (int i = 0; i < 2; i++) {
                NDArray out = DecoderBlock.forward(expected.get("hidden_" + i), model.blockWeights(i));
                double diff = Fixture.maxAbsDiff(expected.get("hidden_" + (i + 1)), out);
                int block = i;
                assertTrue(diff < 1e-4, () -> "block " + block + ": your output differs from PyTorch's by up to " + diff);
            }
        }
    }
}
