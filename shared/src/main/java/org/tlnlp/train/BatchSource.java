package org.tlnlp.train;

import ai.djl.ndarray.NDManager;

/**
 * Where a training loop gets its batches. The loop asks for one batch at a time and hands a fresh
 * manager for it, which it closes after the step, so a long run does not keep old batches alive.
 *
 * @param <B> the task's batch record
 */
public interface BatchSource<B extends Batch> {

    /** Batches per epoch. */
    int batches();

    /** Batch {@code index} of epoch {@code epoch}, with its arrays made in {@code manager}. */
    B batch(NDManager manager, int epoch, int index);

    /** How batch {@code index} of an epoch is made. */
    @FunctionalInterface
    interface Maker<B extends Batch> {
        B make(NDManager manager, int index);
    }

    /** {@code batches} batches per epoch, each made by {@code maker} (the same ones every epoch). */
    static <B extends Batch> BatchSource<B> of(int batches, Maker<B> maker) {
        return new BatchSource<>() {
            @Override
            public int batches() {
                return batches;
            }

            @Override
            public B batch(NDManager manager, int epoch, int index) {
                return maker.make(manager, index);
            }
        };
    }
}
