package org.tlnlp.analysis;

import java.util.Locale;

/**
 * Reading a learning curve, score against the number of labelled examples, at a score instead of at a size:
 * how many labels a method needs to reach an accuracy, and so how many labels one start saves over another at
 * equal accuracy (ULMFiT's headline comparison, Howard and Ruder 2018, fig. 3).
 *
 * <p>Between two measured sizes the curve is taken as a straight line in log(size), the axis such curves are
 * drawn on: between (n₁, s₁) and (n₂, s₂) the score s is reached at {@code n = n₁ · (n₂/n₁)^((s − s₁)/(s₂ − s₁))}.
 * A noisy curve can cross a score more than once; the first crossing (the fewest labels) counts.
 */
public final class LearningCurves {

    private LearningCurves() {
    }

    /**
     * Where a curve reaches a score.
     *
     * @param size    the interpolated number of examples (the smallest measured size when {@link #atMost})
     * @param reached false when no measured point reaches the score (then size is NaN)
     * @param atMost  true when the smallest measured size already reaches it: the true size is this or fewer
     */
    public record Reach(double size, boolean reached, boolean atMost) {

        /** The size as a report writes it: {@code 340}, {@code ≤ 25}, or {@code > 2000} (given the largest size). */
        public String describe(double largest) {
            if (!reached) {
                return String.format(Locale.ROOT, "> %.0f", largest);
            }
            return (atMost ? "≤ " : "") + String.format(Locale.ROOT, "%.0f", size);
        }
    }

    /** The first point where the curve ({@code sizes} increasing, one score each) reaches {@code target}. */
    public static Reach sizeToReach(double[] sizes, double[] scores, double target) {
        if (sizes.length != scores.length || sizes.length == 0) {
            throw new IllegalArgumentException("need one score per size and at least one point; got " + sizes.length
                    + " sizes and " + scores.length + " scores");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (!(sizes[i] > 0) || (i > 0 && !(sizes[i] > sizes[i - 1]))) {
                throw new IllegalArgumentException("sizes must be positive and increasing; size " + i + " is " + sizes[i]);
            }
        }
        if (scores[0] >= target) {
            return new Reach(sizes[0], true, true);
        }
        for (int i = 1; i < sizes.length; i++) {
            if (scores[i] >= target) {
                double f = (target - scores[i - 1]) / (scores[i] - scores[i - 1]);
                return new Reach(sizes[i - 1] * Math.pow(sizes[i] / sizes[i - 1], f), true, false);
            }
        }
        return new Reach(Double.NaN, false, false);
    }
}
