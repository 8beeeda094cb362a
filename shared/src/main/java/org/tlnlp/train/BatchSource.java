package org.tlnlp.train;

import ai.djl.ndarray.NDManager;

/**
 * Where a training loop gets its batches. The loop asks for one batch at a time and hands a fresh
 * manager for it, which it closes after the step, so a long run does not keep old batches alive.
 */
public interface BatchSource {

    /** Batches per epoch. */
    int batches();

    /** Batch {@code index} of epoch {@code epoch}, with its arrays made in {@code manager}. */
    Batch batch(NDManager manager, int epoch, int index);
}
