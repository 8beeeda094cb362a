package org.tlnlp.io;

import org.tlnlp.nn.ParameterMap;

import java.util.ArrayList;
import java.util.List;

/**
 * How {@link Checkpoints#load} treats a checkpoint that does not match the model exactly.
 *
 * <p><b>Strict</b> (the default): every parameter of the model must be in the file, every tensor of the file
 * must belong to the model, and every shape must match; anything else is an error that names the file, the
 * tensors and their shapes. <b>Lenient</b>: missing and unexpected tensors are returned in the
 * {@link LoadReport} (which the caller must read); a wrong shape is an error under both policies.
 *
 * @param exact    true for strict, false for lenient, as above
 * @param prefix   the file's names are this prefix + the model's names (e.g. "bert." under a task head)
 * @param ignored  globs ({@link ParameterMap#glob}) of the file's tensors known not to belong to the model,
 *                 skipped under both policies (a task head the model does not have, a buffer such as GPT-2's
 *                 causal mask {@code *.attn.bias})
 * @param optional globs of the model's parameters the file may lack even under the strict policy (a pooler that
 *                 some checkpoints leave out); they are reported as missing and keep their initial values
 */
public record LoadPolicy(boolean exact, String prefix, List<String> ignored, List<String> optional) {

    public LoadPolicy {
        ignored = List.copyOf(ignored);
        optional = List.copyOf(optional);
    }

    public static LoadPolicy strict() {
        return new LoadPolicy(true, "", List.of(), List.of());
    }

    public static LoadPolicy lenient() {
        return new LoadPolicy(false, "", List.of(), List.of());
    }

    /** The same policy reading the model's names under {@code prefix} in the file. */
    public LoadPolicy under(String prefix) {
        return new LoadPolicy(exact, prefix, ignored, optional);
    }

    /** The same policy, skipping the file's tensors whose names match one of the globs. */
    public LoadPolicy ignoring(String... globs) {
        List<String> all = new ArrayList<>(ignored);
        all.addAll(List.of(globs));
        return new LoadPolicy(exact, prefix, all, optional);
    }

    /** The same policy, letting the file lack the model's parameters whose names match one of the globs. */
    public LoadPolicy optional(String... globs) {
        List<String> all = new ArrayList<>(optional);
        all.addAll(List.of(globs));
        return new LoadPolicy(exact, prefix, ignored, all);
    }

    boolean isIgnored(String fileName) {
        return ignored.stream().anyMatch(g -> ParameterMap.glob(g).test(fileName));
    }

    boolean isOptional(String modelName) {
        return optional.stream().anyMatch(g -> ParameterMap.glob(g).test(modelName));
    }
}
