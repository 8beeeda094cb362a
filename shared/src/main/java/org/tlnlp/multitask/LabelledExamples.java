package org.tlnlp.multitask;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * What every {@link TaskData} shares: the labels, one array per example with one entry per position of the
 * example's input (for a sequence task, a single entry), {@link #UNLABELLED} where a position carries none.
 * Subclasses make the inputs.
 */
public abstract class LabelledExamples<I> implements TaskData<I> {

    /** A position without a label ([CLS], [SEP], a word's later pieces). */
    public static final int UNLABELLED = -1;

    protected final Task task;
    protected final int[][] labels;

    protected LabelledExamples(Task task, int[][] labels) {
        this.task = task;
        this.labels = labels;
        for (int i = 0; i < labels.length; i++) {
            if (task.kind() == Task.Kind.SEQUENCE && labels[i].length != 1) {
                throw new IllegalArgumentException(task.name() + ": example " + i + " of a sequence task needs one label, has "
                        + labels[i].length);
            }
            for (int y : labels[i]) {
                if (y != UNLABELLED && (y < 0 || y >= task.classes())) {
                    throw new IllegalArgumentException(task.name() + ": example " + i + " has label " + y + ", outside [0, "
                            + task.classes() + ")");
                }
            }
        }
    }

    /** The inputs of the examples {@code pick}, padded to the longest of them. */
    protected abstract I inputs(NDManager manager, int[] pick);

    @Override
    public Task task() {
        return task;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public TaskBatch<I> batch(NDManager manager, int taskIndex, int[] pick) {
        I input = inputs(manager, pick);
        if (task.kind() == Task.Kind.SEQUENCE) {
            float[] y = new float[pick.length];
            for (int k = 0; k < pick.length; k++) {
                y[k] = labels[pick[k]][0];
            }
            return new TaskBatch<>(taskIndex, input, manager.create(y), null);
        }
        int t = 0;
        for (int p : pick) {
            t = Math.max(t, labels[p].length);
        }
        long[] y = new long[pick.length * t];
        float[] mask = new float[pick.length * t];
        for (int k = 0; k < pick.length; k++) {
            int[] row = labels[pick[k]];
            for (int j = 0; j < row.length; j++) {
                if (row[j] != UNLABELLED) {
                    y[k * t + j] = row[j];
                    mask[k * t + j] = 1;
                }
            }
        }
        Shape s = new Shape(pick.length, t);
        return new TaskBatch<>(taskIndex, input, manager.create(y, s), manager.create(mask, s));
    }

    @Override
    public int[] gold() {
        return Arrays.stream(labels).flatMapToInt(Arrays::stream).filter(y -> y != UNLABELLED).toArray();
    }

    /** The labels of example {@code i} (a copy). */
    public int[] labels(int i) {
        return labels[i].clone();
    }

    /** The labels of the examples {@code pick}. */
    protected int[][] pickLabels(int[] pick) {
        int[][] out = new int[pick.length][];
        for (int k = 0; k < pick.length; k++) {
            out[k] = labels[pick[k]];
        }
        return out;
    }
}
