package org.tlnlp.lesson07;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson07.exercises.GlueMetrics;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Graded tests of exercises 7.1 to 7.4, against scikit-learn and SciPy. */
class GlueMetricsTest {

    @Test
    @Graded(exercise = "7.1", kind = Graded.Kind.FUNCTION, title = "Matthews correlation against scikit-learn",
            hint = "Count over the labels that occur in gold or predictions; MCC = (c·s − Σ p_k t_k) / √((s² − Σ p_k²)(s² − Σ t_k²)); when the denominator is 0 (one class predicted, or one in gold), return 0.")
    void matthews() {
        List<JsonObject> cases = Golden.labelCases("mcc");
        for (JsonObject c : cases) {
            double want = c.get("mcc").getAsDouble();
            double got = GlueMetrics.matthews(Golden.ints(c.get("gold")), Golden.ints(c.get("predicted")));
            assertEquals(want, got, 1e-9, c.get("name").getAsString() + ": expected scikit-learn's MCC " + want
                    + ", got " + got);
        }
        assertTrue(cases.size() >= 30, "read " + cases.size() + " cases");
    }

    @Test
    @Graded(exercise = "7.1", kind = Graded.Kind.RECIPE, title = "Matthews correlation on counts beyond 2³¹",
            hint = "tp·tn on 100,000 items passes 2³¹: keep the counts and their products in long or double, never int.")
    void matthewsOnLargeCounts() {
        for (JsonObject c : Golden.objects(Golden.load("glue/metrics.json").getAsJsonArray("confusion"))) {
            int[][] gp = expand(c);
            double want = c.get("mcc").getAsDouble();
            double got = GlueMetrics.matthews(gp[0], gp[1]);
            assertEquals(want, got, 1e-9, c.get("name").getAsString() + " (tn " + c.get("tn") + ", fp " + c.get("fp")
                    + ", fn " + c.get("fn") + ", tp " + c.get("tp") + "): expected " + want + ", got " + got);
        }
    }

    @Test
    @Graded(exercise = "7.2", kind = Graded.Kind.FUNCTION, title = "F1 of class 1 against scikit-learn",
            hint = "F1 = 2tp / (2tp + fp + fn) for class 1; when 2tp + fp + fn is 0 (no positive item anywhere) return 0. Predicting no positive at all scores 0, not 0/0.")
    void f1() {
        List<JsonObject> cases = new java.util.ArrayList<>(Golden.labelCases("f1"));
        for (JsonObject c : cases) {
            double want = c.get("f1").getAsDouble();
            double got = GlueMetrics.f1(Golden.ints(c.get("gold")), Golden.ints(c.get("predicted")));
            assertEquals(want, got, 1e-9, c.get("name").getAsString() + ": expected scikit-learn's F1 " + want + ", got " + got);
        }
        for (JsonObject c : Golden.objects(Golden.load("glue/metrics.json").getAsJsonArray("confusion"))) {
            int[][] gp = expand(c);
            assertEquals(c.get("f1").getAsDouble(), GlueMetrics.f1(gp[0], gp[1]), 1e-9, c.get("name").getAsString());
        }
        assertTrue(cases.size() >= 20, "read " + cases.size() + " cases");
    }

    @Test
    @Graded(exercise = "7.3", kind = Graded.Kind.RECIPE, title = "Pearson's r against SciPy",
            hint = "Centre first: r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²). The one-pass Σxy − n·x̄·ȳ loses every digit around 10⁶. A constant side gives NaN.")
    void pearson() {
        for (JsonObject c : Golden.valueCases()) {
            double want = Golden.number(c, "pearson");
            double got = GlueMetrics.pearson(Golden.doubles(c.get("gold")), Golden.doubles(c.get("predicted")));
            check("Pearson", c, want, got);
        }
    }

    @Test
    @Graded(exercise = "7.4", kind = Graded.Kind.FUNCTION, title = "Spearman's ρ with ties against SciPy",
            hint = "Rank each side (ties share the mean of their positions: 5, 7, 7, 9 → 1, 2.5, 2.5, 4), then take Pearson's r of the ranks; the 1 − 6Σd²/(n(n²−1)) shortcut is wrong with ties.")
    void spearman() {
        int ties = 0;
        for (JsonObject c : Golden.valueCases()) {
            double[] gold = Golden.doubles(c.get("gold"));
            double want = Golden.number(c, "spearman");
            double got = GlueMetrics.spearman(gold, Golden.doubles(c.get("predicted")));
            check("Spearman", c, want, got);
            ties += Arrays.stream(gold).distinct().count() < gold.length ? 1 : 0;
        }
        assertTrue(ties >= 5, "the cases include ties: " + ties);
    }

    private static void check(String what, JsonObject c, double want, double got) {
        String name = c.get("name").getAsString();
        if (Double.isNaN(want)) {
            if (!Double.isNaN(got)) {
                fail(name + ": one side is constant, so " + what + " is undefined: expected NaN (as SciPy), got " + got);
            }
            return;
        }
        assertEquals(want, got, 1e-9, name + ": expected SciPy's " + what + " " + want + ", got " + got);
    }

    /** Gold and predicted labels with the case's confusion counts: tn, fp, fn, tp, in that order. */
    private static int[][] expand(JsonObject c) {
        int tn = c.get("tn").getAsInt();
        int fp = c.get("fp").getAsInt();
        int fn = c.get("fn").getAsInt();
        int tp = c.get("tp").getAsInt();
        int n = tn + fp + fn + tp;
        int[] gold = new int[n];
        int[] predicted = new int[n];
        Arrays.fill(gold, tn + fp, n, 1);
        Arrays.fill(predicted, tn, tn + fp, 1);
        Arrays.fill(predicted, tn + fp + fn, n, 1);
        return new int[][] {gold, predicted};
    }
}
