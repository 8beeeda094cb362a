package org.tlnlp.multitask;

import ai.djl.ndarray.NDManager;

/**
 * The labelled examples of one task, made into batches on request. Sequence tasks have one label per example;
 * token tasks one label per labelled position.
 *
 * @param <I> the encoder's input type
 */
public interface TaskData<I> {

    Task task();

    /** How many examples. */
    int size();

    /** The batch of the examples {@code pick}, in that order, as task {@code taskIndex} of a model. */
    TaskBatch<I> batch(NDManager manager, int taskIndex, int[] pick);

    /**
     * The labels predictions are scored against, in the order {@code MultitaskModel.predict} returns them: one per
     * example for a sequence task, one per labelled position (example after example) for a token task.
     */
    int[] gold();

    /** The examples {@code pick} as a data set of their own (e.g. a low-resource subset of the training set). */
    TaskData<I> subset(int[] pick);
}
