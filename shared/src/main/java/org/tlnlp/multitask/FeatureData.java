package org.tlnlp.multitask;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A task's examples as fixed vectors computed once (by a frozen encoder): a sequence task has one vector per
 * example, a token task one per word, each word labelled.
 */
public final class FeatureData extends LabelledExamples<Features> {

    private final float[][] vectors;
    private final int dim;

    /**
     * @param vectors per example, its positions' vectors one after another (positions × dim values)
     * @param labels  per example, one label per position (a sequence task: one position)
     */
    public FeatureData(Task task, float[][] vectors, int[][] labels, int dim) {
        super(task, labels);
        if (vectors.length != labels.length) {
            throw new IllegalArgumentException(task.name() + ": " + vectors.length + " examples but " + labels.length
                    + " label rows");
        }
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != labels[i].length * dim) {
                throw new IllegalArgumentException(task.name() + ": example " + i + " has " + vectors[i].length
                        + " values for " + labels[i].length + " positions of width " + dim);
            }
        }
        this.vectors = vectors;
        this.dim = dim;
    }

    /** A sequence task: one vector and one label per example. */
    public static FeatureData sequences(Task task, float[][] vectors, int[] labels) {
        int[][] rows = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            rows[i] = new int[] {labels[i]};
        }
        return new FeatureData(task, vectors, rows, vectors.length == 0 ? 0 : vectors[0].length);
    }

    public int dim() {
        return dim;
    }

    /** Example {@code i}'s vectors, one position after another (a copy). */
    public float[] vector(int i) {
        return vectors[i].clone();
    }

    @Override
    protected Features inputs(NDManager manager, int[] pick) {
        int t = 0;
        for (int p : pick) {
            t = Math.max(t, labels[p].length);
        }
        float[] x = new float[pick.length * t * dim];
        float[] mask = new float[pick.length * t];
        for (int k = 0; k < pick.length; k++) {
            float[] v = vectors[pick[k]];
            System.arraycopy(v, 0, x, k * t * dim, v.length);
            for (int j = 0; j < v.length / dim; j++) {
                mask[k * t + j] = 1;
            }
        }
        return new Features(manager.create(x, new Shape(pick.length, t, dim)), manager.create(mask, new Shape(pick.length, t)));
    }

    @Override
    public FeatureData subset(int[] pick) {
        float[][] v = new float[pick.length][];
        for (int k = 0; k < pick.length; k++) {
            v[k] = vectors[pick[k]];
        }
        return new FeatureData(task, v, pickLabels(pick), dim);
    }
}
