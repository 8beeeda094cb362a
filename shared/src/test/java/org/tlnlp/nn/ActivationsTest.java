package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tanh GELU, computed in its sigmoid form, against the textbook formula evaluated in double precision. */
class ActivationsTest {

    @Test
    void theSigmoidFormIsTheTanhApproximation() {
        try (NDManager m = Engines.newManager()) {
            float[] x = new float[4001];
            for (int i = 0; i < x.length; i++) {
                x[i] = -20f + i * 0.01f; // -20 .. 20
            }
            float[] ours = Activations.geluTanh(m.create(x)).toFloatArray();
            double worst = 0;
            for (int i = 0; i < x.length; i++) {
                double v = x[i];
                double textbook = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
                worst = Math.max(worst, Math.abs(ours[i] - textbook) / Math.max(1, Math.abs(textbook)));
            }
            assertTrue(worst < 1e-6, "largest (relative above 1) difference " + worst);
            NDArray far = Activations.geluTanh(m.create(new float[] {-1000f, 1000f}));
            assertEquals(0f, far.getFloat(0), 0f); // no NaN where the exponential overflows
            assertEquals(1000f, far.getFloat(1), 0f);
        }
    }
}
