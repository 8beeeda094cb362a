package org.tlnlp.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.engine.Rng;


/**
 * {@link FeatureBatch}es of a dense feature matrix and integer class labels, reshuffled every epoch by a seeded
 * generator (the order of epoch {@code e} depends only on the seed and {@code e}).
 */
public final class ArrayBatches implements BatchSource<FeatureBatch> {

    private final float[][] features;
    private final int[] labels;
    private final int batchSize;
    private final EpochOrder order;

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
        this.order = new EpochOrder(features.length, rng.random().nextLong());
    }

    @Override
    public int batches() {
        return (features.length + batchSize - 1) / batchSize;
    }

    @Override
    public FeatureBatch batch(NDManager manager, int epoch, int index) {
        int[] order = this.order.of(epoch);
        int from = index * batchSize;
        int to = Math.min(features.length, from + batchSize);
        int d = features[0].length;
        float[] x = new float[(to - from) * d];
        float[] y = new float[to - from];
        for (int i = from; i < to; i++) {
            System.arraycopy(features[order[i]], 0, x, (i - from) * d, d);
            y[i - from] = labels[order[i]];
        }
        return new FeatureBatch(manager.create(x, new Shape(to - from, d)), manager.create(y, new Shape(to - from)));
    }
}
