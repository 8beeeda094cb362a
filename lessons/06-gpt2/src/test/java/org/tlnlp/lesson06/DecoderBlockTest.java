package org.tlnlp.lesson06;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson06.exercises.DecoderBlock;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.nn.Attention;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graded test of exercise 6.5. */
class DecoderBlockTest {

    @Test
    @Graded(exercise = "6.5", kind = Graded.Kind.COMPONENT, title = "one decoder block (vs PyTorch)",
            hint = "Pre-LayerNorm: normalise before attention and before the MLP, add each output to the residual; the weights are (in, out) here, so x · W.")
    void decoderBlock() {
        try (NDManager m = Fixture.MANAGER.newSubManager()) {
            Map<String, NDArray> expected = Fixture.expected();
            Gpt2 model = Fixture.model();
            for (int i = 0; i < 2; i++) {
                NDArray x = expected.get("hidden_" + i);
                long t = x.getShape().get(1);
                // The course's attention and causal mask: a wrong 6.3 or 6.4 of yours cannot cost 6.5's points.
                NDArray out = DecoderBlock.forward(x, model.blockWeights(i), Attention::scaledDotProduct,
                        Gpt2.causalMask(m, t, t));
                double diff = Fixture.maxAbsDiff(expected.get("hidden_" + (i + 1)), out);
                int block = i;
                assertTrue(diff < 1e-4, () -> "block " + block + ": your output differs from PyTorch's by up to " + diff);
            }
        }
    }
}
