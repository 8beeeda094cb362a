package org.tlnlp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tlnlp.nn.ParameterMap;

/**
 * Elastic Weight Consolidation (Kirkpatrick et al. 2017, "Overcoming catastrophic forgetting in neural
 * networks"): after task A, training on task B adds
 *
 * <pre>
 *   λ/2 · Σ_i F_i (θ_i − θ*_i)²
 * </pre>
 *
 * where θ* are the weights at the end of A and F the diagonal of A's Fisher information there ({@link Fisher}):
 * a parameter A's loss is sensitive to is held near θ*, one it does not care about is free. With F = 1 everywhere
 * it is L2-SP's α-term with α = λ ({@link L2Sp}). Parameters without a Fisher value (a new task head) are free.
 */
public final class Ewc implements Penalty {

    private final ParameterMap model;
    private final WeightAnchor optimum;
    private final Fisher fisher;
    private final double lambda;

    /**
     * @param model   the model trained now (its names must include the Fisher's)
     * @param optimum θ*, the weights at the end of the earlier task, for at least every name the Fisher covers
     * @param fisher  F of the earlier task at θ*
     * @param lambda  how much the earlier task weighs
     */
    public Ewc(ParameterMap model, WeightAnchor optimum, Fisher fisher, double lambda) {
        if (lambda < 0) {
            throw new IllegalArgumentException("need lambda >= 0, got " + lambda);
        }
        for (String n : fisher.names()) {
            if (model.get(n) == null || !optimum.contains(n)) {
                throw new IllegalArgumentException("the Fisher covers '" + n + "', which "
                        + (model.get(n) == null ? "the model does not have" : "the anchor θ* lacks"));
            }
        }
        this.model = model;
        this.optimum = optimum;
        this.fisher = fisher;
        this.lambda = lambda;
    }

    public double lambda() {
        return lambda;
    }

    @Override
    public NDArray value(ParameterStore store, NDManager scope, boolean training) {
        NDArray total = null;
        for (String name : fisher.names()) {
            ParameterMap.Entry e = model.get(name);
            if (!e.parameter().requiresGradient()) {
                continue;
            }
            NDArray w = store.getValue(e.parameter(), e.parameter().getArray().getDevice(), training);
            NDArray d = w.sub(optimum.get(name));
            d.attach(scope); // the first result lands in the parameter's manager: into the step's scope with it
            NDArray term = d.square().mul(fisher.get(name)).sum();
            total = total == null ? term : total.add(term);
        }
        return total == null ? scope.zeros(new Shape()) : total.mul((float) (lambda / 2));
    }
}
