package org.tlnlp.models.gpt2;

import ai.djl.ndarray.NDArray;
import org.tlnlp.train.Batch;

/**
 * A causal language-modelling batch: each sequence's tokens and, at every position, the next token.
 *
 * @param ids        (B, T) int64 inputs, right-padded
 * @param targets    (B, T) int64: the token after each input position
 * @param targetMask (B, T) float: 1 where the target is trained (not padding, not a prompt's own tokens)
 */
public record LmBatch(NDArray ids, NDArray targets, NDArray targetMask) implements Batch {

    @Override
    public int size() {
        return (int) ids.getShape().get(0);
    }
}
