package org.tlnlp.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.tlnlp.nn.ParameterMap;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Mixout (Lee, Cho and Kang 2020, "Mixout: Effective Regularization to Finetune Large-scale Pretrained Language
 * Models"): at every training step each value of an anchored weight is swapped for its pre-trained value u with
 * probability p, and the result is rescaled so that its expectation is the current weight w:
 *
 * <pre>
 *   w̃ = ( (1 − M) ⊙ w + M ⊙ u − p · u ) / (1 − p),    M_i ~ Bernoulli(p)
 * </pre>
 *
 * Dropout is the special case u = 0. In expectation it is an L2 pull towards u of strength growing with p/(1 − p).
 * The model reads its weights through a {@link ParameterStore}; this objective hands the task one that returns w̃
 * for the anchored parameters while training, and the plain weights otherwise. The masks come from the engine's
 * seeded generator.
 *
 * @param <B> the task's batch
 */
public final class Mixout<B extends Batch> extends TaskWrapper<B> implements AutoCloseable {

    private final double p;
    private final Map<Parameter, NDArray> targets = new IdentityHashMap<>();
    private NDManager previous;

    /**
     * @param task   the objective whose weights are mixed
     * @param target u: the parameters it anchors are mixed out towards their anchored values
     * @param p      the probability of swapping a value, in [0, 1)
     */
    public Mixout(Objective<B> task, WeightAnchor target, double p) {
        super(task);
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("the mixout probability must lie in [0, 1), got " + p);
        }
        this.p = p;
        ParameterMap names = task.namedParameters();
        for (String n : target.names()) {
            ParameterMap.Entry e = names.get(n);
            if (e == null) {
                throw new IllegalArgumentException("the anchor names '" + n + "', which the task does not have");
            }
            targets.put(e.parameter(), target.get(n));
        }
    }

    @Override
    public NDArray loss(ParameterStore store, B batch, boolean training) {
        if (!training || p == 0) {
            return task.loss(store, batch, training);
        }
        NDManager base = targets.values().iterator().next().getManager().getParentManager();
        // The mixed weights are part of this step's graph: they are freed at the next step, after its backward pass.
        if (previous != null) {
            previous.close();
        }
        NDManager current = base.newSubManager();
        previous = current;
        return task.loss(new MixedStore(base, current), batch, true);
    }

    /** Returns w̃ for the anchored parameters (made in {@code current}), the plain weights for the others. */
    private final class MixedStore extends ParameterStore {
        private final NDManager current;

        MixedStore(NDManager manager, NDManager current) {
            super(manager, false);
            this.current = current;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            NDArray w = super.getValue(parameter, device, training);
            NDArray u = targets.get(parameter);
            if (u == null || !training) {
                return w;
            }
            // keep = 1 − M; every op starts from an array made in `current`, so its result lands there.
            NDArray keep = current.randomUniform(0f, 1f, w.getShape(), DataType.FLOAT32, device).gte((float) p)
                    .toType(DataType.FLOAT32, false);
            NDArray swapped = keep.neg().add((float) (1 - p)); // M − p, with M = 1 − keep
            return keep.mul(w).add(swapped.mul(u)).div((float) (1 - p));
        }
    }

    /** Frees the last step's mixed weights. */
    @Override
    public void close() {
        if (previous != null) {
            previous.close();
            previous = null;
        }
    }
}
