package org.tlnlp.lesson02.exercises;

import org.tlnlp.grading.Exercise;
import org.tlnlp.multitask.TaskBatches;
import org.tlnlp.multitask.TaskSampling;

import java.util.Random;

/**
 * Lesson 02, exercises 2.5 and 2.6: which task trains at each step. Tasks differ in size by orders of magnitude:
 * sampling them in proportion to their size starves a small task, sampling them uniformly repeats its few examples
 * over and over. The temperature T interpolates: task i is drawn with probability {@code p_i ∝ n_i^(1/T)}.
 */
public final class TaskSamplers {

    private TaskSamplers() {
    }

    /**
     * Exercise 2.5. Temperature sampling's probabilities {@code p_i = n_i^(1/T) / Σ_j n_j^(1/T)}.
     *
     * <ul>
     *   <li>T = 1 is proportional sampling; {@code T = Double.POSITIVE_INFINITY} gives every task that has examples
     *       the same share;</li>
     *   <li>a task with no examples gets probability 0 at every temperature;</li>
     *   <li>the result must not overflow for large sizes and small temperatures (2,000,000,000 examples at T = 0.05
     *       is n^20): work with logarithms, and subtract the largest before exponentiating;</li>
     *   <li>a negative size, sizes that are all 0, or a temperature that is not positive (0, negative, NaN) throw
     *       an {@link IllegalArgumentException}.</li>
     * </ul>
     *
     * @param sizes       n_i, the examples of each task
     * @param temperature T
     * @return p_i per task, summing to 1
     */
    @Exercise(value = "2.5", mayNotUse = {TaskSampling.class, TaskBatches.class})
    public static double[] temperature(int[] sizes, double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("the temperature must be positive, not " + temperature);
        }
        double max = Double.NEGATIVE_INFINITY;
        boolean any = false;
        for (int n : sizes) {
            if (n < 0) {
                throw new IllegalArgumentException("a task cannot have " + n + " examples");
            }
            if (n > 0) {
                any = true;
                max = Math.max(max, Math.log(n) / temperature);
            }
        }
        if (!any) {
            throw new IllegalArgumentException("no task has examples");
        }
        double[] p = new double[sizes.length];
        double sum = 0;
        for (int i = 0; i < sizes.length; i++) {
            p[i] = sizes[i] == 0 ? 0 : Math.exp(Math.log(sizes[i]) / temperature - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * Exercise 2.6. One epoch of proportional sampling as a schedule (as MT-DNN trains): each task t contributes
     * {@code batches[t]} batches, and the epoch visits all of them in a random order. List task 0
     * {@code batches[0]} times, then task 1 {@code batches[1]} times, and so on; then shuffle by Fisher–Yates from the
     * end: for i from the last index down to 1, swap entry i with entry {@code random.nextInt(i + 1)}. (Draw exactly
     * that way: the test replays the same generator.)
     *
     * @param batches per task, its batches in the epoch (≥ 0; a negative count throws an
     *                {@link IllegalArgumentException})
     * @param random  the generator to draw the swaps from
     * @return the task of each step of the epoch
     */
    @Exercise(value = "2.6", mayNotUse = {TaskSampling.class, TaskBatches.class})
    public static int[] proportionalSchedule(int[] batches, Random random) {
        int total = 0;
        for (int b : batches) {
            if (b < 0) {
                throw new IllegalArgumentException("a task cannot have " + b + " batches");
            }
            total += b;
        }
        int[] order = new int[total];
        int k = 0;
        for (int t = 0; t < batches.length; t++) {
            for (int j = 0; j < batches[t]; j++) {
                order[k++] = t;
            }
        }
        for (int i = total - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
