package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import org.tlnlp.analysis.Evaluation;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.nn.Dropouts;
import org.tlnlp.nn.HostArrays;
import org.tlnlp.train.Objective;

/**
 * BERT → pooling → dropout → linear: a sequence classifier, named as Hugging Face's
 * {@code BertForSequenceClassification} ({@code bert.*}, {@code classifier.*}). Trained with cross-entropy; with
 * one output it is a regressor trained with the mean squared error, as Hugging Face's model is with
 * {@code num_labels = 1} (GLUE's STS-B).
 */
public final class BertClassifier extends BertTaskHead implements Objective<ClassificationBatch> {

    /** How a sequence becomes one vector for the classifier. */
    public enum Pooling {
        /** BERT's pooler on [CLS] (the paper's classification setup). */
        POOLER,
        /** The mean of the real tokens' last hidden states (how all-MiniLM-L6-v2 was trained to be used). */
        MEAN
    }

    private final Pooling pooling;
    private final int classes;
    private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

    public BertClassifier(Bert bert, int classes, Pooling pooling) {
        super(bert, classes);
        this.pooling = pooling;
        this.classes = classes;
        if (pooling == Pooling.MEAN) {
            // The pooler takes no part: a parameter no loss reaches has no gradient to train with.
            bert.pooler.freezeParameters(true);
        }
    }

    public int classes() {
        return classes;
    }

    /** One output, a real value: regression (mean squared error) rather than classification. */
    public boolean isRegression() {
        return classes == 1;
    }

    public Pooling pooling() {
        return pooling;
    }

    /** The pooled vector (B, H) of each sequence. */
    public NDArray features(ParameterStore s, BertInput in, boolean training) {
        Bert.Output o = bert.forward(s, in, training, false);
        return pooling == Pooling.POOLER ? o.pooled() : meanPool(o.lastHidden(), in.attentionMask());
    }

    /** The class scores (B, classes). */
    public NDArray logits(ParameterStore s, BertInput in, boolean training) {
        return head.forward(s, Dropouts.apply(features(s, in, training), dropout, training), training);
    }

    @Override
    public NDArray loss(ParameterStore s, ClassificationBatch batch, boolean training) {
        NDArray out = logits(s, batch.input(), training);
        if (isRegression()) {
            return out.reshape(-1).sub(batch.labels()).square().mean();
        }
        return crossEntropy.evaluate(new NDList(batch.labels()), new NDList(out));
    }

    /** The pooled vector of every example of {@code data} as Java rows (fixed features for a probe), in order. */
    public float[][] features(NDManager manager, ClassificationBatches data, int batch) {
        try (NoGradient ignored = NoGradient.open()) {
            float[][] out = new float[data.size()][];
            ParameterStore s = new ParameterStore(manager, false);
            for (int from = 0; from < data.size(); from += batch) {
                try (NDManager scope = manager.newSubManager()) {
                    int[] pick = java.util.stream.IntStream.range(from, Math.min(data.size(), from + batch)).toArray();
                    float[][] rows = HostArrays.rows(features(s, data.inputs(scope, pick), false));
                    System.arraycopy(rows, 0, out, from, rows.length);
                }
            }
            return out;
        }
    }

    /** The predicted class of every example of {@code data}, in the data's order, scored {@code batch} at a time. */
    public int[] predict(NDManager manager, ClassificationBatches data, int batch) {
        if (isRegression()) {
            throw new IllegalStateException("a one-output regressor predicts values: use predictValues");
        }
        try (NoGradient ignored = NoGradient.open()) {
            ParameterStore s = new ParameterStore(manager, false);
            return Evaluation.predictions(manager, data.size(), batch, (scope, from, to) ->
                    logits(s, data.inputs(scope, java.util.stream.IntStream.range(from, to).toArray()), false));
        }
    }

    /** The predicted value of every example of {@code data} (a one-output regressor), in order, {@code batch} at a time. */
    public float[] predictValues(NDManager manager, ClassificationBatches data, int batch) {
        if (!isRegression()) {
            throw new IllegalStateException("predictValues needs a one-output regressor; this classifier has " + classes
                    + " classes: use predict");
        }
        ParameterStore s = new ParameterStore(manager, false);
        float[] out = new float[data.size()];
        for (int from = 0; from < data.size(); from += batch) {
            try (NDManager scope = manager.newSubManager(); NoGradient ignored = NoGradient.open()) {
                int[] pick = java.util.stream.IntStream.range(from, Math.min(data.size(), from + batch)).toArray();
                float[] v = logits(s, data.inputs(scope, pick), false).reshape(-1).toFloatArray();
                System.arraycopy(v, 0, out, from, v.length);
            }
        }
        return out;
    }

    /** The mean over the real (mask = 1) positions: (B, T, H), (B, T) → (B, H). */
    public static NDArray meanPool(NDArray hidden, NDArray mask) {
        NDArray m = mask.toType(hidden.getDataType(), false).expandDims(2);
        return hidden.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1e-9f));
    }
}
