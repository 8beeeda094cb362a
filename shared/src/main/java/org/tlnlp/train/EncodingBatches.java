package org.tlnlp.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.engine.Rng;
import org.tlnlp.text.Encoding;

import java.util.List;

/**
 * Batches of tokenised texts with a class label each, for BERT-style classifiers: inputs (ids, token types,
 * attention mask), each padded to the longest sequence of its batch; labels (B). Reshuffled every epoch.
 */
public final class EncodingBatches implements BatchSource {

    private final List<Encoding> examples;
    private final int[] labels;
    private final int batchSize;
    private final EpochOrder order;
    private final int padId;

    public EncodingBatches(List<Encoding> examples, int[] labels, int batchSize, int padId, Rng rng) {
        if (examples.size() != labels.length) {
            throw new IllegalArgumentException(examples.size() + " examples but " + labels.length + " labels");
        }
        this.examples = examples;
        this.labels = labels;
        this.batchSize = batchSize;
        this.padId = padId;
        this.order = new EpochOrder(examples.size(), rng.random().nextLong());
    }

    @Override
    public int batches() {
        return (examples.size() + batchSize - 1) / batchSize;
    }

    @Override
    public Batch batch(NDManager manager, int epoch, int index) {
        int[] order = this.order.of(epoch);
        int from = index * batchSize;
        int to = Math.min(examples.size(), from + batchSize);
        int[] pick = java.util.Arrays.copyOfRange(order, from, to);
        NDList inputs = inputs(manager, pick);
        float[] y = new float[pick.length];
        for (int i = 0; i < pick.length; i++) {
            y[i] = labels[pick[i]];
        }
        return new Batch(inputs, new NDList(manager.create(y)), pick.length);
    }

    /** The (ids, types, mask) arrays of the chosen examples, padded to the longest. */
    public NDList inputs(NDManager manager, int[] pick) {
        int t = 0;
        for (int i : pick) {
            t = Math.max(t, examples.get(i).length());
        }
        long[] ids = new long[pick.length * t];
        long[] types = new long[pick.length * t];
        long[] mask = new long[pick.length * t];
        java.util.Arrays.fill(ids, padId);
        for (int r = 0; r < pick.length; r++) {
            Encoding e = examples.get(pick[r]);
            for (int j = 0; j < e.length(); j++) {
                ids[r * t + j] = e.ids()[j];
                types[r * t + j] = e.typeIds()[j];
                mask[r * t + j] = e.attentionMask()[j];
            }
        }
        Shape s = new Shape(pick.length, t);
        return new NDList(manager.create(ids, s), manager.create(types, s), manager.create(mask, s));
    }
}
