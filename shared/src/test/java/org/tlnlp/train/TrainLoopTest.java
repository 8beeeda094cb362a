package org.tlnlp.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.tlnlp.analysis.LinearProbe;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    private static Model twoLayerModel(Rng rng) {
        Model model = Model.newInstance("t", Engines.device(), Engines.engine().getEngineName());
        SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(8).build())
                .add(Linear.builder().setUnits(2).build());
        model.setBlock(block);
        rng.seedEngine();
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 4));
        return model;
    }

    @Test
    void aFrozenGroupKeepsItsWeightsAndTheOthersMove() {
        int[] y = new int[64];
        float[][] x = blobs(64, new Random(1), y);
        try (Model model = twoLayerModel(new Rng(2))) {
            List<Pair<String, Parameter>> params = model.getBlock().getParameters().stream().toList();
            String firstLayer = params.get(0).getKey().substring(0, params.get(0).getKey().indexOf('_') + 1);
            float[][] before = params.stream().map(p -> p.getValue().getArray().toFloatArray()).toArray(float[][]::new);
            TrainLoop.builder().loss(Loss.softmaxCrossEntropyLoss()).learningRate(0.05)
                    .group(ParamGroup.frozenPrefix(firstLayer)).epochs(1).label("frozen")
                    .build().fit(model, new ArrayBatches(x, y, 16, new Rng(3)));
            for (int i = 0; i < params.size(); i++) {
                float[] after = params.get(i).getValue().getArray().toFloatArray();
                boolean frozen = params.get(i).getKey().startsWith(firstLayer);
                assertEquals(frozen, java.util.Arrays.equals(before[i], after), params.get(i).getKey());
                assertTrue(params.get(i).getValue().requiresGradient(), "training state is restored afterwards");
            }
        }
    }

    @Test
    void aStepWithNonFiniteGradientsIsSkippedAndCounted() {
        int[] y = new int[32];
        float[][] x = blobs(32, new Random(1), y);
        ArrayBatches clean = new ArrayBatches(x, y, 8, new Rng(3));
        BatchSource poisoned = new BatchSource() {
            @Override
            public int batches() {
                return clean.batches();
            }

            @Override
            public Batch batch(ai.djl.ndarray.NDManager m, int epoch, int index) {
                Batch b = clean.batch(m, epoch, index);
                return index == 1 ? new Batch(new ai.djl.ndarray.NDList(b.inputs().get(0).mul(Float.NaN)), b.labels(), b.size()) : b;
            }
        };
        try (Model model = twoLayerModel(new Rng(2))) {
            History h = TrainLoop.builder().loss(Loss.softmaxCrossEntropyLoss()).learningRate(0.05).clipGradNorm(1.0)
                    .epochs(2).logEvery(1).label("poisoned").build().fit(model, poisoned);
            assertEquals(2, h.series("skipped_step").size(), "one poisoned batch per epoch");
            for (var p : model.getBlock().getParameters()) {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    assertTrue(Float.isFinite(v), p.getKey() + " stays finite");
                }
            }
        }
    }

    @Test
    void aParameterFrozenBeforehandStaysFrozen() {
        int[] y = new int[32];
        float[][] x = blobs(32, new Random(1), y);
        try (Model model = twoLayerModel(new Rng(2))) {
            Parameter first = model.getBlock().getParameters().get(0).getValue();
            first.freeze(true);
            float[] before = first.getArray().toFloatArray();
            TrainLoop.builder().loss(Loss.softmaxCrossEntropyLoss()).learningRate(0.05).clipGradNorm(1.0).epochs(1)
                    .label("pre-frozen").build().fit(model, new ArrayBatches(x, y, 8, new Rng(3)));
            assertArrayEquals(before, first.getArray().toFloatArray(), 0f);
            assertFalse(first.requiresGradient());
        }
    }

    @Test
    void aGroupWithScaleZeroDoesNotMoveWhileTheBaseRateDoes() {
        int[] y = new int[64];
        float[][] x = blobs(64, new Random(1), y);
        try (Model model = twoLayerModel(new Rng(2))) {
            List<Pair<String, Parameter>> params = model.getBlock().getParameters().stream().toList();
            String secondLayer = params.get(2).getKey().substring(0, params.get(2).getKey().indexOf('_') + 1);
            float[] headBefore = params.get(2).getValue().getArray().toFloatArray();
            float[] firstBefore = params.get(0).getValue().getArray().toFloatArray();
            TrainLoop.builder().loss(Loss.softmaxCrossEntropyLoss()).learningRate(0.05)
                    .group(ParamGroup.prefix(secondLayer, 0.0)).epochs(1).label("scaled")
                    .build().fit(model, new ArrayBatches(x, y, 16, new Rng(3)));
            assertArrayEquals(headBefore, params.get(2).getValue().getArray().toFloatArray(), 0f);
            assertFalse(java.util.Arrays.equals(firstBefore, params.get(0).getValue().getArray().toFloatArray()));
        }
    }

    @Test
    void clippingScalesAllGradientsToTheGlobalNorm() {
        try (Model model = twoLayerModel(new Rng(2)); NDManager m = model.getNDManager().newSubManager()) {
            List<Parameter> params = model.getBlock().getParameters().values();
            try (ai.djl.training.GradientCollector c = Engines.engine().newGradientCollector()) {
                NDArray out = model.getBlock().forward(new ai.djl.training.ParameterStore(m, false),
                        new ai.djl.ndarray.NDList(m.ones(new Shape(3, 4)).mul(10)), true).singletonOrThrow();
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
