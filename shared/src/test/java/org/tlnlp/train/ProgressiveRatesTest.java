package org.tlnlp.train;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.io.JsonArrays;
import org.tlnlp.nn.ParameterMap;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fine-tuning "progressive in intensity": {@link LayerRates} and the slanted triangular schedule against the papers'
 * formulas computed in Python, and per-depth rates as a {@link TrainLoop} applies them.
 */
class ProgressiveRatesTest {

    @Test
    void layerRatesEqualThePapersFormula() {
        for (JsonObject c : OptimizationGolden.cases("rates.json")) {
            double[] expected = JsonArrays.doubles(c.get("rates"));
            double[] got = LayerRates.layerwiseDecay(c.get("top_rate").getAsDouble(), c.get("top_depth").getAsInt(),
                    c.get("xi").getAsDouble());
            assertArrayEquals(expected, got, 1e-15, c.get("name").getAsString());
        }
        double[] ulmfit = LayerRates.discriminative(1e-3, 5, LayerRates.ULMFIT_FACTOR);
        for (int d = 1; d <= 5; d++) {
            assertEquals(2.6, ulmfit[d] / ulmfit[d - 1], 1e-12, "η_{l−1} = η_l / 2.6 at depth " + d);
        }
        assertEquals(1e-3, ulmfit[5], 0, "the head trains at the full rate");
        assertThrows(IllegalArgumentException.class, () -> LayerRates.layerwiseDecay(1e-3, 3, 0));
    }

    @Test
    void slantedTriangularEqualsThePapersFormula() {
        for (JsonObject c : OptimizationGolden.cases("slanted_triangular.json")) {
            int total = c.get("total").getAsInt();
            double cut = c.get("cut_frac").getAsDouble();
            double max = c.get("max_rate").getAsDouble();
            double[] expected = JsonArrays.doubles(c.get("rates"));
            double ratio = c.get("ratio").getAsDouble();
            Schedule s = Schedules.slantedTriangular(total, cut, ratio);
            Schedule viaRecipe = Recipe.fineTuning(max).withSchedule(Recipe.Shape.SLANTED_TRIANGULAR).withWarmup(cut)
                    .schedule(total);
            for (int t = 0; t < total; t++) {
                assertEquals(expected[t], max * s.factor(t), 1e-12 * max, "T = " + total + ", step " + t);
                if (ratio == 32) { // the recipe's shape uses the paper's ratio
                    assertEquals(s.factor(t), viaRecipe.factor(t), 0, "the recipe's schedule, T = " + total + ", step " + t);
                }
            }
        }
    }

    @Test
    void eachDepthTrainsAtItsOwnRate() {
        // After one AdamW step from zero moments, every value moves by about its rate (m̂ / √v̂ = ±1): the ratio of
        // the two depths' mean |Δw| is the ratio of their rates.
        int[] y = new int[32];
        float[][] x = TrainLoopTest.blobs(32, new Random(1), y);
        try (NDManager m = Engines.newManager()) {
            new Rng(2).seedEngine();
            TrainLoopTest.TwoLayers model = new TrainLoopTest.TwoLayers();
            model.initialize(m);
            float[] first = model.first.weight.getArray().toFloatArray();
            float[] second = model.second.weight.getArray().toFloatArray();
            double[] scales = LayerRates.discriminative(1, LayerRates.topDepth(model), 2.6);
            assertArrayEquals(new double[] {1 / 2.6 / 2.6, 1 / 2.6, 1}, scales, 1e-12);
            TrainLoop.Builder b = TrainLoop.builder().recipe(Recipe.fineTuning(1e-3).withWeightDecay(0).withClipping(0)
                    .withSchedule(Recipe.Shape.CONSTANT)).epochs(1).label("rates");
            List<ParamGroup> groups = LayerRates.groups(model, scales);
            assertEquals(3, groups.size());
            groups.forEach(b::group);
            b.build().fit(model, new ArrayBatches(x, y, 32, new Rng(3)));
            double moved1 = meanAbsChange(first, model.first.weight.getArray().toFloatArray());
            double moved2 = meanAbsChange(second, model.second.weight.getArray().toFloatArray());
            assertEquals(1e-3 / 2.6, moved1, 0.05 * 1e-3 / 2.6, "layer.0 sits at depth 1");
            assertEquals(1e-3, moved2, 0.05 * 1e-3, "layer.1 sits at depth 2, the top");
            assertTrue(moved2 / moved1 > 2.4 && moved2 / moved1 < 2.8, "ratio " + moved2 / moved1);
        }
    }

    @Test
    void groupsNeedADepthForEveryParameter() {
        try (NDManager m = Engines.newManager()) {
            TrainLoopTest.TwoLayers model = new TrainLoopTest.TwoLayers();
            model.initialize(m);
            assertThrows(IllegalArgumentException.class, () -> LayerRates.groups(model, new double[] {1, 1}),
                    "depths 0..2 need three scales");
            org.tlnlp.nn.NamedParameters noDepths = () -> new ParameterMap().put("w", model.first.weight);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerRates.topDepth(noDepths));
            assertTrue(e.getMessage().contains("'w'"), e.getMessage());
        }
    }

    static double meanAbsChange(float[] before, float[] after) {
        double s = 0;
        for (int i = 0; i < before.length; i++) {
            s += Math.abs(after[i] - before[i]);
        }
        return s / before.length;
    }
}
