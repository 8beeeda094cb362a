package org.tlnlp.train;

import java.util.Random;

/**
 * The order in which a batch source visits its examples: a permutation that depends only on the seed and
 * the epoch, computed once per epoch.
 */
public final class EpochOrder {

    private final int size;
    private final long seed;
    private int[] order;
    private int epoch = -1;

    public EpochOrder(int size, long seed) {
        this.size = size;
        this.seed = seed;
    }

    public synchronized int[] of(int epoch) {
        if (this.epoch != epoch) {
            order = permutation(size, new Random(seed + epoch));
            this.epoch = epoch;
        }
        return order;
    }

    /** A Fisher-Yates shuffle of 0..n-1. */
    static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
