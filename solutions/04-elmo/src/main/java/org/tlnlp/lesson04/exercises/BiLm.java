package org.tlnlp.lesson04.exercises;

/** Answer key for lesson 04, exercises 4.5 and 4.6. */
public final class BiLm {

    private BiLm() {
    }

    /** 4.5. */
    public static int[] backwardTargets(int[] wordIds) {
        int[] t = new int[wordIds.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = k == 0 ? -1 : wordIds[k - 1];
        }
        return t;
    }

    /** 4.6. */
    public static double perplexity(double[] meanLosses, long[] counts) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < meanLosses.length; i++) {
            sum += meanLosses[i] * counts[i];
            n += counts[i];
        }
        return Math.exp(sum / n);
    }
}
