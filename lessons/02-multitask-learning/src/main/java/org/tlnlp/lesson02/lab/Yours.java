package org.tlnlp.lesson02.lab;

import ai.djl.ndarray.NDManager;
import org.tlnlp.engine.Engines;
import org.tlnlp.lab.Mine;
import org.tlnlp.lesson02.exercises.GradientCosine;
import org.tlnlp.lesson02.exercises.TaskSamplers;
import org.tlnlp.lesson02.exercises.UncertaintyLoss;
import org.tlnlp.multitask.GradientConflict;
import org.tlnlp.multitask.TaskBatches;
import org.tlnlp.multitask.TaskSampling;
import org.tlnlp.multitask.UncertaintyWeighting;

import java.util.List;
import java.util.Random;

/**
 * The pieces of lab 02 your exercises can replace ({@code ./course run 02-multitask-learning --mine}): the
 * uncertainty-weighted loss (2.3) and its gradient (2.4, in the σ table), temperature sampling (2.5), the
 * proportional schedule (2.6) and the gradient cosine (2.7). Exercises 2.1 and 2.2 are graded by their tests only.
 */
final class Yours {

    private Yours() {
    }

    /** Stops the lab up front, naming every exercise it needs that is not done yet. */
    static void check() {
        Mine.probes("02-multitask-learning")
                .add("2.3 (UncertaintyLoss.loss)", () -> {
                    try (NDManager m = Engines.newManager()) {
                        UncertaintyLoss.loss(m.create(new float[] {1}), m.create(new float[] {0}));
                    }
                })
                .add("2.4 (UncertaintyLoss.gradient)", () -> UncertaintyLoss.gradient(new double[] {1}, new double[] {0}))
                .add("2.5 (TaskSamplers.temperature)", () -> TaskSamplers.temperature(new int[] {1, 2}, 2))
                .add("2.6 (TaskSamplers.proportionalSchedule)", () -> TaskSamplers.proportionalSchedule(new int[] {1},
                        new Random(0)))
                .add("2.7 (GradientCosine.cosine)", () -> {
                    try (NDManager m = Engines.newManager()) {
                        GradientCosine.cosine(List.of(m.create(new float[] {1})), List.of(m.create(new float[] {1})));
                    }
                })
                .require();
    }

    /** Uncertainty weighting of {@code tasks} tasks, its loss computed by yours with {@code --mine}. */
    static UncertaintyWeighting uncertainty(int tasks) {
        return Mine.enabled() ? new UncertaintyWeighting(tasks, UncertaintyLoss::loss) : new UncertaintyWeighting(tasks);
    }

    /** ∂/∂ log σ of the uncertainty-weighted loss. */
    static double[] gradient(double[] losses, double[] logSigma) {
        return Mine.enabled() ? UncertaintyLoss.gradient(losses, logSigma) : UncertaintyWeighting.gradient(losses, logSigma);
    }

    /** p_i ∝ n_i^(1/T). */
    static double[] probabilities(int[] sizes, double temperature) {
        return Mine.enabled() ? TaskSamplers.temperature(sizes, temperature) : TaskSampling.probabilities(sizes, temperature);
    }

    /** One epoch's order of the tasks' batches. */
    static TaskBatches.Scheduler scheduler() {
        return Mine.enabled() ? TaskSamplers::proportionalSchedule : TaskSampling::proportionalSchedule;
    }

    /** The cosine of two tasks' gradients. */
    static GradientConflict.Cosine cosine() {
        return Mine.enabled() ? GradientCosine::cosine : GradientConflict::cosine;
    }
}
