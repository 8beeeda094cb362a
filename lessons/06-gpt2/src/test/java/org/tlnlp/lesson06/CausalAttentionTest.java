package org.tlnlp.lesson06;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson06.exercises.CausalAttention;
import org.tlnlp.models.gpt2.Gpt2;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graded tests of exercises 6.3, 6.4 and 6.7. */
class CausalAttentionTest {

    static final float M = CausalAttention.MASKED;

    @Test
    @Graded(exercise = "6.3", kind = Graded.Kind.FUNCTION, title = "the causal mask",
            hint = "Query i sits at position tk − tq + i: it may see keys 0..tk − tq + i. Return float32 of shape (tq, tk).")
    void causalMask() {
        try (NDManager m = Fixture.MANAGER.newSubManager()) {
            NDArray mask = CausalAttention.causalMask(m, 3, 3);
            assertEquals(new Shape(3, 3), mask.getShape(), "causalMask(3, 3)");
            assertArrayEquals(new float[] {0, M, M, 0, 0, M, 0, 0, 0}, mask.toFloatArray(), 0f,
                    "query i sees keys 0..i");
            NDArray cached = CausalAttention.causalMask(m, 2, 5);
            assertEquals(new Shape(2, 5), cached.getShape(), "causalMask(2, 5)");
            assertArrayEquals(new float[] {0, 0, 0, 0, M, 0, 0, 0, 0, 0}, cached.toFloatArray(), 0f,
                    "two queries at positions 3 and 4 after 3 cached keys");
            assertArrayEquals(new float[] {0, 0, 0, 0}, CausalAttention.causalMask(m, 1, 4).toFloatArray(), 0f,
                    "one new query sees every cached key");
        }
    }

    @Test
    @Graded(exercise = "6.4", kind = Graded.Kind.COMPONENT, title = "causal self-attention (inside GPT-2, vs PyTorch)",
            hint = "Build the causal mask for (Tq, Tk) from the shapes of q and k (Tk ≥ Tq), scale by sqrt(d) before masking, softmax over the keys.")
    void attend() {
        try (NDManager m = Fixture.MANAGER.newSubManager()) {
            // One head, three positions, d = 1: q = k = (1, 1, 1), v = (1, 2, 6). Scores are all 1, so each
            // query averages the values it may see: 1, (1 + 2) / 2, (1 + 2 + 6) / 3.
            NDArray q = m.ones(new Shape(1, 1, 3, 1));
            NDArray v = m.create(new float[] {1, 2, 6}, new Shape(1, 1, 3, 1));
            NDList out = CausalAttention.attend(q, q, v);
            assertEquals(2, out.size(), "return the context and the weights");
            assertArrayEquals(new float[] {1, 1.5f, 3}, out.get(0).toFloatArray(), 1e-5f, "context");
            assertArrayEquals(new float[] {1, 0, 0, 0.5f, 0.5f, 0, 1 / 3f, 1 / 3f, 1 / 3f}, out.get(1).toFloatArray(),
                    1e-5f, "weights");

            // Inside the course's GPT-2, loaded from the checkpoint PyTorch wrote, against PyTorch's logits.
            Map<String, NDArray> expected = Fixture.expected();
            Gpt2 model = Fixture.model().withAttention((qq, kk, vv, mask, dropout, training) ->
                    CausalAttention.attend(qq, kk, vv));
            NDArray logits = model.forward(new ParameterStore(m, false), expected.get("input_ids"), null, false, false)
                    .logits();
            double diff = Fixture.maxAbsDiff(expected.get("logits"), logits);
            assertTrue(diff < 1e-4, "GPT-2 with your attention differs from PyTorch's logits by up to " + diff);
        }
    }

    @Test
    @Graded(exercise = "6.7", kind = Graded.Kind.ALGORITHM, title = "a KV-cached decoding step",
            hint = "Concatenate the new key and value after the cached ones along axis 2; the new position may see every key, so no mask is needed.")
    void cachedStep() {
        try (NDManager m = Fixture.MANAGER.newSubManager()) {
            m.getEngine().setRandomSeed(67);
            NDArray q = m.randomNormal(new Shape(2, 3, 6, 4));
            NDArray k = m.randomNormal(new Shape(2, 3, 6, 4));
            NDArray v = m.randomNormal(new Shape(2, 3, 6, 4));
            // The reference: all six positions at once with the library's attention and causal mask.
            NDArray full = org.tlnlp.nn.Attention.scaledDotProduct(q, k, v, Gpt2.causalMask(m, 6, 6), 0f, false).get(0);
            NDArray pastK = null;
            NDArray pastV = null;
            NDList contexts = new NDList();
            for (int t = 0; t < 6; t++) {
                String at = ":, :, " + t + ":" + (t + 1) + ", :";
                NDList step = CausalAttention.cachedStep(q.get(at), k.get(at), v.get(at), pastK, pastV,
                        org.tlnlp.nn.Attention::scaledDotProduct);
                assertEquals(3, step.size(), "return the context, the keys and the values");
                assertEquals(new Shape(2, 3, 1, 4), step.get(0).getShape(), "the context of step " + t);
                assertEquals(new Shape(2, 3, t + 1, 4), step.get(1).getShape(), "the cached keys after step " + t);
                pastK = step.get(1);
                pastV = step.get(2);
                contexts.add(step.get(0));
            }
            assertNotNull(pastK);
            double diff = Fixture.maxAbsDiff(full, NDArrays.concat(contexts, 2));
            assertTrue(diff < 1e-5, "step-by-step contexts differ from attention over the whole sequence by " + diff);
            assertTrue(Fixture.maxAbsDiff(k, pastK) == 0, "the cache must hold every key in order");
        }
    }
}
