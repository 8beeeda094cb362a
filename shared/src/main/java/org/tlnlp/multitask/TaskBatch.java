package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import org.tlnlp.train.Batch;

/**
 * A mini-batch of one task.
 *
 * @param task      the task's index in the model's task list
 * @param input     what the encoder reads (a {@code BertInput}, or cached {@link Features})
 * @param labels    a {@link Task.Kind#SEQUENCE} task: (B) class ids as floats; a {@link Task.Kind#TOKEN} task: (B, T)
 *                  int64 class ids at the labelled positions, 0 elsewhere
 * @param labelMask a token task: (B, T) 1 at the positions that carry a label (a word's first piece), else 0;
 *                  null for a sequence task
 * @param <I>       the encoder's input type
 */
public record TaskBatch<I>(int task, I input, NDArray labels, NDArray labelMask) implements Batch {

    @Override
    public int size() {
        return (int) labels.getShape().get(0);
    }
}
