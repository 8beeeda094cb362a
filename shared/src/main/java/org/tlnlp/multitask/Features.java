package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;

/**
 * Vectors computed once by a frozen model and read back for training: one per sequence (a mean-pooled sentence
 * vector, T = 1) or one per word (T = the words), padded to the longest in the batch.
 *
 * @param x    (B, T, D) the vectors
 * @param mask (B, T) 1 where a vector is real, 0 at padding
 */
public record Features(NDArray x, NDArray mask) {
}
