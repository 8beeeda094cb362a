package org.tlnlp.analysis;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Metrics} against scikit-learn 1.2 and SciPy 1.10 ({@code testdata/analysis/metrics.json}). */
class MetricsTest {

    private static final JsonObject GOLDEN = Golden.load("metrics.json");

    @Test
    void classificationScoresEqualScikitLearns() {
        int checked = 0;
        for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("classification"))) {
            String name = c.get("name").getAsString();
            int[] gold = Golden.ints(c.get("gold"));
            int[] predicted = Golden.ints(c.get("predicted"));
            assertEquals(c.get("accuracy").getAsDouble(), Metrics.accuracy(gold, predicted), 1e-12, name + ": accuracy");
            assertEquals(c.get("macro_f1").getAsDouble(), Metrics.macroF1(gold, predicted), 1e-12, name + ": macro-F1");
            assertEquals(c.get("mcc").getAsDouble(), Metrics.matthews(gold, predicted), 1e-12, name + ": MCC");
            if (c.has("f1")) {
                assertEquals(c.get("f1").getAsDouble(), Metrics.f1(gold, predicted), 1e-12, name + ": F1");
            }
            checked++;
        }
        assertTrue(checked >= 20, "expected the golden file's 20 cases, read " + checked);
    }

    @Test
    void correlationsEqualSciPys() {
        for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("correlation"))) {
            String name = c.get("name").getAsString();
            double[] x = Golden.doubles(c.get("x"));
            double[] y = Golden.doubles(c.get("y"));
            double pearson = Golden.number(c, "pearson");
            double spearman = Golden.number(c, "spearman");
            assertEquals(pearson, Metrics.pearson(x, y), 1e-12, name + ": Pearson");
            assertEquals(spearman, Metrics.spearman(x, y), 1e-12, name + ": Spearman");
        }
    }

    @Test
    void degenerateCasesFollowTheDocumentedConventions() {
        // A constant prediction scores MCC 0, even when the gold labels are the same constant.
        assertEquals(0.0, Metrics.matthews(new int[] {1, 0, 1}, new int[] {1, 1, 1}));
        assertEquals(0.0, Metrics.matthews(new int[] {1, 1, 1}, new int[] {1, 1, 1}));
        // No positive item anywhere: F1 is 0/0, taken as 0.
        assertEquals(0.0, Metrics.f1(new int[] {0, 0}, new int[] {0, 0}));
        // A constant side: Pearson and Spearman are NaN, as in SciPy.
        assertTrue(Double.isNaN(Metrics.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
        assertTrue(Double.isNaN(Metrics.spearman(new double[] {1, 2, 3}, new double[] {4, 4, 4})));
    }

    @Test
    void tiesShareTheMeanRank() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Metrics.averageRanks(new double[] {5, 7, 7, 9}));
        assertArrayEquals(new double[] {2, 2, 2, 4, 5}, Metrics.averageRanks(new double[] {3, 3, 3, 8, 9}));
        assertArrayEquals(new double[] {3, 1, 2}, Metrics.averageRanks(new double[] {0.3, -1, 0}));
    }

    @Test
    void badInputIsRejectedWithWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(new int[] {1, 0, 1}, new int[] {1, 0}));
        assertTrue(e.getMessage().contains("2 predictions for 3 gold labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.matthews(new int[0], new int[0]));
        assertTrue(e.getMessage().contains("at least one item"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.f1(new int[] {0, 2}, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("0 or 1") && e.getMessage().contains("got 2 at index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.pearson(new double[] {1, Double.NaN}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("NaN at index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.spearman(new double[] {1}, new double[] {2}));
        assertTrue(e.getMessage().contains("at least 2 items, got 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.macroF1(null, new int[] {1}));
    }
}
