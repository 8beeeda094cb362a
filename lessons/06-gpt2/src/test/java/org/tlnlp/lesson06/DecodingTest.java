package org.tlnlp.lesson06;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson06.exercises.Decoding;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.LabelScoring;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Graded tests of exercises 6.6 and 6.8. */
class DecodingTest {

    static final float NEG = Float.NEGATIVE_INFINITY;

    @Test
    @Graded(exercise = "6.6", kind = Graded.Kind.FUNCTION, title = "top-k and top-p filtering",
            hint = "Top-k keeps ties with the k-th; top-p sorts by probability, keeps tokens until the sum reaches p (the one crossing p included), softmax of the logits first.")
    void filters() {
        float[] logits = {1f, 3f, 2f, 0f};
        float[] copy = logits.clone();
        assertArrayEquals(new float[] {NEG, 3f, 2f, NEG}, Decoding.topK(logits, 2), "top-2 of (1, 3, 2, 0)");
        assertArrayEquals(copy, logits, "the input must not change");
        assertArrayEquals(new float[] {NEG, 3f, NEG, NEG}, Decoding.topK(logits, 1), "top-1");
        assertArrayEquals(logits, Decoding.topK(logits, 0), "k = 0 keeps everything");
        assertArrayEquals(new float[] {5f, 5f, NEG}, Decoding.topK(new float[] {5f, 5f, 1f}, 1), "ties with the k-th stay");
        // softmax(1, 3, 2, 0) = (0.0871, 0.6439, 0.2369, 0.0321)
        assertArrayEquals(new float[] {NEG, 3f, 2f, NEG}, Decoding.topP(logits, 0.8), "p = 0.8: 0.644 + 0.237 >= 0.8");
        assertArrayEquals(new float[] {NEG, 3f, NEG, NEG}, Decoding.topP(logits, 0.5), "p = 0.5: the top token alone");
        assertArrayEquals(new float[] {1f, 3f, 2f, NEG}, Decoding.topP(logits, 0.95), "p = 0.95: 0.968 needs three");
        assertArrayEquals(copy, logits, "the input must not change");
        // Large logits must not overflow: softmax(1000, 1001) = (0.269, 0.731).
        assertArrayEquals(new float[] {NEG, 1001f}, Decoding.topP(new float[] {1000f, 1001f}, 0.7));
    }

    @Test
    @Graded(exercise = "6.8", kind = Graded.Kind.ALGORITHM, title = "the log-likelihood of a label",
            hint = "The logits at position t predict token t + 1: sum log-softmax at positions promptLength − 1 .. length − 2 for the tokens after them.")
    void labelLogLikelihood() {
        try (NDManager m = Fixture.MANAGER.newSubManager()) {
            // Uniform over 4 tokens: a 2-token label scores 2 log(1/4).
            NDArray uniform = m.zeros(new Shape(4, 4));
            assertEquals(2 * Math.log(0.25), Decoding.labelLogLikelihood(uniform, new int[] {0, 1, 2, 3, 1}, 3), 1e-6,
                    "prompt of 3, label of 2, uniform logits");
            // Row 1 predicts token 2 with logits (0, 0, ln 3, 0): p = 3 / 6.
            NDArray one = m.create(new float[] {9, 9, 9, 9, 0, 0, (float) Math.log(3), 0}, new Shape(2, 4));
            assertEquals(Math.log(0.5), Decoding.labelLogLikelihood(one, new int[] {0, 1, 2}, 2), 1e-6,
                    "only the label's token counts, not the prompt's");

            // Against the library's batched scoring, on the PyTorch-written GPT-2.
            Gpt2 model = Fixture.model();
            Random r = new Random(68);
            for (int i = 0; i < 5; i++) {
                int[] prompt = r.ints(3 + r.nextInt(8), 0, 512).toArray();
                int[] label = r.ints(1 + r.nextInt(3), 0, 512).toArray();
                int[] seq = new int[prompt.length + label.length];
                System.arraycopy(prompt, 0, seq, 0, prompt.length);
                System.arraycopy(label, 0, seq, prompt.length, label.length);
                NDArray ids = m.create(java.util.Arrays.copyOf(seq, seq.length - 1)).toType(DataType.INT64, false)
                        .reshape(1, seq.length - 1);
                NDArray logits = model.forward(new ParameterStore(m, false), ids, null, false, false).logits().get(0);
                double reference = LabelScoring.logLikelihood(model, m, List.of(prompt), List.of(label), 1)[0];
                assertEquals(reference, Decoding.labelLogLikelihood(logits, seq, prompt.length), 1e-3,
                        "prompt " + prompt.length + " tokens, label " + label.length);
            }
        }
    }
}
