package org.tlnlp.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Running a trained classifier over a data set in batches, and the scores of its predictions.
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

    /** The share of predictions equal to the gold labels. */
    public static double accuracy(int[] predicted, int[] gold) {
        if (predicted.length != gold.length || gold.length == 0) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + gold.length + " gold labels");
        }
        int right = 0;
        for (int i = 0; i < gold.length; i++) {
            right += predicted[i] == gold[i] ? 1 : 0;
        }
        return right / (double) gold.length;
    }

    /** The share of the most frequent label: what always guessing it scores. */
    public static double majorityShare(int[] labels) {
        java.util.Map<Integer, Integer> c = new java.util.HashMap<>();
        for (int v : labels) {
            c.merge(v, 1, Integer::sum);
        }
        return java.util.Collections.max(c.values()) / (double) labels.length;
    }
}
