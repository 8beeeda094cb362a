package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.tlnlp.nn.ParameterMap;

import java.util.Arrays;
import java.util.List;

/** {@code Σ_i w_i L_i} with weights chosen beforehand (all 1: the plain sum of hard parameter sharing). */
public final class FixedWeights implements LossWeighting {

    private final double[] weights;

    public FixedWeights(double... weights) {
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("task weights must be finite and non-negative: " + Arrays.toString(weights));
            }
        }
        this.weights = weights.clone();
    }

    /** Weight 1 for each of {@code tasks} tasks. */
    public static FixedWeights equal(int tasks) {
        double[] w = new double[tasks];
        Arrays.fill(w, 1);
        return new FixedWeights(w);
    }

    public double[] weights() {
        return weights.clone();
    }

    @Override
    public NDArray combine(ParameterStore store, int[] tasks, List<NDArray> losses) {
        NDArray total = null;
        for (int k = 0; k < tasks.length; k++) {
            NDArray term = losses.get(k).mul((float) weights[tasks[k]]);
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    @Override
    public ParameterMap namedParameters() {
        return new ParameterMap();
    }
}
