package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * How a model computes attention from its queries, keys and values (B, heads, T, d) and an additive mask.
 * The default is {@link Attention#scaledDotProduct}; an exercise plugs a learner's own in (BERT's and GPT-2's
 * {@code withAttention}). Returns the context (B, heads, T_q, d) and the weights (B, heads, T_q, T_k).
 */
@FunctionalInterface
public interface AttentionFunction {
    NDList apply(NDArray q, NDArray k, NDArray v, NDArray mask, float dropout, boolean training);
}
