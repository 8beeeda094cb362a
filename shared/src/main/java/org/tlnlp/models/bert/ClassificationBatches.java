package org.tlnlp.models.bert;

import ai.djl.ndarray.NDManager;
import org.tlnlp.engine.Rng;
import org.tlnlp.text.Encoding;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.EpochOrder;

import java.util.List;

/**
 * {@link ClassificationBatch}es of tokenised texts with a class label each (or a target value each, for
 * regression: {@link #regression}), each batch padded to its longest sequence, reshuffled every epoch.
 */
public final class ClassificationBatches implements BatchSource<ClassificationBatch> {

    private final List<Encoding> examples;
    private final float[] targets;
    private final boolean regression;
    private final int batchSize;
    private final EpochOrder order;
    private final int padId;

    public ClassificationBatches(List<Encoding> examples, int[] labels, int batchSize, int padId, Rng rng) {
        this(examples, toFloats(labels), false, batchSize, padId, rng);
    }

    private ClassificationBatches(List<Encoding> examples, float[] targets, boolean regression, int batchSize, int padId,
                                  Rng rng) {
        if (examples.size() != targets.length) {
            throw new IllegalArgumentException(examples.size() + " examples but " + targets.length
                    + (regression ? " target values" : " labels"));
        }
        this.examples = examples;
        this.targets = targets;
        this.regression = regression;
        this.batchSize = batchSize;
        this.padId = padId;
        this.order = new EpochOrder(examples.size(), rng.random().nextLong());
    }

    /** Texts with a real-valued target each (STS-B's similarity), for a one-output {@link BertClassifier}. */
    public static ClassificationBatches regression(List<Encoding> examples, float[] targets, int batchSize, int padId,
                                                   Rng rng) {
        return new ClassificationBatches(examples, targets.clone(), true, batchSize, padId, rng);
    }

    private static float[] toFloats(int[] labels) {
        float[] out = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    @Override
    public int batches() {
        return (examples.size() + batchSize - 1) / batchSize;
    }

    @Override
    public ClassificationBatch batch(NDManager manager, int epoch, int index) {
        int[] order = this.order.of(epoch);
        int from = index * batchSize;
        int to = Math.min(examples.size(), from + batchSize);
        return batch(manager, java.util.Arrays.copyOfRange(order, from, to));
    }

    /** The batch of the chosen examples, in the order given (for evaluation, in the data's own order). */
    public ClassificationBatch batch(NDManager manager, int[] pick) {
        float[] y = new float[pick.length];
        for (int i = 0; i < pick.length; i++) {
            y[i] = targets[pick[i]];
        }
        return new ClassificationBatch(inputs(manager, pick), manager.create(y));
    }

    /** The chosen examples' inputs, padded to the longest. */
    public BertInput inputs(NDManager manager, int[] pick) {
        List<Encoding> chosen = new java.util.ArrayList<>();
        for (int i : pick) {
            chosen.add(examples.get(i));
        }
        return BertInput.of(manager, chosen, padId);
    }

    /** The same examples in batches of another size, in an order drawn from {@code rng}. */
    public ClassificationBatches withBatchSize(int batch, Rng rng) {
        return new ClassificationBatches(examples, targets, regression, batch, padId, rng);
    }

    /** Whether the examples carry target values rather than class labels. */
    public boolean isRegression() {
        return regression;
    }

    /** Every example's label, in the data's order. */
    public int[] labels() {
        if (regression) {
            throw new IllegalStateException("these examples carry target values, not class labels: use targets()");
        }
        int[] out = new int[targets.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) targets[i];
        }
        return out;
    }

    /** Every example's target value (its label as a number, for classification), in the data's order. */
    public float[] targets() {
        return targets.clone();
    }

    /** How many examples there are. */
    public int size() {
        return examples.size();
    }
}
