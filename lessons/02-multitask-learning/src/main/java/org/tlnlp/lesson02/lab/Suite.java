package org.tlnlp.lesson02.lab;

import org.tlnlp.data.Split;
import org.tlnlp.multitask.Task;
import org.tlnlp.multitask.TaskData;
import org.tlnlp.multitask.TextTask;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The lab's data as one encoder reads it: the target's training pool (each seed draws its low-resource set from
 * it) and its test set, and for every task a training set (the auxiliary tasks') and a held-out set (for the
 * learning curves).
 *
 * @param pool  the sentiment training sentences the low-resource sets are drawn from
 * @param test  the sentiment test sentences
 * @param train each auxiliary task's training set, by task name
 * @param dev   each task's held-out set, by task name (sentiment's from its validation split)
 */
public record Suite<I>(TaskData<I> pool, TaskData<I> test, Map<String, TaskData<I>> train, Map<String, TaskData<I>> dev) {

    /** The text of every set (drawn once, with one seed), made into {@code I} by {@code as}. */
    public static <I> Suite<I> of(MultitaskSettings s, long seed, List<Task> auxiliary, int auxTrain,
                           Function<TextTask, TaskData<I>> as) {
        Random r = new Random(seed);
        TextTask pool = Tasks.sentiment(Split.TRAIN);
        pool = pool.subset(Tasks.lowResource(pool.size(), s.targetPool(), seed));
        TextTask test = Tasks.sentiment(Split.TEST);
        test = test.subset(java.util.stream.IntStream.range(0, Math.min(s.targetTest(), test.size())).toArray());
        TextTask dev = Tasks.sentiment(Split.VALIDATION);
        Map<String, TaskData<I>> devs = new LinkedHashMap<>();
        devs.put(Tasks.SENTIMENT.name(), as.apply(dev.subset(Tasks.lowResource(dev.size(), s.devSize(), seed))));
        Map<String, TaskData<I>> trains = new LinkedHashMap<>();
        for (Task t : auxiliary) {
            trains.put(t.name(), as.apply(Tasks.auxiliary(t, Split.TRAIN, auxTrain, r)));
            devs.put(t.name(), as.apply(Tasks.auxiliary(t, Split.VALIDATION, s.devSize(), r)));
        }
        return new Suite<>(as.apply(pool), as.apply(test), trains, devs);
    }

    /** Seed {@code seed}'s low-resource training set: {@code n} sentences of the pool. */
    public TaskData<I> target(int n, long seed) {
        return pool.subset(Tasks.lowResource(pool.size(), n, seed));
    }

    /** The target's low-resource set followed by the named auxiliary tasks' training sets: a model's tasks, in order. */
    public List<TaskData<I>> tasks(TaskData<I> target, List<String> auxiliary) {
        List<TaskData<I>> out = new ArrayList<>();
        out.add(target);
        auxiliary.forEach(a -> out.add(train.get(a)));
        return out;
    }
}
