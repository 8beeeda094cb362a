package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import org.tlnlp.train.Batch;

/**
 * Sequences with one label each, for {@link BertClassifier}.
 *
 * @param input  the encoded sequences
 * @param labels (B) class ids as floats (or target values, for regression)
 */
public record ClassificationBatch(BertInput input, NDArray labels) implements Batch {

    @Override
    public int size() {
        return input.size();
    }
}
