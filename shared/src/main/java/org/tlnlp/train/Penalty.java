package org.tlnlp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/**
 * A term that a {@link Regularized} objective adds to the task's loss and that depends on the parameters only,
 * such as a pull towards pre-trained weights ({@link L2Sp}) or towards an earlier task's optimum ({@link Ewc}).
 */
@FunctionalInterface
public interface Penalty {

    /**
     * The penalty (a scalar) at the parameters' current values, read through {@code store} so that the gradient
     * reaches them; temporaries go to {@code scope}, which closes with the step. Parameters that do not train now
     * (frozen) may be left out: their terms are constants.
     */
    NDArray value(ParameterStore store, NDManager scope, boolean training);
}
