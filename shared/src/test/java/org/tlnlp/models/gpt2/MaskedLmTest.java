package org.tlnlp.models.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link MaskedLm}: BERT's corruption rates, original targets, and attention that sees both sides. */
class MaskedLmTest {

    @Test
    void batchesAreCorruptedAsBertsAre() {
        MaskedLm mlm = new MaskedLm(100, 7);
        Random r = new Random(1);
        int[][] windows = new int[200][50];
        for (int[] w : windows) {
            for (int j = 0; j < w.length; j++) {
                w[j] = j == 10 ? 7 : r.nextInt(100);
            }
        }
        try (NDManager m = Engines.newManager()) {
            LmBatch b = mlm.batch(m, windows, new Random(2));
            long[] x = b.ids().toLongArray();
            long[] y = b.targets().toLongArray();
            float[] chosen = b.targetMask().toFloatArray();
            int n = 0;
            int masked = 0;
            int same = 0;
            for (int i = 0; i < x.length; i++) {
                assertEquals(windows[i / 50][i % 50], y[i], "targets are the original tokens");
                if (i % 50 == 10) {
                    assertEquals(0f, chosen[i], "the separator is never chosen");
                }
                if (chosen[i] == 1f) {
                    n++;
                    masked += x[i] == 100 ? 1 : 0;
                    same += x[i] == y[i] ? 1 : 0;
                    assertTrue(x[i] != 7, "a random replacement is never the separator");
                } else {
                    assertEquals(y[i], x[i], "a position not chosen is shown as it is");
                }
            }
            double rate = n / (200.0 * 49);
            assertEquals(0.15, rate, 0.01, "15% of the positions are chosen");
            assertEquals(0.8, masked / (double) n, 0.03, "80% of them masked");
            assertEquals(0.1, same / (double) n, 0.03, "about 10% kept (and 1% of the random ones land on themselves)");
        }
    }

    @Test
    void bidirectionalAttentionSeesTheTokensAfterAPosition() {
        MaskedLm objective = new MaskedLm(20, 19);
        try (NDManager m = Engines.newManager()) {
            new Rng(3).seedEngine();
            Gpt2 model = Gpt2.create(new Gpt2Config(1, 2, 8, 16, 21, 1e-5f, 0f), m).withAttention(objective.attention());
            ParameterStore s = new ParameterStore(m, false);
            NDArray a = m.create(new long[] {1, 2, 3, 4}, new Shape(1, 4));
            NDArray b = m.create(new long[] {1, 2, 3, 5}, new Shape(1, 4));
            float[] first = model.forward(s, a, null, false, false).logits().get(0).get(0).toFloatArray();
            float[] changed = model.forward(s, b, null, false, false).logits().get(0).get(0).toFloatArray();
            assertTrue(Math.abs(first[0] - changed[0]) > 1e-6, "position 0 reads position 3");
            // With padding masked out, a sentence's states do not depend on what pads it.
            NDArray padded = m.create(new long[] {1, 2, 3, 19, 19}, new Shape(1, 5));
            NDArray mask = m.create(new long[] {1, 1, 1, 0, 0}, new Shape(1, 5));
            List<NDArray> withPad = objective.hiddenStates(model, s, padded, mask);
            List<NDArray> alone = model.forward(s, m.create(new long[] {1, 2, 3}, new Shape(1, 3)), null, false, true).hiddenStates();
            assertArrayEquals(alone.get(1).toFloatArray(), withPad.get(1).get(":, :3, :").toFloatArray(), 1e-5f);
            double[] la = objective.lossAndAccuracy(model, m, List.of(new int[] {1, 2, 3, 4, 5, 6}), 1, 4);
            assertTrue(la[0] > 0 && la[1] >= 0 && la[1] <= 1);
        }
    }
}
