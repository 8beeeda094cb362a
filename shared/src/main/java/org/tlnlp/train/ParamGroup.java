package org.tlnlp.train;

import java.util.function.Predicate;

/**
 * A set of parameters, chosen by name, that trains with its own learning-rate scale, or not at all.
 * Parameters are assigned to the first group whose predicate accepts their name; those no group
 * takes train at the base rate. Discriminative fine-tuning gives lower layers smaller scales;
 * feature extraction and gradual unfreezing freeze groups.
 *
 * @param name     a label for logs and reports
 * @param selects  which parameter names belong to the group
 * @param lrScale  the group's learning rate relative to the base rate
 * @param frozen   true to keep the group's parameters fixed (no gradient is computed for them)
 */
public record ParamGroup(String name, Predicate<String> selects, double lrScale, boolean frozen) {

    /** A group whose parameter names start with {@code prefix}. */
    public static ParamGroup prefix(String prefix, double lrScale) {
        return new ParamGroup(prefix, n -> n.startsWith(prefix), lrScale, false);
    }

    /** A frozen group whose parameter names start with {@code prefix}. */
    public static ParamGroup frozenPrefix(String prefix) {
        return new ParamGroup(prefix + " (frozen)", n -> n.startsWith(prefix), 0.0, true);
    }
}
