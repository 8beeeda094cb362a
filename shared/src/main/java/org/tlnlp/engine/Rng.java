package org.tlnlp.engine;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The one seeded source of randomness of a run. Host-side draws (shuffles, masks, splits) come from
 * {@link #random()}, and {@link #seedEngine()} seeds the engine's own generator (parameter
 * initialisation, dropout), so a run on the CPU can be repeated exactly.
 *
 * <p>Sub-streams ({@link #split(String)}) are derived from the seed and a name, so adding a new consumer
 * of randomness does not change what the others draw.
 */
public final class Rng {

    private final long seed;
    private final Random random;

    public Rng(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    public long seed() {
        return seed;
    }

    /** The host-side generator of this stream. */
    public Random random() {
        return random;
    }

    /** Seeds the engine's generator (parameter initialisation, dropout, random arrays) with this seed. */
    public Rng seedEngine() {
        Engines.engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
        return this;
    }

    /** An independent stream named {@code name}, derived from this stream's seed. */
    public Rng split(String name) {
        return new Rng(new SplittableRandom(seed ^ name.hashCode() * 0x9E3779B97F4A7C15L).nextLong());
    }
}
