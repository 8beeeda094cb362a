package org.tlnlp.analysis;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Rng;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Intervals}: Wilson against statsmodels (and the closed form the script checks it against); the bootstrap by
 * its properties, since NumPy's generator is not Java's, and roughly against a NumPy bootstrap of the same data.
 */
class IntervalsTest {

    private static final JsonObject GOLDEN = Golden.load("intervals.json");

    @Test
    void wilsonEqualsStatsmodels() {
        for (JsonObject c : Golden.objects(GOLDEN.getAsJsonArray("wilson"))) {
            long k = c.get("successes").getAsLong();
            long n = c.get("trials").getAsLong();
            double conf = c.get("confidence").getAsDouble();
            Intervals.Interval w = Intervals.wilson(k, n, conf);
            String what = k + "/" + n + " at " + conf;
            assertEquals(c.get("lower").getAsDouble(), w.lower(), 1e-12, what + ": lower");
            assertEquals(c.get("upper").getAsDouble(), w.upper(), 1e-12, what + ": upper");
            assertEquals(k / (double) n, w.estimate(), 0);
        }
        assertEquals(0.95, Intervals.wilson(3, 10).confidence());
    }

    @Test
    void wilsonRejectsImpossibleCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Intervals.wilson(11, 10));
        assertTrue(e.getMessage().contains("[0, 10], got 11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Intervals.wilson(0, 0));
        e = assertThrows(IllegalArgumentException.class, () -> Intervals.wilson(1, 2, 1.0));
        assertTrue(e.getMessage().contains("got 1.0"), e.getMessage());
    }

    @Test
    void bootstrapIsRepeatableForASeedAndContainsTheEstimate() {
        int[][] data = classifier(500, 0.8, 3);
        Intervals.Bootstrap a = Intervals.bootstrap(data[0], data[1], Metrics::f1, 1000, 0.95, new Rng(42));
        Intervals.Bootstrap b = Intervals.bootstrap(data[0], data[1], Metrics::f1, 1000, 0.95, new Rng(42));
        Intervals.Bootstrap c = Intervals.bootstrap(data[0], data[1], Metrics::f1, 1000, 0.95, new Rng(43));
        assertEquals(a, b, "the same seed must give the same interval");
        assertNotEquals(a.interval(), c.interval(), "another seed draws other resamples");
        for (Metrics.LabelMetric m : new Metrics.LabelMetric[] {Metrics::accuracy, Metrics::f1, Metrics::macroF1,
                Metrics::matthews}) {
            Intervals.Interval i = Intervals.bootstrap(data[0], data[1], m, 1000, 0.95, new Rng(7)).interval();
            assertTrue(i.contains(i.estimate()), i.toString());
            assertTrue(i.width() > 0, i.toString());
        }
        Intervals.Interval narrow = Intervals.bootstrap(data[0], data[1], Metrics::f1, 1000, 0.5, new Rng(42)).interval();
        assertTrue(narrow.width() < a.interval().width(), "a 50% interval is narrower than a 95% one");
    }

    @Test
    void bootstrapNarrowsLikeOneOverRootN() {
        int[][] small = classifier(200, 0.8, 5);
        int[][] large = classifier(5000, 0.8, 6);
        double ws = Intervals.bootstrap(small[0], small[1], Metrics::matthews, 1000, 0.95, new Rng(1)).interval().width();
        double wl = Intervals.bootstrap(large[0], large[1], Metrics::matthews, 1000, 0.95, new Rng(1)).interval().width();
        // √(5000/200) = 5; allow for the randomness of both intervals.
        assertTrue(wl < ws / 3.5 && wl > ws / 7, "widths " + ws + " (n=200) and " + wl + " (n=5000)");
    }

    @Test
    void bootstrapOfAccuracyAgreesWithWilsonAndWithNumPyAtLargeN() {
        JsonObject g = GOLDEN.getAsJsonObject("bootstrap_accuracy");
        int[] gold = Golden.ints(g.get("gold"));
        int[] predicted = Golden.ints(g.get("predicted"));
        Intervals.Interval boot = Intervals.bootstrap(gold, predicted, Metrics::accuracy, 4000, 0.95, new Rng(2019))
                .interval();
        Intervals.Interval wilson = Intervals.accuracy(gold, predicted, 0.95);
        assertEquals(g.get("accuracy").getAsDouble(), boot.estimate(), 1e-12);
        // n = 2000 and accuracy 0.86: the half-width is about 0.015; the two methods and the two generators
        // agree to a few thousandths.
        assertEquals(wilson.lower(), boot.lower(), 0.004, "lower end against Wilson");
        assertEquals(wilson.upper(), boot.upper(), 0.004, "upper end against Wilson");
        assertEquals(g.get("lower").getAsDouble(), boot.lower(), 0.004, "lower end against NumPy's bootstrap");
        assertEquals(g.get("upper").getAsDouble(), boot.upper(), 0.004, "upper end against NumPy's bootstrap");
    }

    @Test
    void resamplesWithAnUndefinedMetricAreCountedAndLeftOut() {
        double[] gold = {1, 2, 3, 4};
        double[] predicted = {2, 1, 4, 3};
        Intervals.Bootstrap b = Intervals.bootstrap(gold, predicted, Metrics::pearson, 500, 0.9, new Rng(3));
        // A resample that draws one item four times is constant: (1/4)³ of resamples, about 8 of 500.
        assertTrue(b.undefined() > 0 && b.undefined() < 30, "undefined resamples: " + b.undefined());
        assertEquals(500, b.resamples());
        assertTrue(b.interval().contains(b.interval().estimate()));
    }

    @Test
    void severalRunsAreResampledTogetherAndTheirScoresAveraged() {
        int[][] a = classifier(400, 0.8, 11);
        int[][] b = classifier(400, 0.7, 11); // the same gold labels: the generator draws gold first, item by item
        int[] other = b[1];
        assertArrayEquals(a[0], b[0]);
        Intervals.Bootstrap one = Intervals.bootstrap(a[0], a[1], Metrics::matthews, 800, 0.95, new Rng(9));
        Intervals.Bootstrap asList = Intervals.bootstrap(a[0], List.of(a[1]), Metrics::matthews, 800, 0.95, new Rng(9));
        assertEquals(one, asList, "one run is the single-run bootstrap, draw for draw");
        Intervals.Bootstrap twice = Intervals.bootstrap(a[0], List.of(a[1], a[1]), Metrics::matthews, 800, 0.95, new Rng(9));
        assertEquals(one.interval(), twice.interval(), "two identical runs average to the same scores");
        Intervals.Bootstrap two = Intervals.bootstrap(a[0], List.of(a[1], other), Metrics::matthews, 800, 0.95, new Rng(9));
        assertEquals((Metrics.matthews(a[0], a[1]) + Metrics.matthews(a[0], other)) / 2, two.interval().estimate(), 1e-12);
        assertTrue(two.interval().contains(two.interval().estimate()));
        double[] gold = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] p1 = {1.5, 2, 2.5, 4, 6, 5, 7.5, 9};
        double[] p2 = {2, 1, 3, 5, 4, 6, 8, 7};
        Intervals.Bootstrap v = Intervals.bootstrapValues(gold, List.of(p1, p2), Metrics::spearman, 500, 0.9, new Rng(4));
        assertEquals((Metrics.spearman(gold, p1) + Metrics.spearman(gold, p2)) / 2, v.interval().estimate(), 1e-12);
        assertEquals(Intervals.bootstrap(gold, p1, Metrics::spearman, 500, 0.9, new Rng(4)),
                Intervals.bootstrapValues(gold, List.of(p1), Metrics::spearman, 500, 0.9, new Rng(4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Intervals.bootstrap(a[0], List.of(), Metrics::accuracy, 10, 0.95, new Rng(1)));
        assertTrue(e.getMessage().contains("at least one run"), e.getMessage());
    }

    @Test
    void quantilesInterpolateLikeNumPy() {
        double[] sorted = {1, 2, 4, 8};
        assertEquals(1.0, Intervals.quantile(sorted, 0), 0);
        assertEquals(8.0, Intervals.quantile(sorted, 1), 0);
        assertEquals(3.0, Intervals.quantile(sorted, 0.5), 1e-12); // np.percentile([1,2,4,8], 50) = 3
        assertEquals(1.3, Intervals.quantile(sorted, 0.1), 1e-12); // position 0.3 between 1 and 2
    }

    /** Gold labels 0/1 and predictions right with probability {@code accuracy}. */
    private static int[][] classifier(int n, double accuracy, long seed) {
        Random r = new Random(seed);
        int[] gold = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            gold[i] = r.nextInt(2);
            predicted[i] = r.nextDouble() < accuracy ? gold[i] : 1 - gold[i];
        }
        return new int[][] {gold, predicted};
    }
}
