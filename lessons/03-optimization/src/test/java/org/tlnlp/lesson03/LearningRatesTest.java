package org.tlnlp.lesson03;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.io.JsonArrays;
import org.tlnlp.lesson03.exercises.LearningRates;

import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Graded tests of exercises 3.1 to 3.3 against the papers' formulas computed in Python
 * ({@code testdata/optimization/rates.json}, {@code slanted_triangular.json}, {@code unfreezing.json}).
 */
class LearningRatesTest {

    @Test
    @Graded(exercise = "3.1", kind = Graded.Kind.FUNCTION, title = "discriminative (layer-wise) learning rates",
            hint = "rate[d] = topRate · xi^(topDepth − d) for d = 0..topDepth: the head (d = topDepth) gets topRate "
                    + "itself, each depth below xi times the one above, so the embeddings (d = 0) get the smallest.")
    void layerRates() {
        for (JsonObject c : Golden.cases("rates.json")) {
            double[] expected = JsonArrays.doubles(c.get("rates"));
            int top = c.get("top_depth").getAsInt();
            double[] got = LearningRates.layerRates(c.get("top_rate").getAsDouble(), top, c.get("xi").getAsDouble());
            String name = c.get("name").getAsString();
            assertNotNull(got, name + ": returned null");
            assertEquals(top + 1, got.length, name + ": one rate per depth 0.." + top + " is " + (top + 1) + " rates");
            double[] reversed = reversed(expected);
            if (!Arrays.equals(expected, reversed) && close(reversed, got)) {
                fail(name + ": the rates run the wrong way: the head (depth " + top + ") trains fastest, the embeddings "
                        + "(depth 0) slowest. Expected " + show(expected) + ", got " + show(got));
            }
            assertArrayEquals(expected, got, 1e-12 * expected[expected.length - 1] + 1e-300,
                    name + ": expected " + show(expected) + ", got " + show(got));
        }
    }

    @Test
    @Graded(exercise = "3.2", kind = Graded.Kind.FUNCTION, title = "slanted triangular learning rates",
            hint = "cut = max(1, floor(T · cutFrac)); p = t / cut before the cut, 1 − (t − cut) / (cut · (1/cutFrac − 1)) "
                    + "after it, clamped at 0; rate = maxRate · (1 + p · (ratio − 1)) / ratio, for t = 0..T−1.")
    void slantedTriangular() {
        for (JsonObject c : Golden.cases("slanted_triangular.json")) {
            int total = c.get("total").getAsInt();
            double cutFrac = c.get("cut_frac").getAsDouble();
            double ratio = c.get("ratio").getAsDouble();
            double max = c.get("max_rate").getAsDouble();
            double[] expected = JsonArrays.doubles(c.get("rates"));
            double[] got = LearningRates.slantedTriangular(total, cutFrac, ratio, max);
            String name = String.format(Locale.ROOT, "T = %d, cutFrac = %s, ratio = %s, maxRate = %s", total, cutFrac,
                    ratio, max);
            assertNotNull(got, name + ": returned null");
            assertEquals(total, got.length, name + ": one rate per step");
            for (int t = 0; t < total; t++) {
                if (Math.abs(expected[t] - got[t]) > 1e-12 * max) {
                    fail(name + ": at step " + t + " expected " + expected[t] + ", got " + got[t]
                            + (got[t] < max / ratio - 1e-12 * max ? " (below maxRate / ratio: clamp p at 0)" : "")
                            + "; the first steps should be " + show(Arrays.copyOf(expected, Math.min(total, 4))));
                }
            }
        }
    }

    @Test
    @Graded(exercise = "3.3", kind = Graded.Kind.FUNCTION, title = "a gradual-unfreezing plan per epoch",
            hint = "Epoch 0 trains only the top depth (the head); depth d trains in epoch e when d ≥ topDepth − "
                    + "floor(e / epochsPerStage); once unfrozen, a depth stays unfrozen.")
    void unfreezingPlan() {
        for (JsonObject c : Golden.cases("unfreezing.json")) {
            int top = c.get("top_depth").getAsInt();
            int epochs = c.get("epochs").getAsInt();
            int per = c.get("epochs_per_stage").getAsInt();
            boolean[][] expected = JsonArrays.booleanMatrix(c.get("plan"));
            boolean[][] got = LearningRates.unfreezingPlan(top, epochs, per);
            String name = "topDepth " + top + ", " + epochs + " epochs, " + per + " per stage";
            assertNotNull(got, name + ": returned null");
            assertEquals(epochs, got.length, name + ": one row per epoch");
            for (int e = 0; e < epochs; e++) {
                assertEquals(top + 1, got[e].length, name + ", epoch " + e + ": one entry per depth 0.." + top);
                if (!Arrays.equals(expected[e], got[e])) {
                    fail(name + ", epoch " + e + ": expected trainable depths " + trainable(expected[e]) + ", got "
                            + trainable(got[e]) + (got[e][0] && !got[e][top] ? " (unfreeze from the top, not the bottom)" : ""));
                }
            }
        }
    }

    private static String trainable(boolean[] row) {
        StringBuilder sb = new StringBuilder("{");
        for (int d = 0; d < row.length; d++) {
            if (row[d]) {
                sb.append(sb.length() > 1 ? ", " : "").append(d);
            }
        }
        return sb.append('}').toString();
    }

    private static double[] reversed(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    private static boolean close(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-9 * Math.abs(a[i]) + 1e-300) {
                return false;
            }
        }
        return true;
    }

    private static String show(double[] a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
            sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4g", a[i]));
        }
        return sb.append(']').toString();
    }
}
