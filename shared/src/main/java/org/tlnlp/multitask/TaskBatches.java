package org.tlnlp.multitask;

import ai.djl.ndarray.NDManager;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.EpochOrder;
import org.tlnlp.train.SampledBatches;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Where a multitask run's steps come from: {@link #joint} (every step, one batch of every task: the summed
 * loss), {@link #sampled} (every step, one task drawn with given probabilities) and {@link #scheduled} (epochs of
 * every task's batches in a shuffled order). Each step's draws come from a generator seeded by the run's seed,
 * the epoch and the step, so a run repeats exactly. An "epoch" of the first two is just {@code steps} steps
 * between evaluations.
 */
public final class TaskBatches {

    /** Orders one epoch's task batches (the library's {@link TaskSampling#proportionalSchedule}, or yours). */
    @FunctionalInterface
    public interface Scheduler {
        int[] order(int[] batches, Random random);
    }

    private TaskBatches() {
    }

    /** Every step holds one batch of every task, each of {@code batch} examples drawn at random. */
    public static <I> BatchSource<MultitaskBatch<I>> joint(List<? extends TaskData<I>> tasks, int batch, int steps,
                                                          long seed) {
        List<TaskData<I>> data = List.copyOf(tasks);
        return steps(steps, seed, (m, r) -> {
            List<TaskBatch<I>> parts = new ArrayList<>();
            for (int t = 0; t < data.size(); t++) {
                parts.add(data.get(t).batch(m, t, draw(data.get(t).size(), batch, r)));
            }
            return new MultitaskBatch<>(parts);
        });
    }

    /** Every step trains one task, drawn with probabilities {@code p} ({@link TaskSampling}). */
    public static <I> BatchSource<MultitaskBatch<I>> sampled(List<? extends TaskData<I>> tasks, double[] p, int batch,
                                                            int steps, long seed) {
        if (p.length != tasks.size()) {
            throw new IllegalArgumentException(p.length + " probabilities for " + tasks.size() + " tasks");
        }
        List<TaskData<I>> data = List.copyOf(tasks);
        double[] probabilities = p.clone();
        return steps(steps, seed, (m, r) -> {
            int t = TaskSampling.draw(probabilities, r);
            return MultitaskBatch.of(data.get(t).batch(m, t, draw(data.get(t).size(), batch, r)));
        });
    }

    /**
     * Epochs in which every example of every task is used once: each task's examples shuffled and cut into batches
     * of {@code batch}, and the tasks' batches put in the order {@code scheduler} gives.
     */
    public static <I> BatchSource<MultitaskBatch<I>> scheduled(List<? extends TaskData<I>> tasks, int batch, long seed,
                                                              Scheduler scheduler) {
        List<TaskData<I>> data = List.copyOf(tasks);
        int[] counts = data.stream().mapToInt(d -> (d.size() + batch - 1) / batch).toArray();
        int total = Arrays.stream(counts).sum();
        List<EpochOrder> orders = new ArrayList<>();
        for (int t = 0; t < data.size(); t++) {
            orders.add(new EpochOrder(data.get(t).size(), seed * 131 + t));
        }
        return new BatchSource<>() {
            private int epoch = -1;
            private int[] schedule;
            private int[] rank; // rank[i]: which of its task's batches step i takes

            @Override
            public int batches() {
                return total;
            }

            @Override
            public synchronized MultitaskBatch<I> batch(NDManager manager, int e, int index) {
                if (e != epoch) {
                    schedule = scheduler.order(counts.clone(), new Random(seed * 31 + e));
                    rank = new int[schedule.length];
                    int[] seen = new int[data.size()];
                    for (int i = 0; i < schedule.length; i++) {
                        rank[i] = seen[schedule[i]]++;
                    }
                    if (!Arrays.equals(seen, counts)) {
                        throw new IllegalStateException("the schedule gives the tasks " + Arrays.toString(seen)
                                + " batches; they have " + Arrays.toString(counts));
                    }
                    epoch = e;
                }
                int t = schedule[index];
                int[] order = orders.get(t).of(e);
                int from = rank[index] * batch;
                return MultitaskBatch.of(data.get(t).batch(manager, t, Arrays.copyOfRange(order, from,
                        Math.min(order.length, from + batch))));
            }
        };
    }

    /** {@code batch} distinct examples of {@code n} (all of them, shuffled, when n ≤ batch). */
    static int[] draw(int n, int batch, Random r) {
        int k = Math.min(n, batch);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(n - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        return Arrays.copyOf(idx, k);
    }

    /**
     * {@code steps} steps an epoch, each made from its own generator. Unlike {@link SampledBatches}, whose generators
     * are seeded with consecutive numbers, each seed here is mixed first (SplittableRandom's mix64): the first draws
     * of {@code java.util.Random}s seeded 1, 2, 3, ... are nearly equal (a first {@code nextDouble()} moves by about
     * 1e-4 from one seed to the next), which would make "draw a task" pick the same task at every step.
     */
    private static <I> BatchSource<MultitaskBatch<I>> steps(int steps, long seed, SampledBatches.Maker<MultitaskBatch<I>> maker) {
        return new BatchSource<>() {
            @Override
            public int batches() {
                return steps;
            }

            @Override
            public MultitaskBatch<I> batch(NDManager manager, int epoch, int index) {
                long step = (long) epoch * steps + index;
                return maker.make(manager, new Random(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step).nextLong()));
            }
        };
    }
}
