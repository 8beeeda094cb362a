package org.tlnlp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.JsonArrays;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.ParameterMap;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fine-tuning "progressive relative to the pre-trained model": {@link WeightAnchor}, {@link L2Sp}, {@link Fisher} and
 * {@link Ewc}, against PyTorch ({@code testdata/optimization/l2sp.json}, {@code fisher.json}), closed forms and finite
 * differences.
 */
class RegularisationTest {

    /** logits = W2 tanh(W1 x + b1) + b2, cross-entropy: the network {@code fisher.json} was computed on. */
    static final class Mlp extends FixedBlock implements Objective<FeatureBatch> {
        final Dense fc1;
        final Dense fc2;
        private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

        Mlp(int in, int hidden, int out) {
            fc1 = addChildBlock("fc1", new Dense(in, hidden, 0.5f));
            fc2 = addChildBlock("fc2", new Dense(hidden, out, 0.5f));
        }

        @Override
        public NDArray loss(ParameterStore s, FeatureBatch b, boolean training) {
            NDArray logits = fc2.forward(s, fc1.forward(s, b.x(), training).tanh(), training);
            return crossEntropy.evaluate(new NDList(b.labels()), new NDList(logits));
        }

        @Override
        public ParameterMap namedParameters() {
            return new ParameterMap().dense("w1", fc1).dense("w2", fc2);
        }

        @Override
        public int depthOf(String name) {
            return name.startsWith("w1") ? 1 : 2;
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            throw new UnsupportedOperationException();
        }
    }

    /** The golden file's keys of each of the MLP's tensors. */
    private static final Map<String, String> KEYS = Map.of("w1.weight", "w1", "w1.bias", "b1", "w2.weight", "w2",
            "w2.bias", "b2");

    /** The case's network with its weights, and its examples as single-example batches. */
    private record Case(Mlp model, BatchSource<FeatureBatch> examples, JsonObject json) {
    }

    private static Case load(NDManager m, JsonObject c) {
        JsonObject p = c.getAsJsonObject("parameters");
        JsonArray x = c.getAsJsonArray("x");
        int[] y = JsonArrays.ints(c.get("labels"));
        Shape w1 = JsonArrays.shape(p.get("w1"));
        Shape w2 = JsonArrays.shape(p.get("w2"));
        Mlp model = new Mlp((int) w1.get(1), (int) w1.get(0), (int) w2.get(0));
        model.initialize(m);
        model.namedParameters().forEach(e -> e.parameter().getArray()
                .set(FloatBuffer.wrap(JsonArrays.flatFloats(p.get(KEYS.get(e.name()))))));
        BatchSource<FeatureBatch> examples = BatchSource.of(y.length, (s, i) -> new FeatureBatch(
                s.create(JsonArrays.flatFloats(x.get(i)), new Shape(1, x.get(i).getAsJsonArray().size())),
                s.create(new float[] {y[i]})));
        return new Case(model, examples, c);
    }

    @Test
    void theFisherIsTheMeanOfSquaredPerExampleGradientsAsInPyTorch() {
        for (JsonObject c : OptimizationGolden.cases("fisher.json")) {
            try (NDManager m = Engines.newManager()) {
                Case k = load(m, c);
                try (Fisher f = Fisher.diagonal(k.model(), k.examples(), n -> true)) {
                    assertEquals(k.examples().batches(), f.examples());
                    for (Map.Entry<String, String> e : KEYS.entrySet()) {
                        float[] expected = JsonArrays.flatFloats(c.getAsJsonObject("fisher").get(e.getValue()));
                        float[] got = f.get(e.getKey()).toFloatArray();
                        assertArrayEquals(expected, got, 1e-6f + 1e-5f * max(expected), c.get("name") + ", " + e.getKey());
                        float[] squaredMean = JsonArrays.flatFloats(c.getAsJsonObject("squared_mean_gradient")
                                .get(e.getValue()));
                        assertTrue(maxDiff(squaredMean, got) > 10 * (1e-6f + 1e-5f * max(expected)),
                                "the squared mean gradient is something else: " + e.getKey());
                    }
                    // F's scaling and its mean
                    try (Fisher unit = f.scaled(1 / f.mean())) {
                        assertEquals(1.0, unit.mean(), 1e-5);
                    }
                }
                k.model().namedParameters().forEach(e -> assertArrayEquals(new float[(int) e.parameter().getArray().size()],
                        e.parameter().getArray().getGradient().toFloatArray(), 0f, "gradients are left at zero: " + e.name()));
            }
        }
    }

