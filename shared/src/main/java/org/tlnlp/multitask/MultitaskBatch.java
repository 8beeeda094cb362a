package org.tlnlp.multitask;

import org.tlnlp.train.Batch;

import java.util.List;

/**
 * One training step's batches: a single task's (when tasks are sampled step by step) or one of every task's
 * (when every step trains all tasks and sums their weighted losses).
 *
 * @param parts the tasks' batches, at most one per task
 * @param <I>   the encoder's input type
 */
public record MultitaskBatch<I>(List<TaskBatch<I>> parts) implements Batch {

    public MultitaskBatch {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a multitask batch needs at least one task's batch");
        }
        parts = List.copyOf(parts);
    }

    /** One task's batch alone. */
    public static <I> MultitaskBatch<I> of(TaskBatch<I> part) {
        return new MultitaskBatch<>(List.of(part));
    }

    /** The task indices of the parts, in order. */
    public int[] tasks() {
        return parts.stream().mapToInt(TaskBatch::task).toArray();
    }

    @Override
    public int size() {
        return parts.stream().mapToInt(TaskBatch::size).sum();
    }
}
