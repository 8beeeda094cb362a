package org.tlnlp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import org.tlnlp.nn.NamedParameters;
import org.tlnlp.nn.ParameterMap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A copy of some of a model's weights, by checkpoint name, taken at one moment: the pre-trained starting point w⁰
 * that L2-SP ({@link L2Sp}) and Mixout ({@link Mixout}) pull towards, the optimum θ* of an earlier task that EWC
 * ({@link Ewc}) protects, and the reference for how far each layer has moved since. The copies live in a manager of
 * their own (freed by {@link #close}) and carry no gradient.
 */
public final class WeightAnchor implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> values;

    private WeightAnchor(NDManager manager, Map<String, NDArray> values) {
        this.manager = manager;
        this.values = values;
    }

    /** The current values of the parameters of {@code model} whose names {@code select} accepts. */
    public static WeightAnchor of(ParameterMap model, Predicate<String> select) {
        NDManager manager = null;
        Map<String, NDArray> values = new LinkedHashMap<>();
        for (ParameterMap.Entry e : model) {
            if (!select.test(e.name())) {
                continue;
            }
            NDArray w = e.parameter().getArray();
            if (manager == null) {
                manager = w.getManager().newSubManager();
            }
            NDArray detached = w.stopGradient();
            NDArray copy = detached.duplicate();
            copy.attach(manager);
            detached.close();
            values.put(e.name(), copy);
        }
        if (manager == null) {
            throw new IllegalArgumentException("no parameter of the model was selected: nothing to anchor");
        }
        return new WeightAnchor(manager, values);
    }

    /** The anchored names, in the model's order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public boolean contains(String name) {
        return values.containsKey(name);
    }

    /** The anchored value of {@code name}, or null when it is not anchored. */
    public NDArray get(String name) {
        return values.get(name);
    }

    /**
     * Sets every anchored parameter of {@code model} back to its anchored value, in place (to start another run from
     * the same weights). Names the model lacks are an error.
     */
    public void restore(ParameterMap model) {
        for (Map.Entry<String, NDArray> a : values.entrySet()) {
            ParameterMap.Entry e = model.get(a.getKey());
            if (e == null) {
                throw new IllegalArgumentException("the model has no parameter '" + a.getKey() + "' to restore");
            }
            // Through a detached view of the same storage: an in-place write to a leaf that records gradients is an
            // error wherever the engine's grad mode is on (any thread but the one that started it).
            NDArray view = e.parameter().getArray().stopGradient();
            view.set(new NDIndex("..."), a.getValue());
            view.close();
        }
    }

    /**
     * How far each depth has moved: {@code ‖w_d − w⁰_d‖ / ‖w⁰_d‖} over all the anchored parameters at depth d (as
     * {@code model.depthOf} says; {@code NaN} where no anchored parameter sits), for d = 0..top.
     */
    public double[] relativeDistanceByDepth(NamedParameters model) {
        int top = LayerRates.topDepth(model);
        double[] moved = new double[top + 1];
        double[] size = new double[top + 1];
        ParameterMap names = model.namedParameters();
        try (NDManager scope = manager.newSubManager()) {
            for (Map.Entry<String, NDArray> a : values.entrySet()) {
                ParameterMap.Entry e = names.get(a.getKey());
                if (e == null) {
                    continue;
                }
                int d = model.depthOf(a.getKey());
                NDArray w = e.parameter().getArray().stopGradient();
                w.attach(scope);
                NDArray w0 = a.getValue();
                w0.tempAttach(scope); // results computed from it land in the scope; it returns to the anchor after
                moved[d] += w.sub(w0).toType(DataType.FLOAT64, false).square().sum().getDouble();
                size[d] += w0.toType(DataType.FLOAT64, false).square().sum().getDouble();
            }
        }
        double[] out = new double[top + 1];
        for (int d = 0; d <= top; d++) {
            out[d] = size[d] == 0 ? Double.NaN : Math.sqrt(moved[d] / size[d]);
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
