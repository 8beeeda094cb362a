package org.tlnlp.lesson00;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson00.exercises.Primer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graded tests of the NDArray primer: worked by hand, then against DJL's own operations. */
class PrimerTest {

    @Test
    @Graded(exercise = "0.1", kind = Graded.Kind.FUNCTION, title = "a linear layer, x·Wᵀ + b",
            hint = "W is stored (out, in): multiply x by its transpose, then add b, which broadcasts over the rows.")
    void affine() {
        try (NDManager m = Engines.newManager()) {
            // By hand: x = [[1, 2]], W = [[1, 0], [0, 1], [1, 1]], b = [10, 20, 30] → [[11, 22, 33]].
            NDArray y = Primer.affine(m.create(new float[] {1, 2}, new Shape(1, 2)),
                    m.create(new float[] {1, 0, 0, 1, 1, 1}, new Shape(3, 2)), m.create(new float[] {10, 20, 30}));
            assertEquals(new Shape(1, 3), y.getShape(), "shape (B, out)");
            assertArrayEquals(new float[] {11, 22, 33}, y.toFloatArray(), 1e-6f);
            m.getEngine().setRandomSeed(1);
            NDArray x = m.randomNormal(new Shape(5, 4));
            NDArray w = m.randomNormal(new Shape(3, 4));
            NDArray b = m.randomNormal(new Shape(3));
            NDArray expected = ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
            assertArrayEquals(expected.toFloatArray(), Primer.affine(x, w, b).toFloatArray(), 1e-5f, "random (5, 4) × (3, 4)");
        }
    }

    @Test
    @Graded(exercise = "0.2", kind = Graded.Kind.FUNCTION, title = "a numerically stable softmax",
            hint = "Subtract the maximum along the axis (keeping the axis so it broadcasts) before exp, and divide by the "
                    + "sum along the same axis.")
    void softmax() {
        try (NDManager m = Engines.newManager()) {
            NDArray p = Primer.softmax(m.create(new float[] {0, (float) Math.log(3)}), 0);
            assertArrayEquals(new float[] {0.25f, 0.75f}, p.toFloatArray(), 1e-6f, "softmax(0, ln 3) = (1/4, 3/4)");
            NDArray big = Primer.softmax(m.create(new float[] {1000, 1000, 999}, new Shape(1, 3)), -1);
            for (float v : big.toFloatArray()) {
                assertTrue(Float.isFinite(v), "scores of 1000 must not overflow: " + java.util.Arrays.toString(big.toFloatArray()));
            }
            m.getEngine().setRandomSeed(2);
            NDArray x = m.randomNormal(new Shape(2, 3, 4)).mul(5);
            for (int axis : new int[] {0, 1, 2}) {
                assertArrayEquals(x.softmax(axis).toFloatArray(), Primer.softmax(x, axis).toFloatArray(), 1e-6f, "axis " + axis);
            }
            assertArrayEquals(x.softmax(-1).toFloatArray(), Primer.softmax(x, -1).toFloatArray(), 1e-6f, "axis -1");
        }
    }

    @Test
    @Graded(exercise = "0.3", kind = Graded.Kind.FUNCTION, title = "the mean over real positions",
            hint = "Expand the mask to (B, T, 1) as floats, multiply, sum over axis 1, and divide by each sequence's number "
                    + "of tokens (the mask's sum over axis 1), not by T.")
    void maskedMean() {
        try (NDManager m = Engines.newManager()) {
            // Sequence 0: tokens (1, 2) and (3, 4), then padding (100, 100): mean (2, 3). Sequence 1: (5, 6) alone.
            NDArray h = m.create(new float[] {1, 2, 3, 4, 100, 100, 5, 6, 7, 7, 9, 9}, new Shape(2, 3, 2));
            NDArray mask = m.create(new long[] {1, 1, 0, 1, 0, 0}, new Shape(2, 3));
            NDArray mean = Primer.maskedMean(h, mask);
            assertEquals(new Shape(2, 2), mean.getShape(), "shape (B, H)");
            assertArrayEquals(new float[] {2, 3, 5, 6}, mean.toFloatArray(), 1e-6f, "padding must not count");
        }
    }

    @Test
    @Graded(exercise = "0.4", kind = Graded.Kind.RECIPE, title = "accuracy from scores",
            hint = "argMax along axis 1 gives each row's class; compare with the labels as the same integer type.")
    void accuracy() {
        try (NDManager m = Engines.newManager()) {
            NDArray logits = m.create(new float[] {0.1f, 0.9f, 0.8f, 0.2f, 0.3f, 0.7f, 0.5f, 0.4f}, new Shape(4, 2));
            assertEquals(0.75, Primer.accuracy(logits, m.create(new int[] {1, 0, 1, 1})), 1e-9, "3 of 4 right");
            assertEquals(1.0, Primer.accuracy(logits, m.create(new long[] {1, 0, 1, 0})), 1e-9, "int64 labels");
        }
    }
}
