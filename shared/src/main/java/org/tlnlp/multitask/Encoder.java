package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.tlnlp.nn.NamedParameters;

/**
 * The part of a multitask model the tasks share (hard sharing) or that each task has a copy of (soft sharing):
 * it turns a batch's input into one vector per position. The heads read those vectors; they never see the input.
 *
 * @param <I> what it reads: a {@code BertInput} ({@link BertEncoder}) or cached {@link Features}
 *            ({@link FeatureEncoder})
 */
public interface Encoder<I> extends Block, NamedParameters {

    /**
     * The vectors (B, T, H) of every position; when training, dropout is already applied to them (the heads add
     * none of their own).
     */
    NDArray encode(ParameterStore store, I input, boolean training);

    /** (B, T): 1 at the positions that hold something (a token, a word), 0 at padding. */
    NDArray mask(I input);

    /** H, the width of the vectors. */
    int hidden();
}
