package org.tlnlp.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** The arithmetic every language model here is trained with: the negative log-likelihood of each target. */
public final class LanguageModeling {

    private LanguageModeling() {
    }

    /** −log p(target) at every position: logits (B, T, V), targets (B, T) → (B, T). */
    public static NDArray tokenNll(NDArray logits, NDArray targets) {
        long b = logits.getShape().get(0);
        long t = logits.getShape().get(1);
        long v = logits.getShape().get(2);
        NDArray logp = logits.reshape(b * t, v).logSoftmax(-1);
        NDArray picked = logp.get(new NDIndex().addAllDim().addPickDim(targets.reshape(b * t, 1)));
        return picked.neg().reshape(b, t);
    }

    /** The mean of {@code nll} (B, T) over the positions where {@code mask} (B, T) is 1. */
    public static NDArray maskedMean(NDArray nll, NDArray mask) {
        return nll.mul(mask).sum().div(mask.sum().maximum(1f));
    }
}
