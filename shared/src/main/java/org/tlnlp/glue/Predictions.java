package org.tlnlp.glue;

/**
 * What a model says about a list of examples: a class index each (classification), or a value each (regression).
 * Gold answers use the same record.
 *
 * @param labels class indices into the task's labels, or null for a regression task
 * @param values predicted values, or null for a classification task
 */
public record Predictions(int[] labels, double[] values) {

    public Predictions {
        if ((labels == null) == (values == null)) {
            throw new IllegalArgumentException("give either class labels or values");
        }
    }

    public static Predictions ofLabels(int[] labels) {
        return new Predictions(labels.clone(), null);
    }

    public static Predictions ofValues(double[] values) {
        return new Predictions(null, values.clone());
    }

    public boolean isRegression() {
        return values != null;
    }

    public int size() {
        return labels != null ? labels.length : values.length;
    }

    @Override
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("these are values of a regression task, not class labels");
        }
        return labels;
    }

    @Override
    public double[] values() {
        if (values == null) {
            throw new IllegalStateException("these are class labels, not values of a regression task");
        }
        return values;
    }
}
