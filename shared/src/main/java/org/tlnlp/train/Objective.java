package org.tlnlp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.tlnlp.nn.NamedParameters;

/**
 * What a {@link TrainLoop} minimises: a model (or a model with its task head) that computes the scalar loss of
 * one typed batch. Its parameters are the ones it names ({@link NamedParameters}), which parameter groups select.
 *
 * @param <B> the batch record the head consumes
 */
public interface Objective<B extends Batch> extends NamedParameters {

    /** The mean loss over the batch, a scalar, computed with the parameters' values from {@code store}. */
    NDArray loss(ParameterStore store, B batch, boolean training);
}
