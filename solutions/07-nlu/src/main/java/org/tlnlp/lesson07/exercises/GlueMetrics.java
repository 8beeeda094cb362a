package org.tlnlp.lesson07.exercises;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.tlnlp.analysis.Metrics;
import org.tlnlp.glue.GlueMetric;
import org.tlnlp.grading.Exercise;

/**
 * Lesson 07, exercises 7.1 to 7.4: the metrics GLUE scores its tasks with, beyond accuracy. Each is checked against
 * scikit-learn or SciPy ({@code testdata/analysis/metrics.json}, {@code testdata/glue/metrics.json}); grade them with
 * {@code mvn test -pl lessons/07-nlu -am}. None may use the course's {@code Metrics} or Apache Commons Math's
 * correlations.
 */
public final class GlueMetrics {

    private GlueMetrics() {
    }

    /**
     * Exercise 7.1. The Matthews correlation coefficient, as GLUE scores CoLA (and, with three classes, its diagnostic
     * set). Count the confusion matrix C over the labels that occur (gold or predicted): with s items, c = Σₖ C_kk
     * right ones, tₖ how often class k is gold and pₖ how often it is predicted,
     *
     * <pre>
     *   MCC = (c·s − Σₖ pₖ tₖ) / √((s² − Σₖ pₖ²) (s² − Σₖ tₖ²))
     * </pre>
     *
     * which for two classes is (tp·tn − fp·fn) / √((tp+fp)(tp+fn)(tn+fp)(tn+fn)). When the denominator is 0 (the
     * predictions, or the gold labels, are a single class) return 0, as scikit-learn's {@code matthews_corrcoef}
     * does: a classifier that always says "acceptable" scores 0 on CoLA, whatever its accuracy. The counts of a large
     * dev set multiply past 2³¹: compute in {@code long} or {@code double}.
     *
     * @param gold      the gold labels (any integers)
     * @param predicted the predicted labels, as many as gold
     * @return the coefficient, in [−1, 1]
     */
    @Exercise(value = "7.1", mayNotUse = {Metrics.class, GlueMetric.class})
    public static double matthews(int[] gold, int[] predicted) {
        check(gold.length, predicted.length);
        java.util.TreeSet<Integer> seen = new java.util.TreeSet<>();
        for (int i = 0; i < gold.length; i++) {
            seen.add(gold[i]);
            seen.add(predicted[i]);
        }
        java.util.Map<Integer, Integer> index = new java.util.HashMap<>();
        for (int label : seen) {
            index.put(label, index.size());
        }
        double[] t = new double[index.size()];
        double[] p = new double[index.size()];
        double right = 0;
        for (int i = 0; i < gold.length; i++) {
            t[index.get(gold[i])]++;
            p[index.get(predicted[i])]++;
            right += gold[i] == predicted[i] ? 1 : 0;
        }
        double s = gold.length;
        double pt = 0;
        double pp = 0;
        double tt = 0;
        for (int k = 0; k < t.length; k++) {
            pt += p[k] * t[k];
            pp += p[k] * p[k];
            tt += t[k] * t[k];
        }
        double denominator = (s * s - pp) * (s * s - tt);
        return denominator == 0 ? 0.0 : (right * s - pt) / Math.sqrt(denominator);
    }

    /**
     * Exercise 7.2. F1 of the positive class 1, as GLUE scores MRPC and QQP (with accuracy beside it): with tp, fp and
     * fn counted for class 1, F1 = 2·tp / (2·tp + fp + fn), the harmonic mean of precision and recall. Labels are 0
     * or 1. When there is no positive item at all, gold or predicted (2·tp + fp + fn = 0), F1 is 0/0: return 0, as
     * scikit-learn's {@code f1_score} does.
     *
     * @param gold      gold labels, 0 or 1
     * @param predicted predicted labels, 0 or 1
     * @return F1 of class 1, in [0, 1]
     */
    @Exercise(value = "7.2", mayNotUse = {Metrics.class, GlueMetric.class})
    public static double f1(int[] gold, int[] predicted) {
        check(gold.length, predicted.length);
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
        long denominator = 2 * tp + fp + fn;
        return denominator == 0 ? 0.0 : 2.0 * tp / denominator;
    }

    /**
     * Exercise 7.3. Pearson's correlation, as GLUE scores STS-B (with Spearman's beside it):
     * r = Σ (xᵢ − x̄)(yᵢ − ȳ) / √(Σ (xᵢ − x̄)² · Σ (yᵢ − ȳ)²), for n ≥ 2 items. When either side is constant, r is 0/0:
     * return {@code Double.NaN}, as SciPy's {@code pearsonr} does. Scores may sit far from zero (around 10⁶, differing
     * in the second decimal): centre them before you multiply.
     *
     * @param gold      the gold scores
     * @param predicted the predicted scores, as many as gold
     * @return r in [−1, 1], or NaN
     */
    @Exercise(value = "7.3", mayNotUse = {Metrics.class, GlueMetric.class, PearsonsCorrelation.class})
    public static double pearson(double[] gold, double[] predicted) {
        check(gold.length, predicted.length);
        double mx = 0;
        double my = 0;
        for (int i = 0; i < gold.length; i++) {
            mx += gold[i] / gold.length;
            my += predicted[i] / gold.length;
        }
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
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /**
     * Exercise 7.4. Spearman's rank correlation: Pearson's r of the ranks (1 for the smallest value, n for the
     * largest). Tied values share the mean of the ranks they occupy: 5, 7, 7, 9 get ranks 1, 2.5, 2.5, 4 (SciPy's
     * {@code rankdata(method="average")}). With ties the textbook shortcut 1 − 6 Σ dᵢ² / (n(n² − 1)) is wrong; STS-B's
     * gold scores, averages of a few 0–5 ratings, tie all the time. NaN when either side is constant, as in SciPy.
     *
     * @param gold      the gold scores
     * @param predicted the predicted scores, as many as gold
     * @return ρ in [−1, 1], or NaN
     */
    @Exercise(value = "7.4", mayNotUse = {Metrics.class, GlueMetric.class, SpearmansCorrelation.class,
            PearsonsCorrelation.class, NaturalRanking.class})
    public static double spearman(double[] gold, double[] predicted) {
        check(gold.length, predicted.length);
        return pearson(ranks(gold), ranks(predicted));
    }

    private static void check(int gold, int predicted) {
        if (gold != predicted || gold == 0) {
            throw new IllegalArgumentException("expected as many predictions as gold values, and some: got " + predicted
                    + " predictions for " + gold + " gold values");
        }
    }

    /** Ranks 1..n, ties sharing the mean of the ranks they occupy. */
    private static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        for (int start = 0; start < v.length; ) {
            int end = start + 1;
            while (end < v.length && v[order[end]] == v[order[start]]) {
                end++;
            }
            for (int j = start; j < end; j++) {
                r[order[j]] = (start + 1 + end) / 2.0;
            }
            start = end;
        }
        return r;
    }
}
