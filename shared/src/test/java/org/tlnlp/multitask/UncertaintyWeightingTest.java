package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link UncertaintyWeighting} and {@link FixedWeights} against PyTorch's autograd. */
class UncertaintyWeightingTest {

    @Test
    void formulaAndGradientsMatchPyTorch() {
        try (NDManager m = Engines.newManager()) {
            for (JsonElement e : Golden.list("uncertainty")) {
                JsonObject c = e.getAsJsonObject();
                float[] l = Golden.values(c.get("losses"));
                float[] s = Golden.values(c.get("log_sigma"));
                // the model's weighting, its log σ set to the case's values, combining the losses task by task
                UncertaintyWeighting w = new UncertaintyWeighting(l.length);
                w.initialize(m);
                w.namedParameters().get("log_sigma").parameter().getArray().set(s);
                List<NDArray> losses = new ArrayList<>();
                int[] tasks = new int[l.length];
                for (int i = 0; i < l.length; i++) {
                    NDArray x = m.create(l[i]);
                    x.setRequiresGradient(true);
                    losses.add(x);
                    tasks[i] = i;
                }
                NDArray total;
                try (GradientCollector g = Engines.engine().newGradientCollector()) {
                    total = w.combine(new ParameterStore(m, false), tasks, losses);
                    g.backward(total);
                }
                assertEquals(c.get("loss").getAsDouble(), total.getFloat(), 1e-5, "Σ L/(2σ²) + log σ at " + c);
                assertArrayEquals(Golden.values(c.get("grad_log_sigma")),
                        w.namedParameters().get("log_sigma").parameter().getArray().getGradient().toFloatArray(), 1e-5f);
                for (int i = 0; i < l.length; i++) {
                    assertEquals(Golden.doubles(c.get("grad_losses"))[i], losses.get(i).getGradient().getFloat(), 1e-4,
                            "the weight 1/(2σ²) of task " + i);
                }
                assertEquals(c.get("loss").getAsDouble(), UncertaintyWeighting.loss(m.create(l), m.create(s)).getFloat(), 1e-5);
                double[] ld = new double[l.length];
                double[] sd = new double[s.length];
                for (int i = 0; i < l.length; i++) {
                    ld[i] = l[i];
                    sd[i] = s[i];
                }
                assertArrayEquals(Golden.doubles(c.get("grad_log_sigma")), UncertaintyWeighting.gradient(ld, sd), 1e-6);
            }
        }
    }

    @Test
    void aStepWithSomeTasksUsesTheirOwnSigmas() {
        try (NDManager m = Engines.newManager()) {
            UncertaintyWeighting w = new UncertaintyWeighting(3);
            w.initialize(m);
            assertArrayEquals(new double[] {1, 1, 1}, w.sigmas(), 0, "σ starts at 1 (log σ = 0)");
            w.namedParameters().get("log_sigma").parameter().getArray().set(new float[] {0, (float) Math.log(2), 0});
            // only task 1 in this step: ½ · 8 / 4 + ln 2
            NDArray total = w.combine(new ParameterStore(m, false), new int[] {1}, List.of(m.create(8f)));
            assertEquals(1 + Math.log(2), total.getFloat(), 1e-6);
            assertArrayEquals(new double[] {1, 2, 1}, w.sigmas(), 1e-6);
            FixedWeights f = new FixedWeights(1, 0.5, 2);
            assertEquals(3 * 0.5 + 2 * 2, f.combine(null, new int[] {1, 2}, List.of(m.create(3f), m.create(2f))).getFloat(), 1e-6);
            assertEquals(0, f.namedParameters().size(), "fixed weights are not learned");
        }
    }
}