    @Test
    void theFisherRefusesBatchesOfSeveralExamples() {
        try (NDManager m = Engines.newManager()) {
            Case k = load(m, OptimizationGolden.cases("fisher.json").get(0));
            BatchSource<FeatureBatch> pairs = BatchSource.of(2, (s, i) -> new FeatureBatch(s.ones(new Shape(2, 5)),
                    s.zeros(new Shape(2))));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Fisher.diagonal(k.model(), pairs, n -> true));
            assertTrue(e.getMessage().contains("one gradient per example"), e.getMessage());
        }
    }

    @Test
    void ewcIsHalfLambdaTimesFisherWeightedSquaredDistanceAndItsGradientIsLambdaFTimesTheDistance() {
        try (NDManager m = Engines.newManager()) {
            Case k = load(m, OptimizationGolden.cases("fisher.json").get(0));
            ParameterMap names = k.model().namedParameters();
            try (Fisher f = Fisher.diagonal(k.model(), k.examples(), n -> !n.equals("w2.bias"));
                 WeightAnchor optimum = WeightAnchor.of(names, n -> true)) {
                move(names, new Random(5), 0.2f);
                double lambda = 3.0;
                Ewc ewc = new Ewc(names, optimum, f, lambda);
                double expected = 0;
                for (String n : f.names()) {
                    float[] fv = f.get(n).toFloatArray();
                    float[] w = names.get(n).parameter().getArray().toFloatArray();
                    float[] w0 = optimum.get(n).toFloatArray();
                    for (int i = 0; i < w.length; i++) {
                        expected += lambda / 2 * fv[i] * (w[i] - w0[i]) * (w[i] - w0[i]);
                    }
                }
                Map<String, float[]> grads = penaltyGradients(ewc, names, m);
                assertEquals(expected, grads.remove("value")[0], 1e-5 * expected);
                for (String n : f.names()) {
                    float[] fv = f.get(n).toFloatArray();
                    float[] w = names.get(n).parameter().getArray().toFloatArray();
                    float[] w0 = optimum.get(n).toFloatArray();
                    float[] g = grads.get(n);
                    for (int i = 0; i < w.length; i++) {
                        assertEquals(lambda * fv[i] * (w[i] - w0[i]), g[i], 1e-6, n + "[" + i + "]");
                    }
                }
                assertArrayEquals(new float[grads.get("w2.bias").length], grads.get("w2.bias"), 0f,
                        "a parameter without a Fisher value is free");
            }
        }
    }

    @Test
    void l2spMatchesPyTorchsValues() {
        for (JsonObject c : OptimizationGolden.cases("l2sp.json")) {
            try (NDManager m = Engines.newManager()) {
                ParameterMap model = new ParameterMap();
                ParameterMap start = new ParameterMap();
                JsonArray w = c.getAsJsonArray("weights");
                JsonArray w0 = c.getAsJsonArray("pretrained");
                JsonArray h = c.getAsJsonArray("head");
                for (int i = 0; i < w.size(); i++) {
                    model.put("w" + i, parameter(JsonArrays.array(m, w.get(i))));
                    start.put("w" + i, parameter(JsonArrays.array(m, w0.get(i))));
                }
                for (int i = 0; i < h.size(); i++) {
                    model.put("head" + i, parameter(JsonArrays.array(m, h.get(i))));
                }
                try (WeightAnchor anchor = WeightAnchor.of(start, n -> true)) {
                    L2Sp penalty = new L2Sp(model, anchor, c.get("alpha").getAsDouble(), c.get("beta").getAsDouble());
                    double expected = c.get("penalty").getAsDouble();
                    try (NDManager scope = m.newSubManager()) {
                        assertEquals(expected, penalty.value(new ParameterStore(m, false), scope, true).getFloat(),
                                1e-5 * expected + 1e-7, c.get("name").getAsString());
                    }
                    Map<String, NDArray> g = penalty.gradient(m);
                    JsonArray wg = c.getAsJsonArray("weight_gradients");
                    JsonArray hg = c.getAsJsonArray("head_gradients");
                    for (int i = 0; i < w.size(); i++) {
                        assertArrayEquals(JsonArrays.flatFloats(wg.get(i)), g.get("w" + i).toFloatArray(), 1e-6f, "w" + i);
                    }
                    for (int i = 0; i < h.size(); i++) {
                        assertArrayEquals(JsonArrays.flatFloats(hg.get(i)), g.get("head" + i).toFloatArray(), 1e-6f,
                                "head" + i);
                    }
                }
            }
        }
    }

    @Test
    void l2spsAutogradGradientIsItsClosedFormAndAFiniteDifference() {
        try (NDManager m = Engines.newManager()) {
            new Rng(4).seedEngine();
            TrainLoopTest.TwoLayers model = new TrainLoopTest.TwoLayers();
            model.initialize(m);
            ParameterMap names = model.namedParameters();
            try (WeightAnchor start = WeightAnchor.of(names, n -> n.startsWith("layer.0."))) {
                move(names, new Random(6), 0.3f);
                L2Sp penalty = new L2Sp(names, start, 0.7, 0.2);
                Map<String, float[]> autograd = penaltyGradients(penalty, names, m);
                Map<String, NDArray> closed = penalty.gradient(m);
                for (String n : names.names()) {
                    assertArrayEquals(closed.get(n).toFloatArray(), autograd.get(n), 1e-6f, n);
                }
                // A central difference of the penalty's own value at a few coordinates (it is quadratic, so the
                // difference is exact up to float rounding).
                Random r = new Random(8);
                for (int trial = 0; trial < 6; trial++) {
                    String n = names.names().get(r.nextInt(names.size()));
                    NDArray w = names.get(n).parameter().getArray();
                    int i = r.nextInt((int) w.size());
                    float[] v = w.toFloatArray();
                    float eps = 1e-2f;
                    double up = valueWith(penalty, w, v, i, eps, m);
                    double down = valueWith(penalty, w, v, i, -eps, m);
                    w.set(FloatBuffer.wrap(v));
                    assertEquals((up - down) / (2 * eps), autograd.get(n)[i], 2e-3, n + "[" + i + "] by a central difference");
                }
            }
        }
    }

    @Test
    void l2spHoldsFineTuningNearTheStartingPoint() {
        Recipe recipe = Recipe.fineTuning(0.05).withWeightDecay(0).withClipping(0);
        double plain = layer0Moved((model, start) -> model, recipe, n -> n.startsWith("layer.0."));
        double held = layer0Moved((model, start) -> new Regularized<>(model, new L2Sp(model.namedParameters(), start, 10.0,
                0)), recipe, n -> n.startsWith("layer.0."));
        assertTrue(held < plain / 2, "layer.0 moved " + plain + " without L2-SP and " + held + " with it");
    }

    /**
     * How far the anchored parameters of layer.0 of a {@link TrainLoopTest.TwoLayers} moved (‖w − w⁰‖ / ‖w⁰‖) in 3
     * epochs on two blobs, trained through the objective {@code wrap} makes of the model and its anchor.
     */
    static double layer0Moved(BiFunction<TrainLoopTest.TwoLayers, WeightAnchor, Objective<FeatureBatch>> wrap,
                              Recipe recipe, Predicate<String> anchored) {
        int[] y = new int[64];
        float[][] x = TrainLoopTest.blobs(64, new Random(1), y);
        try (NDManager m = Engines.newManager()) {
            new Rng(2).seedEngine();
            TrainLoopTest.TwoLayers model = new TrainLoopTest.TwoLayers();
            model.initialize(m);
            try (WeightAnchor start = WeightAnchor.of(model.namedParameters(), anchored)) {
                Objective<FeatureBatch> objective = wrap.apply(model, start);
                History h = TrainLoop.builder().recipe(recipe).epochs(3).label("moved").build()
                        .fit(objective, new ArrayBatches(x, y, 16, new Rng(3)));
                assertTrue(Double.isFinite(h.last("train_loss")));
                if (objective instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return start.relativeDistanceByDepth(model)[1];
            }
        }
    }

    @Test
    void anAnchorIsACopyAndMeasuresHowFarEachDepthMoved() {
        try (NDManager m = Engines.newManager()) {
            new Rng(4).seedEngine();
            TrainLoopTest.TwoLayers model = new TrainLoopTest.TwoLayers();
            model.initialize(m);
            ParameterMap names = model.namedParameters();
            try (WeightAnchor anchor = WeightAnchor.of(names, n -> true)) {
                float[] before = anchor.get("layer.1.weight").toFloatArray();
                assertArrayEquals(new double[] {Double.NaN, 0, 0}, anchor.relativeDistanceByDepth(model), 0);
                move(names, new Random(2), 0.1f);
                assertArrayEquals(before, anchor.get("layer.1.weight").toFloatArray(), 0f, "the anchor keeps its values");
                assertFalse(anchor.get("layer.1.weight").hasGradient());
                double moved = 0;
                double size = 0;
                for (String n : new String[] {"layer.1.weight", "layer.1.bias"}) {
                    float[] w = names.get(n).parameter().getArray().toFloatArray();
                    float[] w0 = anchor.get(n).toFloatArray();
                    for (int i = 0; i < w.length; i++) {
                        moved += (w[i] - w0[i]) * (double) (w[i] - w0[i]);
                        size += w0[i] * (double) w0[i];
                    }
                }
                assertEquals(Math.sqrt(moved / size), anchor.relativeDistanceByDepth(model)[2], 1e-6);
                anchor.restore(names);
                assertArrayEquals(before, names.get("layer.1.weight").parameter().getArray().toFloatArray(), 0f,
                        "restored in place");
                assertArrayEquals(new double[] {Double.NaN, 0, 0}, anchor.relativeDistanceByDepth(model), 0);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The penalty's value (under "value") and its gradient for every parameter, by autograd. */
    static Map<String, float[]> penaltyGradients(Penalty penalty, ParameterMap names, NDManager m) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        try (NDManager scope = m.newSubManager()) {
            NDArray value;
            try (GradientCollector c = Engines.engine().newGradientCollector()) {
                value = penalty.value(new ParameterStore(m, false), scope, true);
                c.backward(value);
            }
            out.put("value", new float[] {value.getFloat()});
            for (ParameterMap.Entry e : names) {
                NDArray g = e.parameter().getArray().getGradient();
                g.attach(scope);
                out.put(e.name(), g.toFloatArray());
                g.subi(g);
            }
        }
        return out;
    }

    private static double valueWith(Penalty p, NDArray w, float[] v, int i, float delta, NDManager m) {
        float[] moved = v.clone();
        moved[i] += delta;
        w.set(FloatBuffer.wrap(moved));
        try (NDManager scope = m.newSubManager()) {
            return p.value(new ParameterStore(m, false), scope, true).toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                    .getDouble();
        }
    }

    /** Adds Gaussian noise of the given scale to every parameter, in place. */
    static void move(ParameterMap names, Random r, float scale) {
        names.forEach(e -> {
            float[] v = e.parameter().getArray().toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (scale * r.nextGaussian());
            }
            e.parameter().getArray().set(FloatBuffer.wrap(v));
        });
    }

    private static Parameter parameter(NDArray value) {
        Parameter p = Parameter.builder().setName("p").setType(Parameter.Type.WEIGHT).build();
        p.setArray(value);
        return p;
    }

    private static float max(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static float maxDiff(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
