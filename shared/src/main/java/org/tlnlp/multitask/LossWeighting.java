package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.tlnlp.nn.NamedParameters;

import java.util.List;

/**
 * How a multitask model turns its tasks' losses into the one number it minimises: fixed weights
 * ({@link FixedWeights}) or weights it learns ({@link UncertaintyWeighting}).
 */
public interface LossWeighting extends NamedParameters {

    /**
     * The training loss of one step.
     *
     * @param tasks  the task index of each loss
     * @param losses scalar mean losses, one per task present in the step
     */
    NDArray combine(ParameterStore store, int[] tasks, List<NDArray> losses);
}
