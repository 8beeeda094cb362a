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
        return maker.make(manager, new Random(mix(seed * 31 + (long) epoch * steps + index)));
    }

    /**
     * SplitMix64's finaliser (Steele, Lea and Flood 2014): spreads consecutive numbers over all 64 bits. Without
     * it, {@code new Random(n)} and {@code new Random(n + 1)} give almost the same first draw (their seeds differ
     * in the low bits only, and one LCG step moves that difference up by a factor of about 2^34 of 2^48), so
     * step after step would pick nearly the same first example.
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
