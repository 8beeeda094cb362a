package org.tlnlp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.nn.ParameterMap;

import java.nio.FloatBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Mixout}: what the task sees of an anchored weight while training, and the gradient that flows back. */
class MixoutTest {

    /** A "task" whose loss is Σ c ⊙ w̃ and that keeps the w̃ it was given. */
    private static final class Probe implements Objective<FeatureBatch> {
        final Parameter w;
        final NDArray c;
        float[] seen;

        Probe(NDManager m, float[] values, float[] weights) {
            w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            w.setArray(m.create(values, new Shape(values.length)));
            w.getArray().setRequiresGradient(true);
            c = m.create(weights, new Shape(weights.length));
        }

        @Override
        public NDArray loss(ParameterStore store, FeatureBatch batch, boolean training) {
            NDArray mixed = store.getValue(w, w.getArray().getDevice(), training);
            seen = mixed.toFloatArray();
            return c.mul(mixed).sum();
        }

        @Override
        public ParameterMap namedParameters() {
            return new ParameterMap().put("w", w);
        }
    }

    @Test
    void aSwappedValueIsThePretrainedOneAndTheRestIsRescaledSoTheMeanIsW() {
        int n = 200_000;
        double p = 0.7;
        Random r = new Random(1);
        float[] w = new float[n];
        float[] u = new float[n];
        float[] c = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) r.nextGaussian();
            u[i] = (float) r.nextGaussian();
            c[i] = (float) r.nextGaussian();
        }
        try (NDManager m = Engines.newManager()) {
            new Rng(5).seedEngine();
            Probe probe = new Probe(m, u, c);
            try (WeightAnchor anchor = WeightAnchor.of(probe.namedParameters(), x -> true)) {
                probe.w.getArray().set(FloatBuffer.wrap(w));
                try (Mixout<FeatureBatch> mixout = new Mixout<>(probe, anchor, p)) {
                    NDArray loss;
                    try (GradientCollector g = Engines.engine().newGradientCollector()) {
                        loss = mixout.loss(new ParameterStore(m, false), null, true);
                        g.backward(loss);
                    }
                    float[] grad = probe.w.getArray().getGradient().toFloatArray();
                    int swapped = 0;
                    double meanDiff = 0;
                    for (int i = 0; i < n; i++) {
                        boolean isU = Math.abs(probe.seen[i] - u[i]) < 1e-5;
                        float kept = (float) ((w[i] - p * u[i]) / (1 - p));
                        if (isU) {
                            swapped++;
                            assertEquals(0f, grad[i], 0f, "a swapped value gets no gradient (" + i + ")");
                        } else {
                            assertEquals(kept, probe.seen[i], 1e-4f * (1 + Math.abs(kept)), "a kept value is (w − p u)/(1 − p)");
                            assertEquals(c[i] / (1 - p), grad[i], 1e-4f * (1 + Math.abs(c[i])), "its gradient is c/(1 − p)");
                        }
                        meanDiff += probe.seen[i] - w[i];
                    }
                    assertEquals(p, swapped / (double) n, 0.005, "the share swapped for the pre-trained value");
                    assertEquals(0, meanDiff / n, 0.02, "E[w̃] = w");
                }
            }
        }
    }

    @Test
    void outsideTrainingAndWithPZeroTheTaskSeesItsOwnWeights() {
        try (NDManager m = Engines.newManager()) {
            float[] w = {1, 2, 3};
            Probe probe = new Probe(m, new float[] {5, 5, 5}, new float[] {1, 1, 1});
            try (WeightAnchor anchor = WeightAnchor.of(probe.namedParameters(), x -> true)) {
                probe.w.getArray().set(FloatBuffer.wrap(w));
                try (Mixout<FeatureBatch> mixout = new Mixout<>(probe, anchor, 0.9)) {
                    mixout.loss(new ParameterStore(m, false), null, false);
                    assertArrayEquals(w, probe.seen, 0f, "evaluation reads the weights themselves");
                }
                try (Mixout<FeatureBatch> none = new Mixout<>(probe, anchor, 0)) {
                    none.loss(new ParameterStore(m, false), null, true);
                    assertArrayEquals(w, probe.seen, 0f, "p = 0 changes nothing");
                }
                assertThrows(IllegalArgumentException.class, () -> new Mixout<>(probe, anchor, 1.0));
            }
        }
    }

    @Test
    void trainingWithMixoutRunsInTheLoopAndStaysNearerTheAnchor() {
        Recipe recipe = Recipe.fineTuning(0.05).withClipping(0);
        double plain = RegularisationTest.layer0Moved((model, start) -> new Mixout<>(model, start, 0), recipe,
                n -> n.equals("layer.0.weight"));
        double mixed = RegularisationTest.layer0Moved((model, start) -> new Mixout<>(model, start, 0.9), recipe,
                n -> n.equals("layer.0.weight"));
        assertTrue(mixed < plain, "layer.0 moved " + plain + " without mixout and " + mixed + " with p = 0.9");
    }
}
