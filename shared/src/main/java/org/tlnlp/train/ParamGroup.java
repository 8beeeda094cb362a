package org.tlnlp.train;

import org.tlnlp.nn.NamedParameters;
import org.tlnlp.nn.ParameterMap;

import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * A set of parameters, chosen by their checkpoint names, that trains with its own learning-rate scale, or not
 * at all. Parameters are assigned to the first group whose predicate accepts their name; those no group
 * takes train at the base rate. Discriminative fine-tuning gives lower layers smaller scales; feature
 * extraction and gradual unfreezing freeze groups.
 *
 * @param name     a label for logs and reports
 * @param selects  which parameter names belong to the group
 * @param lrScale  the group's learning rate relative to the base rate
 * @param frozen   true to keep the group's parameters fixed (no gradient is computed for them)
 */
public record ParamGroup(String name, Predicate<String> selects, double lrScale, boolean frozen) {

    /**
     * The parameters whose names match a glob ({@link ParameterMap#glob}), e.g.
     * {@code bert.encoder.layer.[0-3].*} or {@code *LayerNorm*}.
     */
    public static ParamGroup glob(String pattern, double lrScale) {
        return new ParamGroup(pattern, ParameterMap.glob(pattern), lrScale, false);
    }

    /** A frozen group of the parameters whose names match a glob. */
    public static ParamGroup frozen(String pattern) {
        return new ParamGroup(pattern + " (frozen)", ParameterMap.glob(pattern), 0.0, true);
    }

    /**
     * The parameters at the depths {@code depths} accepts ({@link NamedParameters#depthOf}: 0 the embeddings,
     * 1..L the layers, L + 1 the top), with their own rate scale.
     */
    public static ParamGroup depths(NamedParameters model, String name, IntPredicate depths, double lrScale) {
        return new ParamGroup(name, n -> depths.test(depthOrThrow(model, n)), lrScale, false);
    }

    /** A frozen group of the parameters at the depths {@code depths} accepts. */
    public static ParamGroup frozenDepths(NamedParameters model, String name, IntPredicate depths) {
        return new ParamGroup(name + " (frozen)", n -> depths.test(depthOrThrow(model, n)), 0.0, true);
    }

    private static int depthOrThrow(NamedParameters model, String name) {
        int d = model.depthOf(name);
        if (d < 0) {
            throw new IllegalArgumentException(model.getClass().getSimpleName() + " does not say how deep '" + name
                    + "' sits; select it by name instead");
        }
        return d;
    }
}
