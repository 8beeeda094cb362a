package org.tlnlp.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.engine.Rng;

import java.util.Random;

/**
 * Batches of a dense feature matrix and integer class labels, reshuffled every epoch by a seeded
 * generator (the order of epoch {@code e} depends only on the seed and {@code e}).
 */
public final class ArrayBatches implements BatchSource {

    private final float[][] features;
    private final int[] labels;
    private final int batchSize;
    private final long seed;
    private int[] order;
    private int orderEpoch = -1;

    public ArrayBatches(float[][] features, int[] labels, int batchSize, Rng rng) {
        if (features.length != labels.length) {
            throw new IllegalArgumentException(features.length + " feature rows but " + labels.length + " labels");
        }
        if (features.length == 0) {
            throw new IllegalArgumentException("no examples");
        }
        this.features = features;
        this.labels = labels;
        this.batchSize = batchSize;
        this.seed = rng.random().nextLong();
    }

    @Override
    public int batches() {
        return (features.length + batchSize - 1) / batchSize;
    }

    @Override
    public synchronized Batch batch(NDManager manager, int epoch, int index) {
        if (orderEpoch != epoch) {
            order = permutation(features.length, new Random(seed + epoch));
            orderEpoch = epoch;
        }
        int from = index * batchSize;
        int to = Math.min(features.length, from + batchSize);
        int d = features[0].length;
        float[] x = new float[(to - from) * d];
        float[] y = new float[to - from];
        for (int i = from; i < to; i++) {
            System.arraycopy(features[order[i]], 0, x, (i - from) * d, d);
            y[i - from] = labels[order[i]];
        }
        return new Batch(new NDList(manager.create(x, new Shape(to - from, d))),
                new NDList(manager.create(y, new Shape(to - from))), to - from);
    }

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
