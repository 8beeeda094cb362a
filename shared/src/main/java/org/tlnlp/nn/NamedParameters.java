package org.tlnlp.nn;

/**
 * A block that names its parameters as its checkpoint does. Loaders, savers, parameter groups and
 * analyses read the model through {@link #namedParameters()}; DJL's own prefixed names stay internal.
 */
public interface NamedParameters {

    /** Every parameter under its checkpoint name, in checkpoint order. */
    ParameterMap namedParameters();

    /**
     * How deep in the network a parameter sits: 0 for the input embeddings, 1..L for the L layers (blocks),
     * L + 1 for what sits on top of them (pooler, task heads). Per-layer learning rates and gradual unfreezing
     * are built on it. The default, -1, means the model does not say.
     */
    default int depthOf(String name) {
        return -1;
    }
}
