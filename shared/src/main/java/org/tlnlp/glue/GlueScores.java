package org.tlnlp.glue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores as GLUE computes them (Wang et al., 2019, section 3.4): each task's official metrics on its dev (or test)
 * set; a task's score is the unweighted mean of its metrics, over all its sets (MRPC: F1 and accuracy; STS-B:
 * Pearson and Spearman; MNLI: matched and mismatched accuracy); the GLUE score is the unweighted mean of the nine
 * task scores. The diagnostic set (AX) is reported but is not part of the score.
 *
 * <p>The rule is checked against the leaderboard: the published per-task numbers of BERT-base, BERT-large and
 * ERNIE 2.0 (base and large) give their published GLUE scores (78.3, 80.5, 80.6, 83.6) to the table's rounding
 * ({@code testdata/glue/leaderboard.json}).
 */
public final class GlueScores {

    /** The leaderboard's columns (percent), in its order; AX is the diagnostic set. */
    public static final List<String> LEADERBOARD_COLUMNS = List.of("CoLA", "SST-2", "MRPC", "STS-B", "QQP", "MNLI-m",
            "MNLI-mm", "QNLI", "RTE", "WNLI", "AX");

    private GlueScores() {
    }

    /** One number of a task's score: a metric on one set. */
    public record Entry(String set, GlueMetric metric, double value) {
    }

    /** A task's metrics on its sets, and their mean, the task score. */
    public record TaskScore(String task, List<Entry> entries) {

        public TaskScore {
            entries = List.copyOf(entries);
            if (entries.isEmpty()) {
                throw new IllegalArgumentException(task + ": a task score needs at least one metric value");
            }
        }

        /** The unweighted mean of the entries (NaN if one of them is: a constant regression has no correlation). */
        public double score() {
            return entries.stream().mapToDouble(Entry::value).average().orElseThrow();
        }

        /** "mcc 0.512", "f1 0.889 / accuracy 0.848", "dev_matched accuracy 0.846 / dev_mismatched accuracy 0.834". */
        public String describe() {
            boolean sets = entries.stream().map(Entry::set).distinct().count() > 1;
            List<String> parts = new ArrayList<>();
            for (Entry e : entries) {
                parts.add((sets ? e.set() + " " : "") + e.metric().label() + String.format(Locale.ROOT, " %.3f", e.value()));
            }
            return String.join(" / ", parts);
        }
    }

    /**
     * A task's score: each of its metrics on each set, gold answers from the examples' labels, predictions given per
     * set (one prediction per example, in order).
     */
    public static TaskScore score(TaskSpec spec, Map<String, List<Example>> sets, Map<String, Predictions> predicted) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, List<Example>> s : sets.entrySet()) {
            Predictions p = predicted.get(s.getKey());
            if (p == null) {
                throw new IllegalArgumentException(spec.name() + ": no predictions for set " + s.getKey());
            }
            Predictions gold = spec.gold(s.getValue());
            if (p.size() != gold.size()) {
                throw new IllegalArgumentException(spec.name() + " " + s.getKey() + ": " + p.size() + " predictions for "
                        + gold.size() + " examples");
            }
            for (GlueMetric m : spec.metrics()) {
                entries.add(new Entry(s.getKey(), m, m.score(gold, p)));
            }
        }
        return new TaskScore(spec.name(), entries);
    }

    /** The unweighted mean of task scores: the GLUE score when they are the nine GLUE tasks'. */
    public static double average(List<TaskScore> tasks) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no task scores to average");
        }
        return tasks.stream().mapToDouble(TaskScore::score).average().orElseThrow();
    }

    /**
     * The GLUE score of a leaderboard row: {@code columns} maps each column of {@link #LEADERBOARD_COLUMNS} to its
     * published numbers (one, or two for MRPC, STS-B and QQP), in percent. Each task's numbers are averaged, MNLI-m
     * and MNLI-mm are averaged as the one task MNLI, AX is left out, and the nine task scores are averaged.
     */
    public static double leaderboardScore(Map<String, double[]> columns) {
        List<String> missing = new ArrayList<>();
        for (String c : LEADERBOARD_COLUMNS) {
            if (!c.equals("AX") && (!columns.containsKey(c) || columns.get(c).length == 0)) {
                missing.add(c);
            }
        }
        for (String c : columns.keySet()) {
            if (!LEADERBOARD_COLUMNS.contains(c)) {
                throw new IllegalArgumentException("no leaderboard column '" + c + "'; the columns are " + LEADERBOARD_COLUMNS);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the GLUE score needs all nine tasks; missing " + missing);
        }
        Map<String, Double> task = new LinkedHashMap<>();
        for (String c : LEADERBOARD_COLUMNS) {
            if (c.equals("AX") || c.startsWith("MNLI")) {
                continue;
            }
            task.put(c, mean(columns.get(c)));
        }
        task.put("MNLI", (mean(columns.get("MNLI-m")) + mean(columns.get("MNLI-mm"))) / 2);
        return task.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
