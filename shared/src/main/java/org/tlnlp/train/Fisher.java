package org.tlnlp.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.tlnlp.engine.Engines;
import org.tlnlp.nn.NamedParameters;
import org.tlnlp.nn.ParameterMap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The diagonal of the (empirical) Fisher information of a model's loss at its current weights, as Elastic Weight
 * Consolidation uses it (Kirkpatrick et al. 2017): for each parameter θ_i,
 *
 * <pre>
 *   F_i = (1/N) Σ_n ( ∂ ℓ_n / ∂θ_i )²
 * </pre>
 *
 * the mean over N examples of the <em>squared per-example</em> gradient of the example's loss ℓ_n = −log p(y_n | x_n)
 * (the labels are the data's: the "empirical" Fisher). It is not the square of the mean gradient: at an optimum the
 * mean gradient is near zero while the per-example gradients are not, and their spread is what says how sharply the
 * loss rises when θ_i moves. Each example is one backward pass; dropout is off.
 */
public final class Fisher implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> diagonal;
    private final int examples;

    private Fisher(NDManager manager, Map<String, NDArray> diagonal, int examples) {
        this.manager = manager;
        this.diagonal = diagonal;
        this.examples = examples;
    }

    /**
     * The Fisher diagonal of {@code model}'s loss over the batches of {@code examples} (one epoch), each of which
     * must hold exactly one example, for the trainable parameters whose names {@code select} accepts (the loss must
     * reach each of them: a parameter no loss reaches has no gradient to read). The others get no gradient meanwhile;
     * every gradient is left at zero.
     */
    public static <B extends Batch> Fisher diagonal(Objective<B> model, BatchSource<B> examples, Predicate<String> select) {
        int n = examples.batches();
        if (n == 0) {
            throw new IllegalArgumentException("no examples to estimate the Fisher information from");
        }
        Map<String, Parameter> chosen = new LinkedHashMap<>();
        List<Parameter> others = new ArrayList<>();
        for (ParameterMap.Entry e : model.namedParameters()) {
            if (e.parameter().requiresGradient()) {
                if (select.test(e.name())) {
                    chosen.put(e.name(), e.parameter());
                } else {
                    others.add(e.parameter());
                }
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no trainable parameter was selected");
        }
        NDManager base = chosen.values().iterator().next().getArray().getManager();
        NDManager manager = base.newSubManager();
        Map<String, NDArray> sums = new LinkedHashMap<>();
        chosen.forEach((name, p) -> sums.put(name, manager.zeros(p.getArray().getShape(), DataType.FLOAT32,
                p.getArray().getDevice())));
        ParameterStore store = new ParameterStore(base, false);
        // The parameters left out get no gradient meanwhile: none would be cleared, and the next training step
        // would start from their sum over all the examples.
        others.forEach(p -> p.freeze(true));
        try {
            accumulate(model, examples, chosen, sums, store, base);
        } finally {
            others.forEach(p -> p.freeze(false));
        }
        sums.values().forEach(s -> s.divi(n));
        return new Fisher(manager, sums, n);
    }

    private static <B extends Batch> void accumulate(Objective<B> model, BatchSource<B> examples,
                                                     Map<String, Parameter> chosen, Map<String, NDArray> sums,
                                                     ParameterStore store, NDManager base) {
        int n = examples.batches();
        for (int i = 0; i < n; i++) {
            try (NDManager scope = base.newSubManager()) {
                B b = examples.batch(scope, 0, i);
                if (b.size() != 1) {
                    throw new IllegalArgumentException("batch " + i + " holds " + b.size() + " examples; the Fisher "
                            + "diagonal needs one gradient per example, so give batches of one");
                }
                try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                    collector.backward(model.loss(store, b, false));
                }
                for (Map.Entry<String, Parameter> e : chosen.entrySet()) {
                    NDArray w = e.getValue().getArray();
                    if (!w.hasGradient()) {
                        continue;
                    }
                    NDArray g = w.getGradient();
                    g.attach(scope);
                    sums.get(e.getKey()).addi(g.square());
                    g.subi(g); // gradients accumulate across backward passes: the next example starts from zero
                }
            }
        }
    }

    /**
     * A Fisher diagonal computed elsewhere (a learner's own, for instance), by parameter name, from {@code examples}
     * examples. The arrays are moved into a manager of the returned object's, a sub-manager of the first one's.
     */
    public static Fisher of(Map<String, NDArray> diagonal, int examples) {
        if (diagonal.isEmpty() || examples < 1) {
            throw new IllegalArgumentException("need at least one parameter and one example, got " + diagonal.size()
                    + " and " + examples);
        }
        NDManager manager = diagonal.values().iterator().next().getManager().newSubManager();
        Map<String, NDArray> out = new LinkedHashMap<>();
        diagonal.forEach((name, f) -> {
            f.attach(manager);
            out.put(name, f);
        });
        return new Fisher(manager, out, examples);
    }

    /** The names the diagonal covers. */
    public Set<String> names() {
        return Collections.unmodifiableSet(diagonal.keySet());
    }

    /** F for one parameter (its shape), or null when it is not covered. */
    public NDArray get(String name) {
        return diagonal.get(name);
    }

    /** How many examples the estimate averages. */
    public int examples() {
        return examples;
    }

    /** The mean of F over every covered value. */
    public double mean() {
        double sum = 0;
        long count = 0;
        for (NDArray f : diagonal.values()) {
            sum += total(f);
            count += f.size();
        }
        return sum / count;
    }

    /** The mean of F over the covered values at each depth of {@code model} (NaN where none is covered). */
    public double[] meanByDepth(NamedParameters model) {
        int top = LayerRates.topDepth(model);
        double[] sum = new double[top + 1];
        long[] count = new long[top + 1];
        for (Map.Entry<String, NDArray> e : diagonal.entrySet()) {
            int d = model.depthOf(e.getKey());
            if (d >= 0 && d <= top) {
                sum[d] += total(e.getValue());
                count[d] += e.getValue().size();
            }
        }
        double[] out = new double[top + 1];
        for (int d = 0; d <= top; d++) {
            out[d] = count[d] == 0 ? Double.NaN : sum[d] / count[d];
        }
        return out;
    }

    /** The sum of an array's values in float64, its temporaries freed at once. */
    private double total(NDArray f) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray wide = f.toType(DataType.FLOAT64, false);
            wide.attach(scope);
            return wide.sum().getDouble();
        }
    }

    /**
     * This Fisher times {@code factor}, in a manager of its own: e.g. {@code 1 / mean()} makes its mean 1, so that
     * EWC's λ is on the scale of L2-SP's α and the two differ only in how they weigh the parameters.
     */
    public Fisher scaled(double factor) {
        NDManager m = manager.getParentManager().newSubManager();
        Map<String, NDArray> out = new LinkedHashMap<>();
        diagonal.forEach((name, f) -> {
            NDArray s = f.mul((float) factor);
            s.attach(m);
            out.put(name, s);
        });
        return new Fisher(m, out, examples);
    }

    @Override
    public void close() {
        manager.close();
    }
}
