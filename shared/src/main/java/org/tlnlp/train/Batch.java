package org.tlnlp.train;

import ai.djl.ndarray.NDList;

/**
 * One mini-batch: the model's inputs, the labels the loss compares with, and how many examples it
 * holds (for throughput).
 */
public record Batch(NDList inputs, NDList labels, int size) {
}
