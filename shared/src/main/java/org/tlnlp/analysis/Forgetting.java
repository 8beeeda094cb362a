package org.tlnlp.analysis;

/**
 * How much a model forgot, from a score matrix of a sequence of tasks: {@code a[k][j]} is the score on task j after
 * training on tasks 0..k (an accuracy: higher is better). Entries with k &lt; j (a task not trained yet) are not used
 * and may be {@code NaN}. Task 0 may be pre-training itself, scored by its own objective (masked-LM accuracy).
 */
public final class Forgetting {

    private Forgetting() {
    }

    /**
     * Chaudhry et al. (2018, "Riemannian Walk for Incremental Learning"): the forgetting of task j after the last
     * task k is the best score j ever had before k minus its score now,
     * {@code f_j = max_{l = j..k−1} a[l][j] − a[k][j]}, for every j &lt; k (the last task cannot be forgotten yet).
     * A score that rose after j was trained counts at its best, so later tasks that helped j and then hurt it show as
     * forgetting. Returns {@code f_0..f_{k−1}}.
     */
    public static double[] perTask(double[][] a) {
        int k = check(a);
        double[] f = new double[k];
        for (int j = 0; j < k; j++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int l = j; l < k; l++) {
                best = Math.max(best, a[l][j]);
            }
            f[j] = best - a[k][j];
        }
        return f;
    }

    /** The mean of {@link #perTask}: Chaudhry et al.'s average forgetting after the last task. */
    public static double average(double[][] a) {
        double[] f = perTask(a);
        double s = 0;
        for (double v : f) {
            s += v;
        }
        return s / f.length;
    }

    /**
     * Lopez-Paz and Ranzato (2017, GEM)'s backward transfer: {@code (1/k) Σ_{j<k} (a[k][j] − a[j][j])}, the mean change
     * of each earlier task's score since it was learnt; negative is forgetting.
     */
    public static double backwardTransfer(double[][] a) {
        int k = check(a);
        double s = 0;
        for (int j = 0; j < k; j++) {
            s += a[k][j] - a[j][j];
        }
        return s / k;
    }

    /** Forgetting of an objective measured as a loss (lower is better): {@code after − before}, in the loss's units. */
    public static double lossIncrease(double before, double after) {
        return after - before;
    }

    private static int check(double[][] a) {
        if (a == null || a.length < 2) {
            throw new IllegalArgumentException("forgetting needs scores after at least two tasks (a 2 x 2 matrix), got "
                    + (a == null ? "null" : a.length + " rows"));
        }
        for (int k = 0; k < a.length; k++) {
            if (a[k] == null || a[k].length != a.length) {
                throw new IllegalArgumentException("row " + k + " has " + (a[k] == null ? 0 : a[k].length)
                        + " scores; a square matrix (tasks x tasks) was expected, " + a.length + " per row");
            }
            for (int j = 0; j <= k; j++) {
                if (!Double.isFinite(a[k][j])) {
                    throw new IllegalArgumentException("a[" + k + "][" + j + "] = " + a[k][j] + ": the score on task " + j
                            + " after task " + k + " is needed");
                }
            }
        }
        return a.length - 1;
    }
}
