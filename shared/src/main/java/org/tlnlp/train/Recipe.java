package org.tlnlp.train;

/**
 * A named training recipe: everything about an optimisation run but its length. The two the course uses
 * follow the reference implementations (BERT's and GPT-2's training scripts): AdamW, linear warm-up then
 * linear decay, weight decay 0.01 on matrices only, gradient clipping at global norm 1.
 *
 * @param learningRate  the peak learning rate
 * @param schedule      the schedule's shape
 * @param warmup        the fraction of all steps spent warming up (or, for the slanted triangular schedule,
 *                      its cut_frac)
 * @param weightDecay   decoupled weight decay (AdamW)
 * @param decayVectors  also decay 1-D parameters (biases, LayerNorm gains and shifts); the reference
 *                      implementations do not, and neither does a recipe by default
 * @param clipNorm      clip the global gradient norm to this (0 = no clipping)
 */
public record Recipe(double learningRate, Shape schedule, double warmup, double weightDecay, boolean decayVectors,
                     double clipNorm) {

    /** The learning rate over the run. */
    public enum Shape {
        /** The peak rate throughout. */
        CONSTANT,
        /** Linear warm-up to the peak, then linear decay to 0 (BERT, GPT-2). */
        WARMUP_LINEAR_DECAY,
        /** ULMFiT's slanted triangular rates: a short climb, a long descent, ratio 32 between top and bottom. */
        SLANTED_TRIANGULAR
    }

    public Recipe {
        if (learningRate <= 0 || warmup < 0 || warmup >= 1 || weightDecay < 0 || clipNorm < 0) {
            throw new IllegalArgumentException("need learningRate > 0, 0 <= warmup < 1, weightDecay >= 0, clipNorm >= 0;"
                    + " got " + learningRate + ", " + warmup + ", " + weightDecay + ", " + clipNorm);
        }
    }

    /** Pre-training from scratch: warm-up over the first 5% of steps, decay 0.01, clipping at 1. */
    public static Recipe pretraining(double learningRate) {
        return new Recipe(learningRate, Shape.WARMUP_LINEAR_DECAY, 0.05, 0.01, false, 1.0);
    }

    /** Fine-tuning a pre-trained model: warm-up over the first 10% of steps, decay 0.01, clipping at 1. */
    public static Recipe fineTuning(double learningRate) {
        return new Recipe(learningRate, Shape.WARMUP_LINEAR_DECAY, 0.1, 0.01, false, 1.0);
    }

    public Recipe withLearningRate(double lr) {
        return new Recipe(lr, schedule, warmup, weightDecay, decayVectors, clipNorm);
    }

    public Recipe withWarmup(double fraction) {
        return new Recipe(learningRate, schedule, fraction, weightDecay, decayVectors, clipNorm);
    }

    public Recipe withWeightDecay(double decay) {
        return new Recipe(learningRate, schedule, warmup, decay, decayVectors, clipNorm);
    }

    /** The same recipe decaying 1-D parameters too (as the course did before it followed the references). */
    public Recipe withDecayOnVectors(boolean decay) {
        return new Recipe(learningRate, schedule, warmup, weightDecay, decay, clipNorm);
    }

    public Recipe withClipping(double maxNorm) {
        return new Recipe(learningRate, schedule, warmup, weightDecay, decayVectors, maxNorm);
    }

    public Recipe withSchedule(Shape shape) {
        return new Recipe(learningRate, shape, warmup, weightDecay, decayVectors, clipNorm);
    }

    /** The warm-up steps of a run of {@code total} steps: {@code max(1, floor(total · warmup))}. */
    public int warmupSteps(int total) {
        return Math.max(1, (int) Math.floor(total * warmup + 1e-9));
    }

    /** The schedule of a run of {@code total} steps. */
    public Schedule schedule(int total) {
        return switch (schedule) {
            case CONSTANT -> Schedules.constant();
            case WARMUP_LINEAR_DECAY -> Schedules.linearWarmupDecay(Math.min(total, warmupSteps(total)), total);
            case SLANTED_TRIANGULAR -> Schedules.slantedTriangular(total, warmup == 0 ? 0.1 : warmup, 32);
        };
    }
}
