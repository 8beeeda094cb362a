package org.tlnlp.analysis;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * The scores GLUE reports (Wang et al., 2019, "GLUE: A Multi-Task Benchmark and Analysis Platform for Natural
 * Language Understanding"): accuracy for most tasks, F1 of the positive class for MRPC and QQP, the Matthews
 * correlation for CoLA, Pearson and Spearman correlation for STS-B; plus macro-F1 for tasks with more than two
 * classes.
 *
 * <p>Label metrics take the gold labels first and the predictions second, as scikit-learn's
 * {@code metric(y_true, y_pred)} does, and agree with scikit-learn 1.2 to rounding, including its conventions
 * where a score is 0/0 (each method says which). Correlations agree with SciPy's {@code pearsonr} and
 * {@code spearmanr}. These are sums over a few thousand items, so they run on the host; nothing here needs the
 * engine.
 *
 * <p>Bad input fails with an {@link IllegalArgumentException} that says what was expected: arrays of different
 * lengths, empty arrays, a correlation of fewer than two items, NaN or infinite scores, a label other than 0 and 1
 * where a binary score is asked for.
 */
public final class Metrics {

    /** A score of predicted class labels against gold ones, such as {@link #accuracy} or {@link #matthews}. */
    @FunctionalInterface
    public interface LabelMetric {
        double score(int[] gold, int[] predicted);
    }

    /** A score of predicted real values against gold ones, such as {@link #pearson}. */
    @FunctionalInterface
    public interface ValueMetric {
        double score(double[] gold, double[] predicted);
    }

    private Metrics() {
    }

    /** The share of items whose predicted label equals the gold one: (1/n) Σ [ŷᵢ = yᵢ]. */
    public static double accuracy(int[] gold, int[] predicted) {
        checkPaired(gold, predicted);
        int right = 0;
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] == predicted[i]) {
                right++;
            }
        }
        return right / (double) gold.length;
    }

    /**
     * F1 of the positive class 1, as GLUE scores MRPC and QQP: the harmonic mean of precision P = tp / (tp + fp)
     * and recall R = tp / (tp + fn), F1 = 2PR / (P + R) = 2tp / (2tp + fp + fn) (van Rijsbergen, 1979).
     *
     * <p>Labels must be 0 or 1. When there is no positive item at all, gold or predicted (tp + fp + fn = 0), F1
     * is 0/0; it is 0 here, as scikit-learn's {@code f1_score} returns (with a warning) by default.
     */
    public static double f1(int[] gold, int[] predicted) {
        checkPaired(gold, predicted);
        checkBinary("gold", gold);
        checkBinary("predicted", predicted);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < gold.length; i++) {
            if (predicted[i] == 1 && gold[i] == 1) {
                tp++;
            } else if (predicted[i] == 1) {
                fp++;
            } else if (gold[i] == 1) {
                fn++;
            }
        }
        return f1(tp, fp, fn);
    }

    /**
     * The unweighted mean of each class's F1, one class at a time against the rest, over every label that occurs
     * in the gold labels or in the predictions (scikit-learn's {@code f1_score(average="macro")}). A class that
     * never occurs in the gold labels, or is never predicted, has F1 0 (its recall or precision is 0/0, taken
     * as 0), so predicting a class that does not exist costs a share of the score.
     */
    public static double macroF1(int[] gold, int[] predicted) {
        ConfusionMatrix c = new ConfusionMatrix(gold, predicted);
        double sum = 0;
        for (int k = 0; k < c.classes(); k++) {
            long tp = c.count(k, k);
            sum += f1(tp, c.predictedTotal(k) - tp, c.goldTotal(k) - tp);
        }
        return sum / c.classes();
    }

    /**
     * The Matthews correlation coefficient (Matthews, 1975), in its multi-class form (Gorodkin, 2004), as GLUE
     * scores CoLA. With C the confusion matrix, s the number of items, c = Σₖ C_kk the correct ones, tₖ how
     * often class k is gold and pₖ how often it is predicted:
     *
     * <pre>
     *   MCC = (c·s − Σₖ pₖ tₖ) / √((s² − Σₖ pₖ²) (s² − Σₖ tₖ²))
     * </pre>
     *
     * For two classes this is the familiar (tp·tn − fp·fn) / √((tp+fp)(tp+fn)(tn+fp)(tn+fn)), the Pearson
     * correlation of the two label vectors. It is 1 for a perfect prediction, 0 for one no better than chance,
     * −1 for a perfectly inverted binary one.
     *
     * <p>When the predictions or the gold labels hold a single class the denominator is 0. Like scikit-learn's
     * {@code matthews_corrcoef}, this returns 0 then, not NaN: a constant classifier is scored as no better than
     * chance, even where it happens to be right on every item because the gold labels are constant too.
     */
    public static double matthews(int[] gold, int[] predicted) {
        ConfusionMatrix c = new ConfusionMatrix(gold, predicted);
        double s = gold.length;
        double correct = 0;
        double pt = 0;
        double pp = 0;
        double tt = 0;
        for (int k = 0; k < c.classes(); k++) {
            correct += c.count(k, k);
            double p = c.predictedTotal(k);
            double t = c.goldTotal(k);
            pt += p * t;
            pp += p * p;
            tt += t * t;
        }
        double denominator = (s * s - pp) * (s * s - tt);
        if (denominator == 0) {
            return 0.0;
        }
        return (correct * s - pt) / Math.sqrt(denominator);
    }

    /**
     * Pearson's product-moment correlation r = Σ (xᵢ − x̄)(yᵢ − ȳ) / √(Σ (xᵢ − x̄)² Σ (yᵢ − ȳ)²), as GLUE scores
     * STS-B. It needs at least two items. When either side is constant, r is 0/0: this returns NaN, as SciPy's
     * {@code pearsonr} does (with a warning); a caller that prefers a number must decide which.
     */
    public static double pearson(double[] gold, double[] predicted) {
        checkPaired(gold, predicted);
        if (gold.length < 2) {
            throw new IllegalArgumentException("a correlation needs at least 2 items, got " + gold.length);
        }
        // Centre first, then sum products: the one-pass Σxy − n x̄ ȳ loses every digit when the values sit far
        // from zero (scores around 10⁶ that differ in the units).
        double mx = mean(gold);
        double my = mean(predicted);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < gold.length; i++) {
            double dx = gold[i] - mx;
            double dy = predicted[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        double r = sxy / Math.sqrt(sxx * syy);
        return Math.max(-1.0, Math.min(1.0, r));
    }

    /**
     * Spearman's rank correlation ρ (Spearman, 1904): Pearson's r of the ranks. Tied values share the mean of the
     * ranks they occupy (values 5, 7, 7, 9 get ranks 1, 2.5, 2.5, 4), as in SciPy's {@code spearmanr}; with ties
     * the shortcut 1 − 6 Σ dᵢ² / (n(n² − 1)) is wrong, so it is not used. NaN when either side is constant, as in
     * SciPy.
     */
    public static double spearman(double[] gold, double[] predicted) {
        checkPaired(gold, predicted);
        return pearson(averageRanks(gold), averageRanks(predicted));
    }

    /**
     * Ranks 1..n of the values, ties sharing the mean of their positions (SciPy's {@code rankdata(method="average")}).
     */
    public static double[] averageRanks(double[] values) {
        checkFinite("values", values);
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[n];
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && values[order[end]] == values[order[start]]) {
                end++;
            }
            // Positions start..end-1 (0-based) hold equal values: ranks start+1..end, whose mean is (start+1+end)/2.
            double shared = (start + 1 + end) / 2.0;
            for (int j = start; j < end; j++) {
                ranks[order[j]] = shared;
            }
            start = end;
        }
        return ranks;
    }

    private static double f1(long tp, long fp, long fn) {
        long denominator = 2 * tp + fp + fn;
        return denominator == 0 ? 0.0 : 2.0 * tp / denominator;
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    static void checkPaired(int[] gold, int[] predicted) {
        if (gold == null || predicted == null) {
            throw new IllegalArgumentException("gold and predicted labels are required, got "
                    + (gold == null ? "no gold labels" : "no predictions"));
        }
        if (gold.length != predicted.length) {
            throw new IllegalArgumentException("expected as many predictions as gold labels, got " + predicted.length
                    + " predictions for " + gold.length + " gold labels");
        }
        if (gold.length == 0) {
            throw new IllegalArgumentException("expected at least one item, got empty gold and predicted labels");
        }
    }

    static void checkPaired(double[] gold, double[] predicted) {
        if (gold == null || predicted == null) {
            throw new IllegalArgumentException("gold and predicted values are required, got "
                    + (gold == null ? "no gold values" : "no predictions"));
        }
        if (gold.length != predicted.length) {
            throw new IllegalArgumentException("expected as many predictions as gold values, got " + predicted.length
                    + " predictions for " + gold.length + " gold values");
        }
        if (gold.length == 0) {
            throw new IllegalArgumentException("expected at least one item, got empty gold and predicted values");
        }
        checkFinite("gold", gold);
        checkFinite("predicted", predicted);
    }

    private static void checkFinite(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("expected finite " + what + " values, got " + v[i] + " at index " + i);
            }
        }
    }

    private static void checkBinary(String what, int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("binary F1 expects " + what + " labels 0 or 1 (1 is the positive class), got "
                        + labels[i] + " at index " + i + "; use macroF1 for more classes");
            }
        }
    }

    /** Counts of (gold, predicted) pairs over the labels that occur on either side, in ascending label order. */
    static final class ConfusionMatrix {

        private final long[][] counts;
        private final long[] goldTotals;
        private final long[] predictedTotals;

        ConfusionMatrix(int[] gold, int[] predicted) {
            checkPaired(gold, predicted);
            TreeSet<Integer> labels = new TreeSet<>();
            for (int i = 0; i < gold.length; i++) {
                labels.add(gold[i]);
                labels.add(predicted[i]);
            }
            int[] sorted = labels.stream().mapToInt(Integer::intValue).toArray();
            int k = sorted.length;
            counts = new long[k][k];
            goldTotals = new long[k];
            predictedTotals = new long[k];
            for (int i = 0; i < gold.length; i++) {
                int g = Arrays.binarySearch(sorted, gold[i]);
                int p = Arrays.binarySearch(sorted, predicted[i]);
                counts[g][p]++;
                goldTotals[g]++;
                predictedTotals[p]++;
            }
        }

        int classes() {
            return counts.length;
        }

        long count(int gold, int predicted) {
            return counts[gold][predicted];
        }

        long goldTotal(int k) {
            return goldTotals[k];
        }

        long predictedTotal(int k) {
            return predictedTotals[k];
        }
    }
}
