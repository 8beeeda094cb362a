package org.tlnlp.glue;

import java.util.List;

/**
 * What a task asks for and how it is scored: its name, its labels in the order a model's outputs use them (empty
 * for regression), its official metrics (the task score is their mean), whether each item is a pair of texts, the
 * range a regression's values lie in, and a sentence on what the task is and, for a made-up task, how it was made.
 */
public record TaskSpec(String name, List<String> labels, List<GlueMetric> metrics, boolean pair, double[] valueRange,
                       String description) {

    public TaskSpec {
        labels = List.copyOf(labels);
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException(name + ": a task needs at least one metric");
        }
        boolean regression = labels.isEmpty();
        for (GlueMetric m : metrics) {
            if (m.onValues() != regression) {
                throw new IllegalArgumentException(name + ": " + m + " does not fit a " + (regression ? "regression"
                        : "classification") + " task");
            }
            if (m == GlueMetric.F1 && labels.size() != 2) {
                throw new IllegalArgumentException(name + ": F1 is the binary score of the class at index 1; the task has "
                        + labels.size() + " labels");
            }
        }
        if (regression && (valueRange == null || valueRange.length != 2)) {
            throw new IllegalArgumentException(name + ": a regression task needs its value range {min, max}");
        }
    }

    /** A classification task. */
    public static TaskSpec classification(String name, List<String> labels, List<GlueMetric> metrics, boolean pair,
                                          String description) {
        return new TaskSpec(name, labels, metrics, pair, null, description);
    }

    /** A regression task whose values lie in [min, max]. */
    public static TaskSpec regression(String name, List<GlueMetric> metrics, boolean pair, double min, double max,
                                      String description) {
        return new TaskSpec(name, List.of(), metrics, pair, new double[] {min, max}, description);
    }

    public boolean isRegression() {
        return labels.isEmpty();
    }

    /** The outputs of a model for this task: the number of labels, or 1 for regression. */
    public int outputs() {
        return isRegression() ? 1 : labels.size();
    }

    /** The index of a label as a file writes it, or an error naming the labels there are. */
    public int labelIndex(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException(name + ": label '" + label + "' is not one of " + labels);
        }
        return i;
    }

    /** The gold answers of labelled examples, as a model's outputs index them. */
    public Predictions gold(List<Example> examples) {
        if (isRegression()) {
            double[] v = new double[examples.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = value(examples.get(i));
            }
            return Predictions.ofValues(v);
        }
        int[] y = new int[examples.size()];
        for (int i = 0; i < y.length; i++) {
            Example e = examples.get(i);
            if (e.label() == null) {
                throw new IllegalArgumentException(name + ": example " + e.id() + " has no label");
            }
            y[i] = labelIndex(e.label());
        }
        return Predictions.ofLabels(y);
    }

    private double value(Example e) {
        if (e.label() == null) {
            throw new IllegalArgumentException(name + ": example " + e.id() + " has no score");
        }
        try {
            return Double.parseDouble(e.label());
        } catch (NumberFormatException x) {
            throw new IllegalArgumentException(name + ": example " + e.id() + "'s score '" + e.label() + "' is not a number");
        }
    }

    /** How a prediction is written in a submission: the label's own string, or the value clipped to the range, 3 decimals. */
    public String write(Predictions p, int i) {
        if (!isRegression()) {
            return labels.get(p.labels()[i]);
        }
        double v = Math.max(valueRange[0], Math.min(valueRange[1], p.values()[i]));
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
