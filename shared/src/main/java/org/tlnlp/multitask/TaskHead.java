package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import org.tlnlp.models.LanguageModeling;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.ParameterMap;

/**
 * One task's own layer on the shared vectors: a linear layer {@code weight} (classes, H), {@code bias}. A sequence
 * task scores the mean of the vectors over the real positions; a token task scores every position. The loss is
 * the mean cross-entropy, over the sequences or over the labelled positions.
 */
public final class TaskHead extends FixedBlock {

    private final Task task;
    private final Dense linear;
    private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

    public TaskHead(Task task, int hidden) {
        this.task = task;
        this.linear = addChildBlock("linear", new Dense(hidden, task.classes(), 0.02f));
    }

    public Task task() {
        return task;
    }

    /** The layer itself (weight (classes, H) and bias), for code that computes the head by hand. */
    public Dense linear() {
        return linear;
    }

    /**
     * Class scores: (B, classes) for a sequence task, (B, T, classes) for a token task.
     *
     * @param states (B, T, H) the encoder's vectors
     * @param mask   (B, T) the real positions (the mean of a sequence task runs over them)
     */
    public NDArray logits(ParameterStore store, NDArray states, NDArray mask, boolean training) {
        NDArray in = task.kind() == Task.Kind.SEQUENCE ? BertClassifier.meanPool(states, mask) : states;
        return linear.forward(store, in, training);
    }

    /** The mean cross-entropy of {@code logits} against the batch's labels (over its labelled positions). */
    public NDArray loss(NDArray logits, TaskBatch<?> batch) {
        if (task.kind() == Task.Kind.SEQUENCE) {
            return crossEntropy.evaluate(new NDList(batch.labels()), new NDList(logits));
        }
        NDArray nll = LanguageModeling.tokenNll(logits, batch.labels());
        return LanguageModeling.maskedMean(nll, batch.labelMask().toType(nll.getDataType(), false));
    }

    /** {@code weight} and {@code bias}. */
    public ParameterMap namedParameters() {
        return new ParameterMap().put("weight", linear.weight).put("bias", linear.bias);
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        return new NDList(logits(s, in.get(0), in.get(1), training));
    }
}
