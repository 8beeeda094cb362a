package org.tlnlp.analysis;

import org.tlnlp.engine.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One method's accuracy on one fixed test set, over one or more training seeds, with what the number can and
 * cannot tell: how many test items stand behind it, its Wilson interval over those items, its spread over seeds,
 * and whether a difference from another method on the same items is larger than the test set's noise.
 *
 * <p>Two sources of noise are kept apart. The <em>test set</em> is a sample: a second sample of the same size
 * would give another accuracy, which is what {@link #interval()} describes. <em>Training</em> is random too:
 * another seed gives another model, which is what {@link #seedRange()} shows. A comparison of two methods on the
 * same items ({@link #minus}) resamples the items in pairs, so that what both get right or wrong together cancels.
 */
public final class TestAccuracy {

    /** Resamples of the paired bootstrap: enough for stable 2.5% and 97.5% quantiles. */
    public static final int RESAMPLES = 2000;

    private final int[] gold;
    private final List<int[]> predictions = new ArrayList<>();

    private TestAccuracy(int[] gold) {
        if (gold.length == 0) {
            throw new IllegalArgumentException("a test set needs at least one item");
        }
        this.gold = gold.clone();
    }

    /** An empty record for the test labels {@code gold}; {@link #add} one prediction per seed. */
    public static TestAccuracy of(int[] gold) {
        return new TestAccuracy(gold);
    }

    /** A method that always answers {@code label} (the majority baseline), as one deterministic "seed". */
    public static TestAccuracy constant(int[] gold, int label) {
        int[] p = new int[gold.length];
        Arrays.fill(p, label);
        return of(gold).add(p);
    }

    /** Adds the predictions of one seed; returns this record. */
    public TestAccuracy add(int[] predicted) {
        if (predicted.length != gold.length) {
            throw new IllegalArgumentException("expected one prediction per test item (" + gold.length + "), got "
                    + predicted.length);
        }
        predictions.add(predicted.clone());
        return this;
    }

    /** The number of test items. */
    public int n() {
        return gold.length;
    }

    /** The number of seeds added so far. */
    public int seeds() {
        return predictions.size();
    }

    /** Each seed's accuracy, in the order added. */
    public double[] perSeed() {
        requireSeeds();
        return predictions.stream().mapToDouble(p -> Metrics.accuracy(gold, p)).toArray();
    }

    /** The mean accuracy over seeds. */
    public double mean() {
        return Arrays.stream(perSeed()).average().orElseThrow();
    }

    /** The lowest and the highest accuracy over seeds. */
    public double[] seedRange() {
        double[] a = perSeed();
        return new double[] {Arrays.stream(a).min().orElseThrow(), Arrays.stream(a).max().orElseThrow()};
    }

    /**
     * The 95% Wilson interval of the mean accuracy over {@link #n()} test items. With one seed it is the exact
     * Wilson interval of that seed's right answers; with several it treats the mean as a proportion of n items,
     * which leaves out the (smaller) spread between seeds that {@link #seedRange()} reports.
     */
    public Intervals.Interval interval() {
        double p = mean();
        return Intervals.wilson(Math.round(p * n()), n());
    }

    /** For each test item, the share of seeds that got it right. */
    public double[] itemScores() {
        requireSeeds();
        double[] c = new double[n()];
        for (int[] p : predictions) {
            for (int i = 0; i < c.length; i++) {
                c[i] += p[i] == gold[i] ? 1 : 0;
            }
        }
        for (int i = 0; i < c.length; i++) {
            c[i] /= seeds();
        }
        return c;
    }

    /**
     * This method's mean accuracy minus {@code other}'s on the same test items, with a 95% paired percentile
     * bootstrap over items: each resample draws n items with replacement and takes the mean of (this item's score
     * − the other's), with item scores averaged over each method's seeds.
     */
    public Difference minus(TestAccuracy other, Rng rng) {
        if (!Arrays.equals(gold, other.gold)) {
            throw new IllegalArgumentException("a paired comparison needs the same test items in the same order ("
                    + n() + " and " + other.n() + " items)");
        }
        double[] a = itemScores();
        double[] b = other.itemScores();
        int n = a.length;
        double[] d = new double[n];
        double estimate = 0;
        for (int i = 0; i < n; i++) {
            d[i] = a[i] - b[i];
            estimate += d[i];
        }
        estimate /= n;
        Random random = rng.random();
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += d[random.nextInt(n)];
            }
            means[r] = s / n;
        }
        Arrays.sort(means);
        return new Difference(estimate, Intervals.quantile(means, 0.025), Intervals.quantile(means, 0.975), n);
    }

    /** {@code mean [lower, upper]} with three decimals, as reports print it. */
    public String summary() {
        Intervals.Interval i = interval();
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", mean(), i.lower(), i.upper());
    }

    private void requireSeeds() {
        if (predictions.isEmpty()) {
            throw new IllegalStateException("no predictions added yet: call add(predicted) once per seed");
        }
    }

    /**
     * A difference of two accuracies on the same items and its 95% paired-bootstrap interval.
     *
     * @param estimate the difference of the mean accuracies
     * @param lower    the interval's lower end
     * @param upper    the interval's upper end
     * @param n        the number of test items
     */
    public record Difference(double estimate, double lower, double upper, int n) {

        /** Whether the interval leaves out zero: the test set separates the two methods. */
        public boolean separates() {
            return lower > 0 || upper < 0;
        }

        /**
         * One sentence a report can print as it stands: it claims a difference only when the interval leaves out
         * zero.
         */
        public String sentence(String a, String b) {
            String numbers = String.format(Locale.ROOT, "%s − %s = %+.3f, 95%% interval [%+.3f, %+.3f] over %d test items",
                    a, b, estimate, lower, upper, n);
            if (!separates()) {
                return numbers + ": the interval includes zero, so this test set does not tell them apart.";
            }
            return numbers + ": " + (estimate > 0 ? a : b) + " is more accurate on this test set.";
        }
    }
}
