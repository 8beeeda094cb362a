package org.tlnlp.lesson02;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson02.exercises.UncertaintyLoss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Graded tests of exercises 2.3 and 2.4, against PyTorch's autograd ({@code testdata/multitask/golden.json}). */
class UncertaintyLossTest {

    @Test
    @Graded(exercise = "2.3", kind = Graded.Kind.RECIPE, title = "uncertainty-weighted loss",
            hint = "Σ_i ½ · L_i · exp(−2 s_i) + s_i, all with NDArray operations (mul, exp, add, sum), so that gradients reach L and s.")
    void loss() {
        try (NDManager m = Engines.newManager()) {
            // By hand: σ = 1 (s = 0) halves the loss: ½ · 3 + 0.
            assertEquals(1.5, UncertaintyLoss.loss(m.create(new float[] {3}), m.create(new float[] {0})).getFloat(), 1e-6,
                    "L = 3, s = 0");
            for (JsonElement e : Golden.cases("uncertainty")) {
                JsonObject c = e.getAsJsonObject();
                NDArray losses = m.create(Golden.floats(c.get("losses")));
                NDArray s = m.create(Golden.floats(c.get("log_sigma")));
                losses.setRequiresGradient(true);
                s.setRequiresGradient(true);
                NDArray total;
                try (GradientCollector g = Engines.engine().newGradientCollector()) {
                    total = UncertaintyLoss.loss(losses, s);
                    g.backward(total);
                }
                String where = "L = " + c.get("losses") + ", s = " + c.get("log_sigma");
                assertEquals(0, total.getShape().dimension(), "a scalar");
                assertEquals(c.get("loss").getAsDouble(), total.getFloat(), 1e-5, where + ", against PyTorch");
                assertArrayEquals(Golden.floats(c.get("grad_log_sigma")), s.getGradient().toFloatArray(), 1e-5f,
                        "∂/∂s by autograd, " + where);
                assertArrayEquals(Golden.floats(c.get("grad_losses")), losses.getGradient().toFloatArray(), 1e-4f,
                        "∂/∂L by autograd (the weight 1/(2σ²) of each task), " + where);
            }
        }
    }

    @Test
    @Graded(exercise = "2.4", kind = Graded.Kind.FUNCTION, title = "its gradient with respect to log σ, by hand",
            hint = "d/ds (½ L e^(−2s) + s) = −L e^(−2s) + 1. It is zero where e^(2s) = σ² = L: a task settles at σ² equal to its loss.")
    void gradient() {
        for (JsonElement e : Golden.cases("uncertainty")) {
            JsonObject c = e.getAsJsonObject();
            assertArrayEquals(Golden.doubles(c.get("grad_log_sigma")),
                    UncertaintyLoss.gradient(Golden.doubles(c.get("losses")), Golden.doubles(c.get("log_sigma"))), 1e-5,
                    "against PyTorch's autograd at L = " + c.get("losses") + ", s = " + c.get("log_sigma"));
        }
        // Zero where σ² = L, i.e. s = ½ ln L; positive above it (σ too large), negative below.
        double[] losses = {0.05, 1, 7.5};
        double[] atRest = {0.5 * Math.log(0.05), 0, 0.5 * Math.log(7.5)};
        assertArrayEquals(new double[] {0, 0, 0}, UncertaintyLoss.gradient(losses, atRest), 1e-12, "at σ² = L");
        double[] g = UncertaintyLoss.gradient(new double[] {1, 1}, new double[] {1, -1});
        assertEquals(1 - Math.exp(-2), g[0], 1e-12, "σ larger than √L: the gradient is positive, so s comes down");
        assertEquals(1 - Math.exp(2), g[1], 1e-12, "σ smaller than √L: the gradient is negative, so s goes up");
        assertThrows(IllegalArgumentException.class, () -> UncertaintyLoss.gradient(new double[] {1, 2}, new double[] {0}),
                "two losses but one log σ");
    }
}
