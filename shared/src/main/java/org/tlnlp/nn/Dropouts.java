package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;

/** Dropout (Srivastava et al. 2014) as every model here applies it: only when training, and only if the rate is positive. */
public final class Dropouts {

    private Dropouts() {
    }

    /** x with each element zeroed with probability {@code rate} (and the rest scaled by 1 / (1 − rate)) when training. */
    public static NDArray apply(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }
}
