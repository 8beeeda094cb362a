package org.tlnlp.analysis;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.tlnlp.engine.Rng;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * How sure a score is: confidence intervals for the scores of {@link Metrics}, so that a report can give
 * "0.873 [0.851, 0.892], n = 1000" instead of a bare number.
 *
 * <ul>
 *   <li>{@link #wilson}: the Wilson score interval of a proportion (accuracy is one), in closed form;</li>
 *   <li>{@link #bootstrap}: the percentile bootstrap of any metric over paired (gold, predicted) items, for
 *       scores with no closed form (F1, Matthews, correlations).</li>
 * </ul>
 */
public final class Intervals {

    /** The level reports use unless they say otherwise. */
    public static final double DEFAULT_CONFIDENCE = 0.95;

    /**
     * A point estimate and the interval around it, at the given confidence level.
     *
     * @param estimate   the score on all items
     * @param lower      the interval's lower end
     * @param upper      the interval's upper end
     * @param confidence the level, e.g. 0.95
     */
    public record Interval(double estimate, double lower, double upper, double confidence) {

        public double width() {
            return upper - lower;
        }

        public boolean contains(double value) {
            return lower <= value && value <= upper;
        }

        @Override
        public String toString() {
            return String.format("%.4f [%.4f, %.4f] (%.0f%%)", estimate, lower, upper, 100 * confidence);
        }
    }

    /**
     * A bootstrap interval and how it was made.
     *
     * @param interval  the percentile interval around the metric on all items
     * @param resamples how many resamples were drawn
     * @param undefined how many of them gave NaN (a correlation of a resample with one distinct value, say) and
     *                  were left out of the percentiles; many of these mean the interval says little
     */
    public record Bootstrap(Interval interval, int resamples, int undefined) {
    }

    private Intervals() {
    }

    /** {@link #wilson(long, long, double)} at 95%. */
    public static Interval wilson(long successes, long trials) {
        return wilson(successes, trials, DEFAULT_CONFIDENCE);
    }

    /**
     * The Wilson score interval (Wilson, 1927, "Probable inference, the law of succession, and statistical
     * inference", JASA 22): the proportions p whose score test |p̂ − p| / √(p(1 − p)/n) ≤ z does not reject, with
     * p̂ = successes / trials and z the standard normal quantile 1 − α/2 for confidence 1 − α. Solving the
     * quadratic gives
     *
     * <pre>
     *   centre = (p̂ + z²/2n) / (1 + z²/n)
     *   half   = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
     * </pre>
     *
     * Unlike the textbook p̂ ± z√(p̂(1 − p̂)/n) (Wald), it stays inside [0, 1] and does not collapse to a point at
     * 0 or n successes, and its coverage is close to nominal even for small n (Brown, Cai and DasGupta, 2001,
     * "Interval Estimation for a Binomial Proportion"). Equal to statsmodels'
     * {@code proportion_confint(method="wilson")}.
     */
    public static Interval wilson(long successes, long trials, double confidence) {
        if (trials <= 0) {
            throw new IllegalArgumentException("expected at least one trial, got " + trials);
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException("expected successes in [0, " + trials + "], got " + successes);
        }
        checkConfidence(confidence);
        double n = trials;
        double p = successes / n;
        double z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Interval(p, Math.max(0.0, centre - half), Math.min(1.0, centre + half), confidence);
    }

    /** The Wilson interval of accuracy: the share of right predictions is a proportion. */
    public static Interval accuracy(int[] gold, int[] predicted, double confidence) {
        Metrics.checkPaired(gold, predicted);
        long right = 0;
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] == predicted[i]) {
                right++;
            }
        }
        return wilson(right, gold.length, confidence);
    }

    /**
     * The percentile bootstrap (Efron, 1979; Efron and Tibshirani, 1993, ch. 13) of a label metric: draw n items
     * with replacement from the n (gold, predicted) pairs, score the resample, repeat; the interval runs from the
     * α/2 to the 1 − α/2 quantile of those scores. It assumes the items are independent and that the metric's
     * sampling distribution is not far from symmetric around the estimate; it is rough for n below a few dozen.
     *
     * <p>The same {@code rng} seed gives the same interval. Quantiles interpolate linearly between order statistics
     * (Hyndman and Fan's definition 7, NumPy's default).
     */
    public static Bootstrap bootstrap(int[] gold, int[] predicted, Metrics.LabelMetric metric, int resamples,
                                      double confidence, Rng rng) {
        return bootstrap(gold, List.of(predicted), metric, resamples, confidence, rng);
    }

    /**
     * The percentile bootstrap of a label metric averaged over several runs (training seeds) that predicted the same
     * items: each resample draws n items with replacement, scores every run on those items and takes the mean, so
     * that the interval is that of the seed-averaged score a report prints. With one run it is
     * {@link #bootstrap(int[], int[], Metrics.LabelMetric, int, double, Rng)}, draw for draw.
     */
    public static Bootstrap bootstrap(int[] gold, List<int[]> runs, Metrics.LabelMetric metric, int resamples,
                                      double confidence, Rng rng) {
        checkRuns(runs.size());
        for (int[] p : runs) {
            Metrics.checkPaired(gold, p);
        }
        checkResamples(resamples, confidence);
        double estimate = runs.stream().mapToDouble(p -> metric.score(gold, p)).average().orElseThrow();
        double[] scores = resample(gold.length, resamples, rng, idx -> {
            int[] g = pick(gold, idx);
            return runs.stream().mapToDouble(p -> metric.score(g, pick(p, idx))).average().orElseThrow();
        });
        return percentile(estimate, scores, confidence);
    }

    /** The percentile bootstrap of a metric of real values (Pearson, Spearman), as for labels above. */
    public static Bootstrap bootstrap(double[] gold, double[] predicted, Metrics.ValueMetric metric, int resamples,
                                      double confidence, Rng rng) {
        return bootstrapValues(gold, List.of(predicted), metric, resamples, confidence, rng);
    }

    /** The percentile bootstrap of a metric of real values averaged over several runs, as for labels above. */
    public static Bootstrap bootstrapValues(double[] gold, List<double[]> runs, Metrics.ValueMetric metric,
                                            int resamples, double confidence, Rng rng) {
        checkRuns(runs.size());
        for (double[] p : runs) {
            Metrics.checkPaired(gold, p);
        }
        checkResamples(resamples, confidence);
        double estimate = runs.stream().mapToDouble(p -> metric.score(gold, p)).average().orElseThrow();
        double[] scores = resample(gold.length, resamples, rng, idx -> {
            double[] g = pick(gold, idx);
            return runs.stream().mapToDouble(p -> metric.score(g, pick(p, idx))).average().orElseThrow();
        });
        return percentile(estimate, scores, confidence);
    }

    /** A score of the items at the given indices (drawn with replacement). */
    private interface Resampled {
        double score(int[] indices);
    }

    /** {@code resamples} scores, each of n indices drawn uniformly with replacement from [0, n), in order. */
    private static double[] resample(int n, int resamples, Rng rng, Resampled score) {
        Random random = rng.random();
        int[] idx = new int[n];
        double[] scores = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                idx[i] = random.nextInt(n);
            }
            scores[b] = score.score(idx);
        }
        return scores;
    }

    private static int[] pick(int[] v, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    private static double[] pick(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    private static void checkRuns(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("expected the predictions of at least one run, got none");
        }
    }

    /**
     * The q-quantile of sorted values, interpolating linearly between order statistics: position q·(m − 1) in the
     * 0-based sorted list (Hyndman and Fan, 1996, definition 7).
     */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static Bootstrap percentile(double estimate, double[] scores, double confidence) {
        double[] defined = Arrays.stream(scores).filter(s -> !Double.isNaN(s)).sorted().toArray();
        int undefined = scores.length - defined.length;
        if (defined.length == 0) {
            throw new IllegalArgumentException("the metric is undefined (NaN) on every one of " + scores.length
                    + " resamples; is one side constant?");
        }
        double alpha = 1 - confidence;
        Interval interval = new Interval(estimate, quantile(defined, alpha / 2), quantile(defined, 1 - alpha / 2),
                confidence);
        return new Bootstrap(interval, scores.length, undefined);
    }

    private static void checkResamples(int resamples, double confidence) {
        if (resamples < 1) {
            throw new IllegalArgumentException("expected at least 1 resample, got " + resamples);
        }
        checkConfidence(confidence);
    }

    private static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("expected a confidence level strictly between 0 and 1, got " + confidence);
        }
    }
}
