package org.tlnlp.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.tlnlp.engine.NoGradient;

/**
 * Running a trained classifier over a data set in batches, and the majority baseline. Scores of predictions are
 * {@link Metrics}'; their intervals {@link Intervals} and {@link TestAccuracy}.
 */
public final class Evaluation {

    /** Class scores (rows, classes) of examples {@code from} to {@code to} (exclusive), made in {@code scope}. */
    @FunctionalInterface
    public interface Scorer {
        NDArray logits(NDManager scope, int from, int to);
    }

    private Evaluation() {
    }

    /** The most likely class of each of {@code n} examples, scored {@code batch} at a time. */
    public static int[] predictions(NDManager manager, int n, int batch, Scorer scorer) {
        try (NoGradient ignored = NoGradient.open()) {
            int[] out = new int[n];
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                try (NDManager scope = manager.newSubManager()) {
                    int[] p = scorer.logits(scope, from, to).argMax(1).toType(DataType.INT32, false).toIntArray();
                    System.arraycopy(p, 0, out, from, to - from);
                }
            }
            return out;
        }
    }

    /**
     * The most frequent label (ties go to the smallest): the answer of the majority baseline, taken from the
     * training labels so that the baseline learns nothing from the test set.
     */
    public static int majorityLabel(int[] labels) {
        if (labels.length == 0) {
            throw new IllegalArgumentException("no labels to take the majority of");
        }
        java.util.Map<Integer, Integer> c = new java.util.TreeMap<>();
        for (int v : labels) {
            c.merge(v, 1, Integer::sum);
        }
        int best = labels[0];
        int count = -1;
        for (var e : c.entrySet()) {
            if (e.getValue() > count) {
                best = e.getKey();
                count = e.getValue();
            }
        }
        return best;
    }
}
