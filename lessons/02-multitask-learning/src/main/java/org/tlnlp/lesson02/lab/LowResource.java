package org.tlnlp.lesson02.lab;

import org.tlnlp.analysis.Metrics;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.engine.Rng;
import org.tlnlp.multitask.FeatureEncoder;
import org.tlnlp.multitask.Features;
import org.tlnlp.multitask.FixedWeights;
import org.tlnlp.multitask.MultitaskModel;
import org.tlnlp.multitask.Task;
import org.tlnlp.multitask.TaskData;
import org.tlnlp.plot.Tables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part 2: implicit data augmentation. The target learned alone and with the three auxiliary tasks (hard sharing,
 * uncertainty weighting, every step a batch of every task), at each low-resource size, with several seeds; each
 * seed draws its own labelled set. The train–test gap of the target is the regularisation reading of the same runs.
 */
public final class LowResource {

    private LowResource() {
    }

    /**
     * The curve: per size the runs of each method; the table; the paired comparisons.
     *
     * @param single per size, the single-task runs (one per seed)
     * @param multi  per size, the multitask runs
     */
    record Result(Map<Integer, List<Runs.Run>> single, Map<Integer, List<Runs.Run>> multi, Table table,
                  List<String> comparisons, List<TestAccuracy.Difference> differences) {
    }

    /** A hard-sharing model over MiniLM's vectors: a shared tanh layer and one head per task. */
    public static Runs.Maker<Features> shared(MultitaskSettings s, boolean uncertainty) {
        return (m, tasks) -> {
            MultitaskModel<Features> model = MultitaskModel.hard(new FeatureEncoder(384, s.hidden(), 1, 0.1f), tasks,
                    uncertainty ? Yours.uncertainty(tasks.size()) : FixedWeights.equal(tasks.size()));
            model.initialize(m);
            return model;
        };
    }

    static Result run(Suite<Features> suite, MultitaskSettings s, Rng rng, Runs.After<Features> probe) throws Exception {
        Map<Integer, List<Runs.Run>> single = new LinkedHashMap<>();
        Map<Integer, List<Runs.Run>> multi = new LinkedHashMap<>();
        List<String> auxiliary = Tasks.AUXILIARY.stream().map(Task::name).toList();
        for (int n : s.sizes()) {
            boolean watched = n == s.compareSize();
            for (int seed = 0; seed < s.seeds(); seed++) {
                TaskData<Features> target = suite.target(n, seed);
                Rng r = rng.split("n " + n + " seed " + seed);
                single.computeIfAbsent(n, k -> new ArrayList<>()).add(Runs.run(suite, List.of(target), shared(s, false),
                        Runs.joint(s, s.steps()), s.learningRate(), s, r, watched, "single " + n, watched ? probe : null));
                multi.computeIfAbsent(n, k -> new ArrayList<>()).add(Runs.run(suite, suite.tasks(target, auxiliary),
                        shared(s, true), Runs.joint(s, s.steps()), s.learningRate(), s, r, watched, "multi " + n));
                System.out.printf(Locale.ROOT, "  %d labels, seed %d: single-task %.3f, multitask %.3f%n", n, seed,
                        Metrics.accuracy(suite.test().gold(), last(single, n).test()),
                        Metrics.accuracy(suite.test().gold(), last(multi, n).test()));
            }
        }
        int[] gold = suite.test().gold();
        Table table = Table.create("Sentiment test accuracy, single-task vs multitask (mean over " + s.seeds() + " seeds)",
                IntColumn.create("labels", s.sizes()));
        List<TestAccuracy> a = new ArrayList<>();
        List<TestAccuracy> b = new ArrayList<>();
        DoubleColumn gapSingle = DoubleColumn.create("train_minus_test_single");
        DoubleColumn gapMulti = DoubleColumn.create("train_minus_test_multi");
        List<String> comparisons = new ArrayList<>();
        List<TestAccuracy.Difference> differences = new ArrayList<>();
        for (int n : s.sizes()) {
            TestAccuracy one = Runs.accuracy(gold, single.get(n));
            TestAccuracy all = Runs.accuracy(gold, multi.get(n));
            a.add(one);
            b.add(all);
            gapSingle.append(trainAccuracy(suite, s, single.get(n)) - one.mean());
            gapMulti.append(trainAccuracy(suite, s, multi.get(n)) - all.mean());
            TestAccuracy.Difference d = all.minus(one, rng.split("compare " + n));
            differences.add(d);
            comparisons.add(n + " labels: " + d.sentence("multitask", "single-task"));
        }
        Tables.addAccuracy(table, "single_task", a);
        Tables.addAccuracy(table, "multitask", b);
        table.addColumns(DoubleColumn.create("difference", differences.stream().mapToDouble(TestAccuracy.Difference::estimate)),
                gapSingle, gapMulti);
        return new Result(single, multi, table, comparisons, differences);
    }

    /** The target's accuracy on its own training labels, averaged over the runs (each seed has its own labels). */
    static double trainAccuracy(Suite<Features> suite, MultitaskSettings s, List<Runs.Run> runs) {
        double sum = 0;
        for (int seed = 0; seed < runs.size(); seed++) {
            int n = runs.get(seed).train().length;
            sum += Metrics.accuracy(suite.target(n, seed).gold(), runs.get(seed).train());
        }
        return sum / runs.size();
    }

    private static Runs.Run last(Map<Integer, List<Runs.Run>> runs, int n) {
        List<Runs.Run> l = runs.get(n);
        return l.get(l.size() - 1);
    }
}
