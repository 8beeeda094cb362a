package org.tlnlp.train;

import ai.djl.ndarray.NDArray;

/**
 * Fixed feature vectors and their class labels: what a probe or a classifier on frozen features trains on.
 *
 * @param x      (B, D) features
 * @param labels (B) class ids as floats (what DJL's cross-entropy reads)
 */
public record FeatureBatch(NDArray x, NDArray labels) implements Batch {

    @Override
    public int size() {
        return (int) x.getShape().get(0);
    }
}
