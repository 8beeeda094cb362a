package org.tlnlp.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tlnlp.nn.ParameterMap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * L2-SP (Li, Grandvalet and Davoine 2018, "Explicit Inductive Bias for Transfer Learning with Convolutional
 * Networks"): weight decay towards the <em>starting point</em> instead of towards zero ("progressively vs. a
 * pre-trained model"). With w⁰ the pre-trained values of the parameters the source model had (the anchor) and
 * w_head the new parameters of the task head,
 *
 * <pre>
 *   Ω(w) = α/2 · ‖w − w⁰‖²  +  β/2 · ‖w_head‖²       ∂Ω/∂w = α (w − w⁰),   ∂Ω/∂w_head = β w_head
 * </pre>
 *
 * added to the task's loss ({@link Regularized}). It replaces the recipe's weight decay, so train with
 * {@code recipe.withWeightDecay(0)}. Li et al. add it to the loss of SGD; under Adam, as here, the penalty's
 * gradient is rescaled per coordinate like the task's, so α is not on SGD's scale.
 */
public final class L2Sp implements Penalty {

    private final ParameterMap model;
    private final WeightAnchor start;
    private final double alpha;
    private final double beta;

    /**
     * @param model the trained model's names (the task model: encoder and head)
     * @param start w⁰: every anchored name is pulled towards its anchored value; every other name of the model is
     *              head, pulled towards 0 with β
     */
    public L2Sp(ParameterMap model, WeightAnchor start, double alpha, double beta) {
        if (alpha < 0 || beta < 0) {
            throw new IllegalArgumentException("need alpha >= 0 and beta >= 0, got " + alpha + ", " + beta);
        }
        for (String n : start.names()) {
            if (model.get(n) == null) {
                throw new IllegalArgumentException("the anchor names '" + n + "', which the model does not have");
            }
        }
        this.model = model;
        this.start = start;
        this.alpha = alpha;
        this.beta = beta;
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    @Override
    public NDArray value(ParameterStore store, NDManager scope, boolean training) {
        NDArray total = null;
        for (ParameterMap.Entry e : model) {
            if (!e.parameter().requiresGradient()) {
                continue;
            }
            NDArray w0 = start.get(e.name());
            double weight = w0 != null ? alpha : beta;
            if (weight == 0) {
                continue;
            }
            Device device = e.parameter().getArray().getDevice();
            NDArray w = store.getValue(e.parameter(), device, training);
            // The first op's result lands in the parameter's manager: move it to the step's scope at once.
            NDArray first = w0 != null ? w.sub(w0) : w.square();
            first.attach(scope);
            NDArray term = (w0 != null ? first.square() : first).sum().mul((float) (weight / 2));
            total = total == null ? term : total.add(term);
        }
        return total != null ? total : scope.zeros(new Shape());
    }

    /** The closed-form gradient of the penalty for every parameter of the model, made in {@code manager}. */
    public Map<String, NDArray> gradient(NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (ParameterMap.Entry e : model) {
            NDArray w = e.parameter().getArray().stopGradient();
            NDArray w0 = start.get(e.name());
            NDArray g = w0 != null ? w.sub(w0).mul((float) alpha) : w.mul((float) beta);
            g.attach(manager);
            w.close();
            out.put(e.name(), g);
        }
        return out;
    }
}
