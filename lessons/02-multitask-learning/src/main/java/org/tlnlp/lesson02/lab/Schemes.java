package org.tlnlp.lesson02.lab;

import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.engine.Rng;
import org.tlnlp.multitask.Features;
import org.tlnlp.multitask.Task;
import org.tlnlp.multitask.TaskBatches;
import org.tlnlp.multitask.TaskData;
import org.tlnlp.plot.Tables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part 4: how the tasks are combined, at one low-resource size. Loss weighting: equal fixed weights against
 * uncertainty weighting, every step a batch of every task. Task sampling: every step one task, chosen by a
 * proportional schedule (each epoch, every task's batches once), by temperature T, or uniformly, for as many task
 * batches in all as the joint runs see.
 */
final class Schemes {

    private Schemes() {
    }

    /** The tables, the comparisons, and the runs (by method) whose curves the report plots. */
    record Result(Table weighting, Table sampling, List<String> comparisons, Map<String, List<Runs.Run>> runs) {
    }

    static Result run(Suite<Features> suite, MultitaskSettings s, Rng rng, List<Runs.Run> uncertainty) throws Exception {
        List<String> auxiliary = Tasks.AUXILIARY.stream().map(Task::name).toList();
        int n = s.compareSize();
        int[] gold = suite.test().gold();
        Map<String, List<Runs.Run>> runs = new LinkedHashMap<>();
        runs.put("joint, uncertainty weights", uncertainty);
        // the sampled schemes get the joint runs' number of task batches: epochs of a proportional schedule
        List<TaskData<Features>> sizes = suite.tasks(suite.target(n, 0), auxiliary);
        int perEpoch = sizes.stream().mapToInt(d -> (d.size() + s.batch() - 1) / s.batch()).sum();
        int epochs = Math.max(1, Math.round((float) s.steps() * sizes.size() / perEpoch));
        int[] counts = sizes.stream().mapToInt(TaskData::size).toArray();
        Map<String, double[]> shares = new LinkedHashMap<>();
        shares.put("joint, equal weights", null);
        shares.put("proportional schedule", null);
        shares.put("temperature T = " + s.temperature(), Yours.probabilities(counts, s.temperature()));
        shares.put("uniform (T = ∞)", Yours.probabilities(counts, Double.POSITIVE_INFINITY));
        for (Map.Entry<String, double[]> scheme : shares.entrySet()) {
            List<Runs.Run> done = new ArrayList<>();
            for (int seed = 0; seed < s.seeds(); seed++) {
                List<TaskData<Features>> data = suite.tasks(suite.target(n, seed), auxiliary);
                double[] p = scheme.getValue();
                Runs.Planner<Features> plan = scheme.getKey().startsWith("joint") ? Runs.joint(s, s.steps())
                        : p == null ? (d, sd) -> new Runs.Plan<>(TaskBatches.scheduled(d, s.batch(), sd, Yours.scheduler()), epochs)
                        : (d, sd) -> new Runs.Plan<>(TaskBatches.sampled(d, p, s.batch(), perEpoch, sd), epochs);
                done.add(Runs.run(suite, data, LowResource.shared(s, false), plan, s.learningRate(), s,
                        rng.split(scheme.getKey() + seed), true, scheme.getKey().split(",")[0]));
            }
            runs.put(scheme.getKey(), done);
            System.out.printf(Locale.ROOT, "  %s: sentiment %.3f%n", scheme.getKey(), Runs.accuracy(gold, done).mean());
        }
        List<String> comparisons = new ArrayList<>();
        TestAccuracy equal = Runs.accuracy(gold, runs.get("joint, equal weights"));
        TestAccuracy learned = Runs.accuracy(gold, uncertainty);
        comparisons.add("Weighting: " + learned.minus(equal, rng.split("weights")).sentence("uncertainty weights",
                "equal weights"));
        Table weighting = Table.create("Loss weighting at " + n + " sentiment labels (every step a batch of every task)",
                StringColumn.create("weighting", List.of("equal fixed weights", "uncertainty (Kendall et al. 2018)")));
        Tables.addAccuracy(weighting, "sentiment_test", List.of(equal, learned));

        List<String> names = new ArrayList<>(shares.keySet());
        Table sampling = Table.create("Task sampling at " + n + " sentiment labels (equal fixed weights; "
                + "held-out accuracy of the auxiliary tasks at the end)", StringColumn.create("scheme", names));
        DoubleColumn share = DoubleColumn.create("sentiment_share_of_batches");
        List<TestAccuracy> accuracy = new ArrayList<>();
        for (String name : names) {
            double[] p = shares.get(name);
            share.append(name.startsWith("joint") ? 1.0 / counts.length : p == null
                    ? (double) ((counts[0] + s.batch() - 1) / s.batch()) / perEpoch : p[0]);
            accuracy.add(Runs.accuracy(gold, runs.get(name)));
        }
        sampling.addColumns(share);
        Tables.addAccuracy(sampling, "sentiment_test", accuracy);
        for (String a : auxiliary) {
            sampling.addColumns(DoubleColumn.create(a + "_dev", names.stream().mapToDouble(x -> Runs.last(runs.get(x),
                    "dev_" + a))));
        }
        for (String name : names.subList(1, names.size())) {
            comparisons.add("Sampling: " + accuracy.get(names.indexOf(name)).minus(accuracy.get(0), rng.split(name))
                    .sentence(name, "joint"));
        }
        System.out.println("  task sizes " + Arrays.toString(counts) + ", " + perEpoch + " batches an epoch, " + epochs
                + " epochs for the sampled schemes");
        return new Result(weighting, sampling, comparisons, runs);
    }
}
