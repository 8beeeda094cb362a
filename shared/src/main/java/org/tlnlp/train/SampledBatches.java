package org.tlnlp.train;

import ai.djl.ndarray.NDManager;

import java.util.Random;

/**
 * Batches drawn at random for pre-training: each step makes its batch from a {@link Random} seeded by the
 * run's seed, the epoch and the step, so a run repeats exactly and no epoch has to visit every example
 * (an "epoch" here is just a round of {@code steps} batches between evaluations).
 */
public final class SampledBatches<B extends Batch> implements BatchSource<B> {

    /** Makes one batch with the given random source. */
    @FunctionalInterface
    public interface Maker<B extends Batch> {
        B make(NDManager manager, Random random);
    }

    private final int steps;
    private final long seed;
    private final Maker<B> maker;

    public SampledBatches(int steps, long seed, Maker<B> maker) {
        this.steps = steps;
        this.seed = seed;
        this.maker = maker;
    }

    @Override
    public int batches() {
        return steps;
    }

    @Override
    public B batch(NDManager manager, int epoch, int index) {
        return maker.make(manager, new Random(seed * 31 + (long) epoch * steps + index));
    }
}
