package org.tlnlp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

import java.util.List;

/**
 * A task's objective plus penalties on its parameters ({@link L2Sp}, {@link Ewc}): what a {@link TrainLoop}
 * minimises when fine-tuning is held back towards earlier weights. The penalties count while training only; the
 * names and depths are the task's.
 *
 * @param <B> the task's batch
 */
public final class Regularized<B extends Batch> extends TaskWrapper<B> {

    private final List<Penalty> penalties;

    public Regularized(Objective<B> task, Penalty... penalties) {
        super(task);
        this.penalties = List.of(penalties);
    }

    @Override
    public NDArray loss(ParameterStore store, B batch, boolean training) {
        NDArray loss = task.loss(store, batch, training);
        if (!training) {
            return loss;
        }
        for (Penalty p : penalties) {
            // The task's loss was computed from the batch, so it lives in the step's scope: so do the penalties.
            loss = loss.add(p.value(store, loss.getManager(), true));
        }
        return loss;
    }
}
