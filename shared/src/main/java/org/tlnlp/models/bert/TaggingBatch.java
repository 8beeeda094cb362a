package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import org.tlnlp.train.Batch;

/**
 * Sequences with one label per word, for {@link BertTagger}: each word's label sits on its first word piece.
 *
 * @param input     the encoded sentences
 * @param labels    (B, T) int64: the label of each word's first piece; 0 elsewhere
 * @param labelMask (B, T) 1 at the first piece of every word, 0 elsewhere ([CLS], [SEP], later pieces, padding)
 */
public record TaggingBatch(BertInput input, NDArray labels, NDArray labelMask) implements Batch {

    @Override
    public int size() {
        return input.size();
    }
}
