package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.ParameterMap;

import java.util.List;

/**
 * Kendall, Gal and Cipolla (2018), "Multi-task learning using uncertainty to weigh losses": each task i has a
 * learned noise scale σ_i, and the training loss is
 *
 * <pre>  Σ_i  L_i / (2 σ_i²)  +  log σ_i</pre>
 *
 * A task whose loss stays high (a noisy or hard task) grows its σ and so its weight 1 / (2σ²) falls; the
 * {@code log σ} term stops every σ from growing without bound. The parameter is {@code s = log σ}
 * ({@code log_sigma}, one per task, starting at 0, i.e. σ = 1 and weight 1/2), so the term is
 * {@code ½ L e^(−2s) + s}; its derivative {@code 1 − L e^(−2s)} is zero at {@code σ² = L}. (The paper derives
 * 1/σ² for a classification likelihood and 1/(2σ²) for a regression one; like most implementations, this class
 * uses one form for every task.)
 */
public final class UncertaintyWeighting extends FixedBlock implements LossWeighting {

    /** The loss of given task losses (K) and their log σ (K): {@link #loss}, or an exercise's version of it. */
    @FunctionalInterface
    public interface Formula {
        NDArray apply(NDArray losses, NDArray logSigma);
    }

    private final Parameter logSigma;
    private final int tasks;
    private final Formula formula;

    public UncertaintyWeighting(int tasks) {
        this(tasks, UncertaintyWeighting::loss);
    }

    /** With the loss computed by {@code formula} (e.g. a learner's), from the same learned log σ. */
    public UncertaintyWeighting(int tasks, Formula formula) {
        this.tasks = tasks;
        this.formula = formula;
        this.logSigma = parameter("log_sigma", Parameter.Type.BIAS, Parameter.Type.BIAS.getInitializer(), tasks);
    }

    @Override
    public NDArray combine(ParameterStore store, int[] taskIds, List<NDArray> losses) {
        NDArray s = store.getValue(logSigma, losses.get(0).getDevice(), true);
        NDList present = new NDList();
        for (int t : taskIds) {
            present.add(s.get(t));
        }
        return formula.apply(NDArrays.stack(new NDList(losses)), NDArrays.stack(present));
    }

    /** The formula on whole arrays: {@code Σ_i ½ L_i e^(−2 s_i) + s_i} for losses (n) and {@code s = log σ} (n). */
    public static NDArray loss(NDArray losses, NDArray logSigma) {
        return losses.mul(logSigma.mul(-2).exp()).mul(0.5f).add(logSigma).sum();
    }

    /** Its derivative with respect to each {@code s_i = log σ_i}: {@code 1 − L_i e^(−2 s_i)}. */
    public static double[] gradient(double[] losses, double[] logSigma) {
        if (losses.length != logSigma.length) {
            throw new IllegalArgumentException(losses.length + " losses but " + logSigma.length + " log σ");
        }
        double[] g = new double[losses.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = 1 - losses[i] * Math.exp(-2 * logSigma[i]);
        }
        return g;
    }

    /** The current σ_i = e^(s_i) of every task (read back to the host: for reports, not inside a step). */
    public double[] sigmas() {
        float[] s = logSigma.getArray().toFloatArray();
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Math.exp(s[i]);
        }
        return out;
    }

    public int tasks() {
        return tasks;
    }

    @Override
    public ParameterMap namedParameters() {
        return new ParameterMap().put("log_sigma", logSigma);
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        throw new UnsupportedOperationException("call combine with the tasks' losses");
    }
}
