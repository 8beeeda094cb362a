package org.tlnlp.glue;

import org.tlnlp.analysis.Metrics;

/**
 * The metrics GLUE scores its tasks with, each computed by {@link Metrics} (which is tested against scikit-learn
 * and SciPy). Label metrics read class indices, with class 1 the positive class of F1; value metrics read real
 * numbers.
 */
public enum GlueMetric {
    /** Matthews correlation, multi-class (Gorodkin's R_K) when there are more than two labels: CoLA, the diagnostic set. */
    MATTHEWS("mcc"),
    /** The share of right predictions: SST-2, MRPC, QQP, MNLI, QNLI, RTE, WNLI. */
    ACCURACY("accuracy"),
    /** F1 of the class at index 1 of the task's labels ("1": paraphrase, duplicate): MRPC, QQP. */
    F1("f1"),
    /** Pearson correlation: STS-B. */
    PEARSON("pearson"),
    /** Spearman rank correlation, ties sharing their mean rank: STS-B. */
    SPEARMAN("spearman");

    private final String label;

    GlueMetric(String label) {
        this.label = label;
    }

    /** The short name reports print ({@code mcc}, {@code accuracy}, {@code f1}, {@code pearson}, {@code spearman}). */
    public String label() {
        return label;
    }

    /** Whether the metric reads real values (a regression task) rather than class labels. */
    public boolean onValues() {
        return this == PEARSON || this == SPEARMAN;
    }

    /** The metric of class labels. */
    public Metrics.LabelMetric labelMetric() {
        return switch (this) {
            case MATTHEWS -> Metrics::matthews;
            case ACCURACY -> Metrics::accuracy;
            case F1 -> Metrics::f1;
            default -> throw new IllegalStateException(this + " scores real values, not labels");
        };
    }

    /** The metric of real values. */
    public Metrics.ValueMetric valueMetric() {
        return switch (this) {
            case PEARSON -> Metrics::pearson;
            case SPEARMAN -> Metrics::spearman;
            default -> throw new IllegalStateException(this + " scores class labels, not values");
        };
    }

    /** The metric of one prediction run against gold labels or values. */
    public double score(Predictions gold, Predictions predicted) {
        return onValues() ? valueMetric().score(gold.values(), predicted.values())
                : labelMetric().score(gold.labels(), predicted.labels());
    }
}
