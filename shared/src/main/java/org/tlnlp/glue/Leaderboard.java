package org.tlnlp.glue;

import org.knowm.xchart.CategoryChart;
import org.tlnlp.analysis.Intervals;
import org.tlnlp.analysis.Metrics;
import org.tlnlp.analysis.TestAccuracy;
import org.tlnlp.engine.Rng;
import org.tlnlp.plot.Figures;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Methods scored on the test sets of several tasks, each over one or more seeds, with what stands behind every
 * number: each task's official metrics and task score (the mean of its metrics, as GLUE scores a task), a 95%
 * interval over the test items (Wilson's for accuracy, through {@link TestAccuracy}; the percentile bootstrap of the
 * seed-averaged score for F1, Matthews correlation and task scores that mix two metrics, through
 * {@link Intervals#bootstrap(int[], List, Metrics.LabelMetric, int, double, Rng)}), the number of test items and
 * the spread over seeds; the suite average over tasks; and paired comparisons of two methods on the same items.
 *
 * <p>The average's interval treats the tasks' test sets as independent samples: its half-width is the root of the
 * summed squared task half-widths, divided by the number of tasks (a normal approximation). Paired comparisons
 * resample each task's items with replacement, the same items for both methods, and claim a difference only when
 * the 95% interval of the difference leaves out zero.
 */
public final class Leaderboard {

    /** Resamples of every bootstrap here. */
    public static final int RESAMPLES = 1000;

    private final List<TaskData> tasks;
    private final Function<GlueMetric, Metrics.LabelMetric> metrics;
    private final Map<String, Map<String, List<int[]>>> runs = new LinkedHashMap<>();
    private final Map<String, Score> scored = new java.util.HashMap<>();
    private final Rng rng;

    /**
     * A leaderboard over the test sets of {@code tasks} (each must have one labelled test set and be a
     * classification task), scored with {@code metrics} (the library's: {@code GlueMetric::labelMetric}).
     */
    public Leaderboard(List<TaskData> tasks, Function<GlueMetric, Metrics.LabelMetric> metrics, Rng rng) {
        for (TaskData t : tasks) {
            if (!t.testLabelled() || t.spec().isRegression() || t.test().size() != 1) {
                throw new IllegalArgumentException(t.name() + ": a leaderboard task needs one labelled test set of classes");
            }
        }
        this.tasks = List.copyOf(tasks);
        this.metrics = metrics;
        this.rng = rng;
    }

    public Leaderboard(List<TaskData> tasks, Rng rng) {
        this(tasks, GlueMetric::labelMetric, rng);
    }

    /** Adds one seed's test predictions of {@code method} on {@code task}. */
    public Leaderboard add(String method, String task, int[] predicted) {
        int[] gold = gold(task(task));
        if (predicted.length != gold.length) {
            throw new IllegalArgumentException(method + " on " + task + ": " + predicted.length + " predictions for "
                    + gold.length + " test items");
        }
        runs.computeIfAbsent(method, k -> new LinkedHashMap<>()).computeIfAbsent(task, k -> new ArrayList<>())
                .add(predicted.clone());
        scored.keySet().removeIf(k -> k.startsWith(method + "|"));
        return this;
    }

    public List<String> methods() {
        return List.copyOf(runs.keySet());
    }

    /** A score with its 95% interval over the test items, their number, and the lowest and highest seed. */
    public record Score(double mean, double lower, double upper, int n, int seeds, double lowestSeed, double highestSeed) {

        /** {@code 0.853 [0.812, 0.888]}. */
        public String cell() {
            return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", mean, lower, upper);
        }
    }

    /** One metric of a method on a task, over its seeds. */
    public Score metric(String method, String task, GlueMetric m) {
        String key = method + "|" + task + "|" + m;
        Score known = scored.get(key);
        if (known == null) {
            known = computeMetric(method, task, m);
            scored.put(key, known);
        }
        return known;
    }

    private Score computeMetric(String method, String task, GlueMetric m) {
        TaskData t = task(task);
        List<int[]> r = runs(method, task);
        int[] gold = gold(t);
        double[] perSeed = r.stream().mapToDouble(p -> metrics.apply(m).score(gold, p)).toArray();
        if (m == GlueMetric.ACCURACY) {
            TestAccuracy a = TestAccuracy.of(gold);
            r.forEach(a::add);
            Intervals.Interval i = a.interval();
            return score(Arrays.stream(perSeed).average().orElseThrow(), i.lower(), i.upper(), gold.length, perSeed);
        }
        Intervals.Interval i = Intervals.bootstrap(gold, r, metrics.apply(m), RESAMPLES, 0.95,
                rng.split(method + "|" + task + "|" + m)).interval();
        return score(i.estimate(), i.lower(), i.upper(), gold.length, perSeed);
    }

    /** The task score (the mean of the task's metrics) of a method, over its seeds. */
    public Score taskScore(String method, String task) {
        List<GlueMetric> ms = task(task).spec().metrics();
        if (ms.size() == 1) {
            return metric(method, task, ms.get(0));
        }
        String key = method + "|" + task + "|task";
        Score known = scored.get(key);
        if (known == null) {
            known = computeTaskScore(method, task);
            scored.put(key, known);
        }
        return known;
    }

    private Score computeTaskScore(String method, String task) {
        TaskData t = task(task);
        int[] gold = gold(t);
        Metrics.LabelMetric combined = combined(t);
        double[] perSeed = runs(method, task).stream().mapToDouble(p -> combined.score(gold, p)).toArray();
        Intervals.Interval i = Intervals.bootstrap(gold, runs(method, task), combined, RESAMPLES, 0.95,
                rng.split(method + "|" + task)).interval();
        return score(i.estimate(), i.lower(), i.upper(), gold.length, perSeed);
    }

    /** The mean of a method's task scores over all tasks, with the interval described in the class comment. */
    public Score average(String method) {
        double mean = 0;
        double half = 0;
        int n = 0;
        for (TaskData t : tasks) {
            Score s = taskScore(method, t.name());
            mean += s.mean() / tasks.size();
            half += Math.pow((s.upper() - s.lower()) / 2, 2);
            n += s.n();
        }
        half = Math.sqrt(half) / tasks.size();
        return new Score(mean, mean - half, mean + half, n, 0, Double.NaN, Double.NaN);
    }

    /** Methods as rows, tasks as columns (each cell "score [interval]"), then the suite average; n in the headers. */
    public Table table(String title) {
        Table out = Table.create(title, StringColumn.create("method", methods()));
        for (TaskData t : tasks) {
            String metricNames = String.join("/", t.spec().metrics().stream().map(GlueMetric::label).toList());
            out.addColumns(StringColumn.create(t.name() + " " + metricNames + " (n=" + gold(t).length + ")",
                    methods().stream().map(m -> taskScore(m, t.name()).cell()).toList()));
        }
        out.addColumns(StringColumn.create("average", methods().stream().map(m -> average(m).cell()).toList()));
        return out;
    }

    /** One row per method, task and metric: the score, its interval, n, and the seeds' spread. */
    public Table details(String title) {
        List<String> method = new ArrayList<>();
        List<String> task = new ArrayList<>();
        List<String> metric = new ArrayList<>();
        List<Score> scores = new ArrayList<>();
        for (String m : methods()) {
            for (TaskData t : tasks) {
                for (GlueMetric g : t.spec().metrics()) {
                    method.add(m);
                    task.add(t.name());
                    metric.add(g.label());
                    scores.add(metric(m, t.name(), g));
                }
            }
        }
        return Table.create(title, StringColumn.create("method", method), StringColumn.create("task", task),
                StringColumn.create("metric", metric),
                DoubleColumn.create("score", scores.stream().mapToDouble(Score::mean)),
                StringColumn.create("score_95ci", scores.stream().map(s -> String.format(Locale.ROOT, "[%.3f, %.3f]",
                        s.lower(), s.upper())).toList()),
                IntColumn.create("score_n", scores.stream().mapToInt(Score::n).toArray()),
                StringColumn.create("score_seeds", scores.stream().map(s -> s.seeds() == 1 ? "1 seed" : String.format(
                        Locale.ROOT, "%.3f–%.3f (%d seeds)", s.lowestSeed(), s.highestSeed(), s.seeds())).toList()));
    }

    /** Bars of each method's task scores and average, grouped by task. */
    public CategoryChart figure(String title) {
        List<String> categories = new ArrayList<>(tasks.stream().map(TaskData::name).toList());
        categories.add("average");
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        for (String m : methods()) {
            List<Double> v = new ArrayList<>();
            tasks.forEach(t -> v.add(taskScore(m, t.name()).mean()));
            v.add(average(m).mean());
            series.put(m, v);
        }
        CategoryChart chart = Figures.bar(title, "task", "task score (test)", categories, series);
        // Method names are long and there are many: one per line under the chart, or the legend is cut off.
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        return chart;
    }

    /**
     * {@code a}'s task score minus {@code b}'s, on one task ({@code task}) or averaged over all tasks ({@code task}
     * null), with a 95% paired bootstrap interval over the test items, as one sentence that claims a difference only
     * when the interval leaves out zero.
     */
    public String compare(String a, String b, String task) {
        List<TaskData> which = task == null ? tasks : List.of(task(task));
        Random random = rng.split("compare|" + a + "|" + b + "|" + task).random();
        double[] diffs = new double[RESAMPLES];
        double estimate = 0;
        int items = 0;
        for (TaskData t : which) {
            int[] gold = gold(t);
            items += gold.length;
            estimate += (meanScore(t, gold, runs(a, t.name()), null) - meanScore(t, gold, runs(b, t.name()), null)) / which.size();
            for (int r = 0; r < RESAMPLES; r++) {
                int[] idx = new int[gold.length];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = random.nextInt(gold.length);
                }
                diffs[r] += (meanScore(t, gold, runs(a, t.name()), idx) - meanScore(t, gold, runs(b, t.name()), idx))
                        / which.size();
            }
        }
        Arrays.sort(diffs);
        double lo = diffs[(int) Math.floor(0.025 * (RESAMPLES - 1))];
        double hi = diffs[(int) Math.ceil(0.975 * (RESAMPLES - 1))];
        String what = task == null ? "suite average" : task;
        String numbers = String.format(Locale.ROOT, "%s: %s − %s = %+.3f, 95%% interval [%+.3f, %+.3f] over %d test items",
                what, a, b, estimate, lo, hi, items);
        if (lo <= 0 && hi >= 0) {
            return numbers + ": the interval includes zero, so these test sets do not tell them apart.";
        }
        return numbers + ": " + (estimate > 0 ? a : b) + " scores higher on these test sets.";
    }

    private double meanScore(TaskData t, int[] gold, List<int[]> r, int[] idx) {
        Metrics.LabelMetric m = combined(t);
        int[] g = idx == null ? gold : pick(gold, idx);
        return r.stream().mapToDouble(p -> m.score(g, idx == null ? p : pick(p, idx))).average().orElseThrow();
    }

    private Metrics.LabelMetric combined(TaskData t) {
        List<Metrics.LabelMetric> ms = t.spec().metrics().stream().map(metrics).toList();
        return (g, p) -> ms.stream().mapToDouble(m -> m.score(g, p)).average().orElseThrow();
    }

    private static int[] pick(int[] v, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    private static Score score(double mean, double lower, double upper, int n, double[] perSeed) {
        return new Score(mean, lower, upper, n, perSeed.length, Arrays.stream(perSeed).min().orElseThrow(),
                Arrays.stream(perSeed).max().orElseThrow());
    }

    private List<int[]> runs(String method, String task) {
        List<int[]> r = runs.getOrDefault(method, Map.of()).get(task);
        if (r == null) {
            throw new IllegalArgumentException("no predictions of " + method + " on " + task);
        }
        return r;
    }

    private TaskData task(String name) {
        return tasks.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no task '" + name + "'; the tasks are " + tasks.stream().map(TaskData::name).toList()));
    }

    private static int[] gold(TaskData t) {
        return t.spec().gold(t.onlyTest()).labels();
    }
}
