package org.tlnlp.train;

/** The learning-rate schedules of the course. */
public final class Schedules {

    private Schedules() {
    }

    /** The base rate at every step. */
    public static Schedule constant() {
        return step -> 1.0;
    }

    /**
     * Linear warm-up from 0 to the base rate over {@code warmup} steps, then linear decay to 0 at
     * {@code total} steps (the schedule BERT was fine-tuned with). Step {@code s} gets
     * {@code (s+1)/warmup} while warming up, then {@code (total-s)/(total-warmup)}.
     */
    public static Schedule linearWarmupDecay(int warmup, int total) {
        if (warmup < 0 || total <= 0 || warmup > total) {
            throw new IllegalArgumentException("need 0 <= warmup <= total, total > 0; got warmup=" + warmup
                    + ", total=" + total);
        }
        return step -> {
            if (step < warmup) {
                return (step + 1) / (double) warmup;
            }
            return Math.max(0.0, (total - step) / (double) (total - warmup));
        };
    }

    /**
     * Slanted triangular learning rates (Howard and Ruder, 2018, ULMFiT): a short linear increase for
     * the first {@code cutFrac} of the {@code total} steps, then a long linear decay. With
     * {@code cut = floor(total * cutFrac)},
     * {@code p = t / cut} for {@code t < cut}, else {@code 1 - (t - cut) / (cut * (1 / cutFrac - 1))},
     * and the factor is {@code (1 + p * (ratio - 1)) / ratio}: it climbs from {@code 1/ratio} to 1
     * and falls back to {@code 1/ratio}. The paper uses {@code cutFrac = 0.1, ratio = 32}.
     */
    public static Schedule slantedTriangular(int total, double cutFrac, double ratio) {
        if (total <= 0 || cutFrac <= 0 || cutFrac >= 1 || ratio < 1) {
            throw new IllegalArgumentException("need total > 0, 0 < cutFrac < 1, ratio >= 1; got total=" + total
                    + ", cutFrac=" + cutFrac + ", ratio=" + ratio);
        }
        int cut = Math.max(1, (int) Math.floor(total * cutFrac));
        return t -> {
            double p = t < cut ? (double) t / cut : 1.0 - (t - cut) / (cut * (1.0 / cutFrac - 1.0));
            return (1.0 + Math.max(0.0, p) * (ratio - 1.0)) / ratio;
        };
    }
}
