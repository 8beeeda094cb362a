package org.tlnlp.lesson02.lab;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.tlnlp.analysis.Metrics;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.multitask.GradientConflict;
import org.tlnlp.multitask.MultitaskBatch;
import org.tlnlp.multitask.MultitaskModel;
import org.tlnlp.multitask.Task;
import org.tlnlp.multitask.TaskBatch;
import org.tlnlp.multitask.TaskBatches;
import org.tlnlp.multitask.TaskData;
import org.tlnlp.multitask.UncertaintyWeighting;
import org.tlnlp.train.BatchSource;
import org.tlnlp.train.History;
import org.tlnlp.train.ParamGroup;
import org.tlnlp.train.Recipe;
import org.tlnlp.train.TrainLoop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One training run of the lab: a model of the given tasks (the target first), trained on the given steps, its
 * target predictions on the test set and on its own training labels, and, when watched, everything the report
 * plots: each task's held-out accuracy, each σ, each task's training loss, and the gradient cosine between the
 * target and every other task, at every evaluation.
 */
public final class Runs {

    private Runs() {
    }

    /** Builds a run's model for its tasks, initialised. */
    @FunctionalInterface
    public interface Maker<I> {
        MultitaskModel<I> make(NDManager manager, List<Task> tasks) throws Exception;
    }

    /** Where a run's steps come from (made from the run's seed), and how many rounds of them it trains. */
    public record Plan<I>(BatchSource<MultitaskBatch<I>> steps, int epochs) {
    }

    @FunctionalInterface
    public interface Planner<I> {
        Plan<I> plan(List<TaskData<I>> data, long seed);
    }

    /** Something measured on the trained model before it is closed (e.g. a probe's predictions on a new task). */
    @FunctionalInterface
    public interface After<I> {
        int[] measure(NDManager manager, MultitaskModel<I> model);
    }

    /** What one run measured: the target's test and training predictions, its history, and what {@link After} gave. */
    public record Run(int[] test, int[] train, History history, int[] after) {
    }

    /** Every step one batch of every task, {@code steps} steps in {@code evalPoints} rounds. */
    public static <I> Planner<I> joint(MultitaskSettings s, int steps) {
        return (data, seed) -> new Plan<>(TaskBatches.joint(data, s.batch(), Math.max(1, steps / s.evalPoints()), seed),
                s.evalPoints());
    }

    /** The target's test predictions of every run, as one method's accuracy over seeds. */
    public static TestAccuracy accuracy(int[] gold, List<Run> runs) {
        TestAccuracy a = TestAccuracy.of(gold);
        runs.forEach(r -> a.add(r.test()));
        return a;
    }

    public static <I> Run run(Suite<I> suite, List<TaskData<I>> data, Maker<I> maker, Planner<I> planner, double learningRate,
                       MultitaskSettings s, Rng rng, boolean watch, String label) throws Exception {
        return run(suite, data, maker, planner, learningRate, s, rng, watch, label, null);
    }

    public static <I> Run run(Suite<I> suite, List<TaskData<I>> data, Maker<I> maker, Planner<I> planner, double learningRate,
                       MultitaskSettings s, Rng rng, boolean watch, String label, After<I> after) throws Exception {
        try (NDManager m = Engines.newManager()) {
            rng.seedEngine();
            List<Task> tasks = data.stream().map(TaskData::task).toList();
            MultitaskModel<I> model = maker.make(m, tasks);
            Plan<I> plan = planner.plan(data, rng.random().nextLong());
            List<TaskBatch<I>> probes = new ArrayList<>();
            for (int t = 0; t < data.size(); t++) {
                probes.add(data.get(t).batch(m, t, IntStream.range(0, Math.min(64, data.get(t).size())).toArray()));
            }
            int total = plan.epochs() * plan.steps().batches();
            History h = TrainLoop.builder().recipe(Recipe.fineTuning(learningRate))
                    .group(ParamGroup.glob("weighting.*", s.sigmaRateScale()))
                    .epochs(plan.epochs()).logEvery(Math.max(1, total / 20)).label(label)
                    .evaluation(epoch -> watch ? watch(m, model, suite, probes) : Map.of())
                    .build().fit(model, plan.steps());
            return new Run(model.predict(m, suite.test(), 0, 64), model.predict(m, data.get(0), 0, 64), h,
                    after == null ? null : after.measure(m, model));
        }
    }

    /** Held-out accuracy, σ, training loss of every task; cosine of the target's gradient with every other's. */
    private static <I> Map<String, Double> watch(NDManager m, MultitaskModel<I> model, Suite<I> suite,
                                                 List<TaskBatch<I>> probes) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<Task> tasks = model.tasks();
        ParameterStore store = new ParameterStore(m, false);
        for (int t = 0; t < tasks.size(); t++) {
            TaskData<I> dev = suite.dev().get(tasks.get(t).name());
            out.put("dev_" + tasks.get(t).name(), Metrics.accuracy(dev.gold(), model.predict(m, dev, t, 64)));
            try (NDManager scope = m.newSubManager()) {
                out.put("loss_" + tasks.get(t).name(), (double) model.taskLoss(store, probes.get(t), false).getFloat());
            }
        }
        if (model.weighting() instanceof UncertaintyWeighting u) {
            double[] sigma = u.sigmas();
            for (int t = 0; t < tasks.size(); t++) {
                out.put("sigma_" + tasks.get(t).name(), sigma[t]);
            }
        }
        if (!model.isSoft() && tasks.size() > 1) {
            double[][] cos = GradientConflict.cosines(model, probes, m, Yours.cosine());
            for (int t = 1; t < tasks.size(); t++) {
                out.put("cos_" + tasks.get(t).name(), cos[0][t]);
            }
        }
        return out;
    }

    /** A metric's mean over runs at each evaluation: {steps, means}. */
    public static double[][] mean(List<Run> runs, String metric) {
        double[][] first = runs.get(0).history().xy(metric);
        double[] y = new double[first[1].length];
        for (Run r : runs) {
            double[] v = r.history().xy(metric)[1];
            for (int i = 0; i < y.length; i++) {
                y[i] += v[i] / runs.size();
            }
        }
        return new double[][] {first[0], y};
    }

    /** A metric's last value, averaged over runs. */
    public static double last(List<Run> runs, String metric) {
        return runs.stream().mapToDouble(r -> r.history().last(metric)).average().orElse(Double.NaN);
    }
}
