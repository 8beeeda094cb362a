package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.tlnlp.engine.Engines;

import java.util.ArrayList;
import java.util.List;

/**
 * Do two tasks pull the shared encoder the same way? The cosine of their loss gradients with respect to the
 * shared parameters (all of them as one long vector): near 1 they agree, near 0 they are unrelated, below 0 a
 * step for one task undoes part of a step for the other (Yu et al. 2020 call this conflict; Du et al. 2018 use
 * the same cosine to decide when an auxiliary task helps).
 */
public final class GradientConflict {

    /** The cosine of two gradients given parameter by parameter (the library's {@link #cosine}, or yours). */
    @FunctionalInterface
    public interface Cosine {
        double of(List<NDArray> a, List<NDArray> b);
    }

    private GradientConflict() {
    }

    /**
     * {@code Σ_p ⟨a_p, b_p⟩ / (√(Σ_p ‖a_p‖²) · √(Σ_p ‖b_p‖²))} over parameter arrays of matching shapes, as one
     * double (a single number read back); 0 when either gradient is all zeros (it has no direction).
     */
    public static double cosine(List<NDArray> a, List<NDArray> b) {
        if (a.size() != b.size() || a.isEmpty()) {
            throw new IllegalArgumentException("two gradients over the same parameters are needed; got " + a.size()
                    + " and " + b.size() + " arrays");
        }
        NDArray dot = null;
        NDArray aa = null;
        NDArray bb = null;
        for (int p = 0; p < a.size(); p++) {
            if (!a.get(p).getShape().equals(b.get(p).getShape())) {
                throw new IllegalArgumentException("parameter " + p + ": shapes " + a.get(p).getShape() + " and "
                        + b.get(p).getShape() + " differ");
            }
            NDArray d = a.get(p).mul(b.get(p)).sum();
            NDArray x = a.get(p).square().sum();
            NDArray y = b.get(p).square().sum();
            dot = dot == null ? d : dot.add(d);
            aa = aa == null ? x : aa.add(x);
            bb = bb == null ? y : bb.add(y);
        }
        float[] v = NDArrays.stack(new NDList(dot, aa, bb)).toFloatArray();
        double norms = Math.sqrt((double) v[1]) * Math.sqrt((double) v[2]);
        return norms == 0 ? 0 : v[0] / norms;
    }

    /**
     * The gradient cosine of every pair of tasks on the shared encoder of a hard-sharing model, from one batch of
     * each task ({@code probes.get(i)} is task i's), without dropout: entry (i, j), 1 on the diagonal. No update is
     * made, and every gradient the measurement leaves behind is reset to zero, so training goes on unchanged.
     */
    public static <I> double[][] cosines(MultitaskModel<I> model, List<TaskBatch<I>> probes, NDManager manager,
                                         Cosine cosine) {
        List<Parameter> shared = model.sharedParameters();
        List<Parameter> trainable = new ArrayList<>();
        model.namedParameters().forEach(e -> {
            if (e.parameter().requiresGradient()) {
                trainable.add(e.parameter());
            }
        });
        int n = probes.size();
        double[][] out = new double[n][n];
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore store = new ParameterStore(scope, false);
            List<List<NDArray>> grads = new ArrayList<>();
            for (TaskBatch<I> probe : probes) {
                try (GradientCollector c = Engines.engine().newGradientCollector()) {
                    c.backward(model.taskLoss(store, probe, false));
                }
                List<NDArray> g = new ArrayList<>();
                for (Parameter p : shared) {
                    NDArray grad = p.getArray().getGradient();
                    grad.attach(scope);
                    NDArray copy = grad.duplicate();
                    copy.attach(scope);
                    g.add(copy);
                }
                grads.add(g);
                for (Parameter p : trainable) {
                    NDArray grad = p.getArray().getGradient();
                    grad.attach(scope);
                    grad.set(new NDIndex(":"), 0); // zero, even where the probe left NaN
                }
            }
            for (int i = 0; i < n; i++) {
                out[i][i] = 1;
                for (int j = i + 1; j < n; j++) {
                    out[i][j] = cosine.of(grads.get(i), grads.get(j));
                    out[j][i] = out[i][j];
                }
            }
        }
        return out;
    }
}
