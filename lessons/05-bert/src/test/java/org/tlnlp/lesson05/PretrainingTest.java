package org.tlnlp.lesson05;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson05.exercises.Pretraining;
import org.tlnlp.models.bert.MlmMasking;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graded tests of exercises 5.6 and 5.7. */
class PretrainingTest {

    @Test
    @Graded(exercise = "5.6", kind = Graded.Kind.ALGORITHM, title = "MLM masking with a seeded generator",
            hint = "Draw exactly as specified: no draw for special positions, one draw to choose, a second draw only for chosen positions, and the random id from [firstWord, vocabSize).")
    void masking() {
        int n = 200_000;
        int[] ids = new int[n];
        boolean[] special = new boolean[n];
        Random fill = new Random(1);
        for (int i = 0; i < n; i++) {
            special[i] = i % 20 == 0;
            ids[i] = special[i] ? 101 : 1000 + fill.nextInt(29000);
        }
        int[][] out = Pretraining.mask(ids, special, new Random(42), 103, 30522, 999);
        int chosen = 0;
        int masked = 0;
        int replaced = 0;
        for (int i = 0; i < n; i++) {
            if (special[i]) {
                assertEquals(Pretraining.IGNORE, out[1][i], "special position " + i + " must never be chosen");
                assertEquals(ids[i], out[0][i]);
                continue;
            }
            if (out[1][i] == Pretraining.IGNORE) {
                assertEquals(ids[i], out[0][i], "an unchosen position keeps its token");
                continue;
            }
            chosen++;
            assertEquals(ids[i], out[1][i], "the label of a chosen position is its original id");
            if (out[0][i] == 103) {
                masked++;
            } else if (out[0][i] != ids[i]) {
                replaced++;
                assertTrue(out[0][i] >= 999 && out[0][i] < 30522, "random replacements come from [firstWord, vocab)");
            }
        }
        int eligible = n - n / 20;
        assertEquals(0.15, chosen / (double) eligible, 0.005, "share of positions chosen");
        assertEquals(0.8, masked / (double) chosen, 0.01, "share of chosen positions that become [MASK]");
        assertEquals(0.1, replaced / (double) chosen, 0.01, "share replaced by a random piece");
        // The drawing order of the specification: the same seed gives exactly the library's masking.
        MlmMasking.Masked reference = MlmMasking.mask(ids, special, new Random(42), 103, 30522, 999);
        assertArrayEquals(reference.inputs(), out[0]);
        assertArrayEquals(reference.labels(), out[1]);
        assertArrayEquals(out[0], Pretraining.mask(ids, special, new Random(42), 103, 30522, 999)[0], "seeded: repeatable");
    }

    @Test
    @Graded(exercise = "5.7", kind = Graded.Kind.ALGORITHM, title = "a fine-tuning step of the classification head",
            hint = "dL/dlogits = (softmax − one-hot) / B; dW = dlogitsᵀ · x; db sums over the batch; return new arrays rather than changing W and b.")
    void headStep() {
        try (NDManager m = Engines.newManager()) {
            // By hand: x = (1, 0), label 0, W = 0, b = 0: p = (1/2, 1/2), loss = ln 2,
            // dlogits = (-1/2, 1/2), dW = [[-1/2, 0], [1/2, 0]], db = (-1/2, 1/2); with lr = 1 W and b move against them.
            NDList step = Pretraining.headStep(m.create(new float[] {1, 0}, new Shape(1, 2)), m.create(new int[] {0}),
                    m.zeros(new Shape(2, 2)), m.zeros(new Shape(2)), 1f);
            assertEquals(Math.log(2), step.get(0).getFloat(), 1e-6, "loss before the step");
            assertArrayEquals(new float[] {0.5f, 0, -0.5f, 0}, step.get(1).toFloatArray(), 1e-6f, "new W");
            assertArrayEquals(new float[] {0.5f, -0.5f}, step.get(2).toFloatArray(), 1e-6f, "new b");

            // Against the engine's automatic differentiation on random data.
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(8, 5));
            NDArray labels = m.create(new int[] {0, 1, 2, 1, 0, 2, 2, 1});
            NDArray w = m.randomNormal(new Shape(3, 5));
            NDArray b = m.randomNormal(new Shape(3));
            NDList mine = Pretraining.headStep(x, labels, w, b, 0.1f);
            NDArray wg = w.duplicate();
            NDArray bg = b.duplicate();
            wg.setRequiresGradient(true);
            bg.setRequiresGradient(true);
            float loss;
            try (GradientCollector c = Engines.engine().newGradientCollector()) {
                NDArray logits = x.matMul(wg.transpose()).add(bg);
                NDArray l = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels.toType(DataType.FLOAT32, false)),
                        new NDList(logits));
                loss = l.getFloat();
                c.backward(l);
            }
            assertEquals(loss, mine.get(0).getFloat(), 1e-5, "loss");
            assertArrayEquals(w.sub(wg.getGradient().mul(0.1f)).toFloatArray(), mine.get(1).toFloatArray(), 1e-5f, "new W");
            assertArrayEquals(b.sub(bg.getGradient().mul(0.1f)).toFloatArray(), mine.get(2).toFloatArray(), 1e-5f, "new b");
            assertFalse(java.util.Arrays.equals(w.toFloatArray(), mine.get(1).toFloatArray()), "W must move");
        }
    }
}
