package org.tlnlp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.JsonArrays;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.ParameterMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fine-tuning "progressive in time": the plan against the one Python writes, and a {@link TrainLoop} that follows it:
 * in every epoch exactly the planned depths change and the others stay bit for bit the same.
 */
class GradualUnfreezingTest {

    /** Four linear layers, {@code layer.0} .. {@code layer.3}, at depths 0..3 (the last is the head). */
    static final class Stack extends FixedBlock implements Objective<FeatureBatch> {
        final List<Dense> layers = new ArrayList<>();
        private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

        Stack() {
            int[] widths = {4, 8, 8, 8, 2};
            for (int i = 0; i < 4; i++) {
                layers.add(addChildBlock("l" + i, new Dense(widths[i], widths[i + 1], 0.5f)));
            }
        }

        @Override
        public NDArray loss(ParameterStore s, FeatureBatch batch, boolean training) {
            NDArray h = batch.x();
            for (int i = 0; i < layers.size(); i++) {
                h = layers.get(i).forward(s, h, training);
                h = i < layers.size() - 1 ? h.tanh() : h;
            }
            return crossEntropy.evaluate(new NDList(batch.labels()), new NDList(h));
        }

        @Override
        public ParameterMap namedParameters() {
            ParameterMap m = new ParameterMap();
            for (int i = 0; i < layers.size(); i++) {
                m.dense("layer." + i, layers.get(i));
            }
            return m;
        }

        @Override
        public int depthOf(String name) {
            return ParameterMap.indexAfter(name, "layer.");
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void thePlanIsThePapers() {
        for (JsonObject c : OptimizationGolden.cases("unfreezing.json")) {
            boolean[][] expected = JsonArrays.booleanMatrix(c.get("plan"));
            boolean[][] got = GradualUnfreezing.plan(c.get("top_depth").getAsInt(), c.get("epochs").getAsInt(),
                    c.get("epochs_per_stage").getAsInt());
            assertEquals(expected.length, got.length);
            for (int e = 0; e < expected.length; e++) {
                assertArrayEquals(expected[e], got[e], c + ", epoch " + e);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> GradualUnfreezing.plan(3, 2, 0));
    }

    @Test
    void eachEpochChangesExactlyThePlannedDepths() {
        for (int perStage : new int[] {1, 2}) {
            int epochs = 5;
            boolean[][] plan = GradualUnfreezing.plan(3, epochs, perStage);
            List<TreeSet<Integer>> changed = train(perStage, epochs);
            for (int e = 0; e < epochs; e++) {
                TreeSet<Integer> planned = new TreeSet<>();
                for (int d = 0; d < plan[e].length; d++) {
                    if (plan[e][d]) {
                        planned.add(d);
                    }
                }
                assertEquals(planned, changed.get(e), perStage + " epochs per stage, epoch " + e
                        + ": the depths whose weights changed");
            }
        }
    }

    /** Trains the stack with gradual unfreezing; returns, per epoch, the depths whose every tensor changed. */
    private static List<TreeSet<Integer>> train(int perStage, int epochs) {
        int[] y = new int[48];
        float[][] x = TrainLoopTest.blobs(48, new Random(1), y);
        try (NDManager m = Engines.newManager()) {
            new Rng(2).seedEngine();
            Stack model = new Stack();
            model.initialize(m);
            List<Map<String, float[]>> snapshots = new ArrayList<>();
            snapshots.add(values(model.namedParameters()));
            TrainLoop.builder().recipe(Recipe.fineTuning(0.01)).epochs(epochs).label("unfreezing")
                    .freezing(GradualUnfreezing.freezing(model, perStage))
                    .evaluation(epoch -> {
                        snapshots.add(values(model.namedParameters()));
                        return Map.of();
                    }).build().fit(model, new ArrayBatches(x, y, 16, new Rng(3)));
            model.namedParameters().forEach(e -> assertTrue(e.parameter().requiresGradient(),
                    "every parameter trains again after the run: " + e.name()));
            List<TreeSet<Integer>> out = new ArrayList<>();
            for (int e = 0; e < epochs; e++) {
                TreeSet<Integer> depths = new TreeSet<>();
                Map<String, float[]> before = snapshots.get(e);
                Map<String, float[]> after = snapshots.get(e + 1);
                Map<Integer, Boolean> allChanged = new LinkedHashMap<>();
                before.forEach((name, v) -> allChanged.merge(model.depthOf(name), !Arrays.equals(v, after.get(name)),
                        Boolean::logicalAnd));
                before.forEach((name, v) -> {
                    if (Arrays.equals(v, after.get(name))) {
                        return;
                    }
                    assertTrue(allChanged.get(model.depthOf(name)), name + " changed but another tensor of its depth did not");
                    depths.add(model.depthOf(name));
                });
                out.add(depths);
            }
            return out;
        }
    }

    static Map<String, float[]> values(ParameterMap map) {
        Map<String, float[]> out = new LinkedHashMap<>();
        map.forEach(e -> out.put(e.name(), e.parameter().getArray().toFloatArray()));
        return out;
    }
}
