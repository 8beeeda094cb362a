package org.tlnlp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.ParameterMap;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainLoopTest {

    /** Two Gaussian blobs, linearly separable. */
    static float[][] blobs(int n, Random r, int[] labels) {
        float[][] x = new float[n][4];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) (r.nextGaussian() * 0.5 + (labels[i] == 1 ? 1.5 : -1.5) * (j == 0 ? 1 : 0));
            }
        }
        return x;
    }

    @Test
    void learnsASeparableProblemAndLogsItsHistory() {
        int[] y = new int[400];
        float[][] x = blobs(400, new Random(3), y);
        try (LinearProbe p = LinearProbe.train(x, y, 2, new LinearProbe.Settings(5, 32, 0.05, 0), new Rng(4), "blobs")) {
            assertTrue(p.accuracy(x, y) > 0.95, "accuracy " + p.accuracy(x, y));
            List<History.Point> loss = p.history().series("train_loss");
            assertTrue(loss.get(loss.size() - 1).value() < loss.get(0).value(), "loss falls");
            assertEquals(5, p.history().series("epoch_train_loss").size());
            assertEquals(List.of("train_loss", "learning_rate", "epoch_train_loss"), List.copyOf(p.history().metrics()));
            assertEquals(4, p.history().toTable("h").columnCount());
        }
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        int[] y = new int[100];
        float[][] x = blobs(100, new Random(5), y);
        int[] a;
        int[] b;
        try (LinearProbe p = LinearProbe.train(x, y, 2, LinearProbe.Settings.defaults(), new Rng(9), "a");
             LinearProbe q = LinearProbe.train(x, y, 2, LinearProbe.Settings.defaults(), new Rng(9), "b")) {
            assertEquals(p.history().last("train_loss"), q.history().last("train_loss"), 0.0);
            a = p.predict(x);
            b = q.predict(x);
        }
        assertArrayEquals(a, b);
    }

    /** Two linear layers, named {@code layer.0.*} and {@code layer.1.*}, trained with cross-entropy. */
    static final class TwoLayers extends FixedBlock implements Objective<FeatureBatch> {
        final Dense first = addChildBlock("first", new Dense(4, 8, 0.5f));
        final Dense second = addChildBlock("second", new Dense(8, 2, 0.5f));
        private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

        NDArray logits(ParameterStore s, NDArray x, boolean training) {
            return second.forward(s, first.forward(s, x, training), training);
        }

        @Override
        public NDArray loss(ParameterStore s, FeatureBatch batch, boolean training) {
            return crossEntropy.evaluate(new NDList(batch.labels()), new NDList(logits(s, batch.x(), training)));
        }

        @Override
        public ParameterMap namedParameters() {
            return new ParameterMap().dense("layer.0", first).dense("layer.1", second);
        }

        @Override
        public int depthOf(String name) {
            return name.startsWith("layer.0.") ? 1 : 2;
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            return new NDList(logits(s, in.singletonOrThrow(), training));
        }
    }

    private static TwoLayers twoLayers(NDManager m, Rng rng) {
        rng.seedEngine();
        TwoLayers t = new TwoLayers();
        t.initialize(m);
        return t;
    }

    private static Map<String, float[]> values(ParameterMap map) {
        Map<String, float[]> out = new LinkedHashMap<>();
        map.forEach(e -> out.put(e.name(), e.parameter().getArray().toFloatArray()));
        return out;
    }

    private static final Recipe PLAIN = Recipe.fineTuning(0.05).withWeightDecay(0).withClipping(0)
            .withSchedule(Recipe.Shape.CONSTANT);

    @Test
    void aGroupSelectedByNameFreezesExactlyTheNamedTensors() {
        int[] y = new int[64];
        float[][] x = blobs(64, new Random(1), y);
        try (NDManager m = Engines.newManager()) {
            TwoLayers model = twoLayers(m, new Rng(2));
            Map<String, float[]> before = values(model.namedParameters());
            TrainLoop.builder().recipe(PLAIN).group(ParamGroup.frozen("layer.0.*")).epochs(2).label("frozen")
                    .build().fit(model, new ArrayBatches(x, y, 16, new Rng(3)));
            Map<String, float[]> after = values(model.namedParameters());
            before.forEach((name, v) -> assertEquals(name.startsWith("layer.0."), java.util.Arrays.equals(v, after.get(name)),
                    name + (name.startsWith("layer.0.") ? " is frozen" : " trains")));
            model.namedParameters().forEach(e -> assertTrue(e.parameter().requiresGradient(),
                    "training state is restored afterwards: " + e.name()));
            // The same by depth: layer.0 sits at depth 1.
            Map<String, float[]> again = values(model.namedParameters());
            TrainLoop.builder().recipe(PLAIN).group(ParamGroup.frozenDepths(model, "bottom", d -> d == 1)).epochs(1)
                    .label("depth").build().fit(model, new ArrayBatches(x, y, 16, new Rng(3)));
            Map<String, float[]> then = values(model.namedParameters());
            again.forEach((name, v) -> assertEquals(name.startsWith("layer.0."), java.util.Arrays.equals(v, then.get(name)), name));
        }
    }

    @Test
    void globsMatchWholeNames() {
        assertTrue(ParamGroup.glob("encoder.layer.[0-3].*", 1).selects().test("encoder.layer.3.attention.self.query.weight"));
        assertFalse(ParamGroup.glob("encoder.layer.[0-3].*", 1).selects().test("encoder.layer.11.output.dense.bias"));
        assertFalse(ParamGroup.glob("encoder.layer.[0-3].*", 1).selects().test("bert.encoder.layer.1.output.dense.bias"));
        assertTrue(ParamGroup.glob("*LayerNorm*", 1).selects().test("embeddings.LayerNorm.weight"));
        assertTrue(ParamGroup.glob("h.?.attn.c_attn.weight", 1).selects().test("h.7.attn.c_attn.weight"));
    }

    /** The parameters after one step of AdamW with the given decay, from the same start on the same batch. */
    private static Map<String, float[]> afterOneStep(double decay, boolean decayVectors) {
        int[] y = new int[16];
        float[][] x = blobs(16, new Random(1), y);
        try (NDManager m = Engines.newManager()) {
            TwoLayers model = twoLayers(m, new Rng(2));
            model.namedParameters().forEach(e -> {
                if (e.name().endsWith(".bias")) {
                    e.parameter().getArray().set(java.nio.FloatBuffer.wrap(filled(e.parameter().getArray().size()))); // a zero bias would not show decay
                }
            });
            Recipe r = PLAIN.withWeightDecay(decay).withDecayOnVectors(decayVectors);
            TrainLoop.builder().recipe(r).epochs(1).label("decay").build().fit(model, new ArrayBatches(x, y, 16, new Rng(3)));
            return values(model.namedParameters());
        }
    }

    private static float[] filled(long n) {
        float[] v = new float[(int) n];
        java.util.Arrays.fill(v, 0.5f);
        return v;
    }

    @Test
    void weightDecaySkipsVectorsUnlessTheRecipeSaysOtherwise() {
        Map<String, float[]> none = afterOneStep(0, false);
        Map<String, float[]> matrices = afterOneStep(0.5, false);
        Map<String, float[]> all = afterOneStep(0.5, true);
        for (String name : none.keySet()) {
            boolean vector = name.endsWith(".bias");
            assertEquals(vector, java.util.Arrays.equals(none.get(name), matrices.get(name)),
                    name + (vector ? ": biases are not decayed by default" : ": matrices are"));
            assertFalse(java.util.Arrays.equals(none.get(name), all.get(name)), name + " decays when vectors decay too");
        }
    }

    @Test
    void aStepWithNonFiniteGradientsIsSkippedAndCounted() {
        int[] y = new int[32];
        float[][] x = blobs(32, new Random(1), y);
        ArrayBatches clean = new ArrayBatches(x, y, 8, new Rng(3));
        BatchSource<FeatureBatch> poisoned = new BatchSource<>() {
            @Override
            public int batches() {
                return clean.batches();
            }

            @Override
            public FeatureBatch batch(NDManager m, int epoch, int index) {
                FeatureBatch b = clean.batch(m, epoch, index);
                return index == 1 ? new FeatureBatch(b.x().mul(Float.NaN), b.labels()) : b;
            }
        };
        try (NDManager m = Engines.newManager()) {
            TwoLayers model = twoLayers(m, new Rng(2));
            History h = TrainLoop.builder().recipe(PLAIN.withClipping(1.0)).epochs(2).logEvery(1).label("poisoned").build()
                    .fit(model, poisoned);
            assertEquals(2, h.series("skipped_step").size(), "one poisoned batch per epoch");
            model.namedParameters().forEach(e -> {
                for (float v : e.parameter().getArray().toFloatArray()) {
                    assertTrue(Float.isFinite(v), e.name() + " stays finite");
                }
            });
        }
    }

    @Test
    void aParameterFrozenBeforehandStaysFrozen() {
        int[] y = new int[32];
        float[][] x = blobs(32, new Random(1), y);
        try (NDManager m = Engines.newManager()) {
            TwoLayers model = twoLayers(m, new Rng(2));
            Parameter first = model.first.weight;
            first.freeze(true);
            float[] before = first.getArray().toFloatArray();
            TrainLoop.builder().recipe(PLAIN.withClipping(1.0)).epochs(1).label("pre-frozen").build()
                    .fit(model, new ArrayBatches(x, y, 8, new Rng(3)));
            assertArrayEquals(before, first.getArray().toFloatArray(), 0f);
            assertFalse(first.requiresGradient());
        }
    }

    @Test
    void aGroupWithScaleZeroDoesNotMoveWhileTheBaseRateDoes() {
        int[] y = new int[64];
        float[][] x = blobs(64, new Random(1), y);
        try (NDManager m = Engines.newManager()) {
            TwoLayers model = twoLayers(m, new Rng(2));
            float[] headBefore = model.second.weight.getArray().toFloatArray();
            float[] firstBefore = model.first.weight.getArray().toFloatArray();
            TrainLoop.builder().recipe(PLAIN).group(ParamGroup.glob("layer.1.*", 0.0)).epochs(1).label("scaled")
                    .build().fit(model, new ArrayBatches(x, y, 16, new Rng(3)));
            assertArrayEquals(headBefore, model.second.weight.getArray().toFloatArray(), 0f);
            assertFalse(java.util.Arrays.equals(firstBefore, model.first.weight.getArray().toFloatArray()));
        }
    }

    @Test
    void clippingScalesAllGradientsToTheGlobalNorm() {
        try (NDManager root = Engines.newManager(); NDManager m = root.newSubManager()) {
            TwoLayers model = twoLayers(root, new Rng(2));
            List<Parameter> params = new java.util.ArrayList<>();
            model.namedParameters().forEach(e -> params.add(e.parameter()));
            try (ai.djl.training.GradientCollector c = Engines.engine().newGradientCollector()) {
                NDArray out = model.logits(new ParameterStore(m, false), m.ones(new Shape(3, 4)).mul(10), true);
                c.backward(out.square().sum());
            }
            double norm = 0;
            for (Parameter p : params) {
                norm += p.getArray().getGradient().square().sum().getFloat();
            }
            norm = Math.sqrt(norm);
            assertTrue(norm > 1, "the test needs a gradient norm above the clip, got " + norm);
            float[] g0 = params.get(0).getArray().getGradient().toFloatArray();
            TrainLoop.clipGlobalNorm(params.stream().map(p -> p.getArray().getGradient()).toList(), 1.0);
            double clipped = 0;
            for (Parameter p : params) {
                clipped += p.getArray().getGradient().square().sum().getFloat();
            }
            assertEquals(1.0, Math.sqrt(clipped), 1e-3);
            float[] g0After = params.get(0).getArray().getGradient().toFloatArray();
            assertEquals(g0[0] / norm, g0After[0], 1e-4 * Math.abs(g0[0] / norm) + 1e-7, "direction kept");
        }
    }

    @Test
    void recipesSayWhatTheyDo() {
        Recipe ft = Recipe.fineTuning(2e-5);
        assertEquals(100, ft.warmupSteps(1000));
        assertEquals(0.01, ft.weightDecay());
        assertEquals(1.0, ft.clipNorm());
        assertEquals(50, Recipe.pretraining(1e-3).warmupSteps(1000));
        assertEquals(1.0 / 100, ft.schedule(1000).factor(0), 1e-12);
        assertEquals(1.0, ft.schedule(1000).factor(99), 1e-12);
    }

    @Test
    void progressBarWritesTenthsToALog() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar("demo", 100, "ex", new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        for (int i = 0; i < 100; i++) {
            bar.step(32, "loss 1.0");
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[3].contains("100%") && lines[3].contains("loss 1.0") && lines[3].contains("ex/s"), lines[3]);
    }
}
