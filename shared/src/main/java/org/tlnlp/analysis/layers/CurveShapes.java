package org.tlnlp.analysis.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a per-layer curve has one of the shapes Voita, Sennrich and Titov (2019) report, decided by fixed rules
 * written down before any run (so that a run is never read until a shape appears), and said in a sentence with the
 * numbers. v[0] is the embeddings, v[L] the top layer; {@code tolerance} is the smallest step that counts as a
 * change (in the curve's unit; the labs use 0.02 nats, a few times the spread of the estimator between seeds of the
 * clustering).
 *
 * <ul>
 *   <li><b>falls steadily</b> (the LM's MI with the input token): v[L] &lt; v[0] − tolerance and no step up by more
 *       than the tolerance; "falls, not steadily" when the end is lower but some step rises.</li>
 *   <li><b>falls</b> (MI with the input when measured with the output label): v[L] &lt; v[0] − tolerance.</li>
 *   <li><b>falls, then recovers</b> (the MLM's MI with the input token): the lowest value is at an inner layer m,
 *       v[m] &lt; v[0] − tolerance, and v[L] &gt; v[m] + tolerance; how much of the loss comes back,
 *       (v[L] − v[m]) / (v[0] − v[m]), is reported.</li>
 *   <li><b>rises</b> (MI with the output label): v[L] &gt; v[0] + tolerance; "steadily" when no step falls by more
 *       than the tolerance.</li>
 * </ul>
 */
public final class CurveShapes {

    /** The shapes the paper names. */
    public enum Shape {
        FALLS_STEADILY("falls steadily"),
        FALLS("falls"),
        FALLS_THEN_RECOVERS("falls, then recovers in the top layers"),
        RISES("rises");

        private final String words;

        Shape(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    /** What a curve shows: whether it has the expected shape, and a sentence with the numbers. */
    public record Verdict(Shape expected, boolean shows, String sentence) {
    }

    private CurveShapes() {
    }

    /** Checks {@code v} for {@code expected}; {@code name} starts the sentence (e.g. "LM, MI with the input token"). */
    public static Verdict check(String name, double[] v, Shape expected, double tolerance) {
        if (v == null || v.length < 2) {
            throw new IllegalArgumentException("a curve needs at least two layers, got " + (v == null ? "none" : v.length));
        }
        int top = v.length - 1;
        List<Integer> ups = new ArrayList<>();
        List<Integer> downs = new ArrayList<>();
        for (int l = 1; l <= top; l++) {
            if (v[l] > v[l - 1] + tolerance) {
                ups.add(l);
            } else if (v[l] < v[l - 1] - tolerance) {
                downs.add(l);
            }
        }
        int min = 0;
        for (int l = 1; l <= top; l++) {
            if (v[l] < v[min]) {
                min = l;
            }
        }
        String path = String.format(Locale.ROOT, "%.2f at layer 0, %.2f at the top (layer %d), lowest %.2f at layer %d",
                v[0], v[top], top, v[min], min);
        boolean shows;
        String what;
        switch (expected) {
            case FALLS_STEADILY -> {
                boolean falls = v[top] < v[0] - tolerance;
                shows = falls && ups.isEmpty();
                what = !falls ? "does not fall" : ups.isEmpty() ? "falls steadily" : "falls, but not steadily (rises at layer"
                        + (ups.size() > 1 ? "s " : " ") + join(ups) + ")";
            }
            case FALLS -> {
                shows = v[top] < v[0] - tolerance;
                what = shows ? (ups.isEmpty() ? "falls steadily" : "falls overall (rises at layer" + (ups.size() > 1 ? "s " : " ")
                        + join(ups) + ")") : "does not fall";
            }
            case FALLS_THEN_RECOVERS -> {
                boolean dips = min > 0 && min < top && v[min] < v[0] - tolerance;
                boolean recovers = dips && v[top] > v[min] + tolerance;
                shows = recovers;
                what = recovers ? String.format(Locale.ROOT, "falls to layer %d, then recovers %.0f%% of what it lost",
                        min, 100 * (v[top] - v[min]) / (v[0] - v[min]))
                        : dips ? "falls to layer " + min + " and does not recover"
                        : min == top ? "falls to the top without recovering" : "does not fall";
            }
            case RISES -> {
                boolean rises = v[top] > v[0] + tolerance;
                shows = rises;
                what = !rises ? "does not rise" : downs.isEmpty() ? "rises steadily" : "rises overall (falls at layer"
                        + (downs.size() > 1 ? "s " : " ") + join(downs) + ")";
            }
            default -> throw new IllegalStateException();
        }
        return new Verdict(expected, shows, String.format(Locale.ROOT, "%s: %s (%s). The paper: %s. Shown here: %s.",
                name, what, path, expected, shows ? "yes" : "no"));
    }

    private static String join(List<Integer> v) {
        return String.join(", ", v.stream().map(String::valueOf).toList());
    }
}
