package org.tlnlp.multitask;

import java.util.Arrays;
import java.util.Random;

/**
 * Which task trains at each step. With tasks of n_i examples, sampling task i with probability
 * {@code p_i ∝ n_i^(1/T)} covers the usual schemes with one knob, the temperature T: T = 1 is proportional
 * sampling (every example equally likely: large tasks dominate and a small task is seldom seen), T → ∞ is
 * uniform over tasks (a small task is seen as often as a large one, and its few examples are repeated many
 * times), and T in between (2 to 5 in Arivazhagan et al. 2019's multilingual translation) trades one off against
 * the other. A proportional <em>schedule</em> is the epoch-wise version (MT-DNN, Liu et al. 2019): every task's
 * batches of one epoch, in a random order.
 */
public final class TaskSampling {

    private TaskSampling() {
    }

    /**
     * {@code p_i = n_i^(1/T) / Σ_j n_j^(1/T)}, computed with logarithms so that large sizes and small temperatures
     * do not overflow. A task with no examples gets 0; {@code T = Double.POSITIVE_INFINITY} gives the tasks that
     * have examples equal shares.
     */
    public static double[] probabilities(int[] sizes, double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("the temperature must be > 0, not " + temperature);
        }
        if (Arrays.stream(sizes).anyMatch(n -> n < 0) || Arrays.stream(sizes).allMatch(n -> n == 0)) {
            throw new IllegalArgumentException("task sizes must be ≥ 0 and not all 0: " + Arrays.toString(sizes));
        }
        double[] logits = new double[sizes.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < sizes.length; i++) {
            logits[i] = sizes[i] == 0 ? Double.NEGATIVE_INFINITY : Math.log(sizes[i]) / temperature;
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        double[] p = new double[sizes.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = sizes[i] == 0 ? 0 : Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Proportional sampling: {@code p_i = n_i / Σ n_j} (T = 1). */
    public static double[] proportional(int[] sizes) {
        return probabilities(sizes, 1);
    }

    /** Uniform over the tasks that have examples (T → ∞). */
    public static double[] uniform(int[] sizes) {
        return probabilities(sizes, Double.POSITIVE_INFINITY);
    }

    /** A task drawn with probabilities {@code p}: the first i whose cumulative probability exceeds one uniform draw. */
    public static int draw(double[] p, Random random) {
        double u = random.nextDouble();
        double c = 0;
        for (int i = 0; i < p.length; i++) {
            c += p[i];
            if (u < c) {
                return i;
            }
        }
        for (int i = p.length - 1; i >= 0; i--) {
            if (p[i] > 0) {
                return i; // rounding left the sum just under u
            }
        }
        throw new IllegalArgumentException("no task has a positive probability: " + Arrays.toString(p));
    }

    /**
     * One epoch's order of tasks when each task i contributes {@code batches[i]} batches: task 0 listed
     * {@code batches[0]} times, then task 1, and so on, then shuffled by Fisher–Yates from the end (for i from the
     * last index down to 1, swap entry i with entry {@code random.nextInt(i + 1)}), as
     * {@code java.util.Collections.shuffle} does. Each task trains in proportion to its size, and every batch is
     * used once per epoch.
     */
    public static int[] proportionalSchedule(int[] batches, Random random) {
        int total = 0;
        for (int b : batches) {
            if (b < 0) {
                throw new IllegalArgumentException("batch counts must be ≥ 0: " + Arrays.toString(batches));
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
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }
}
