package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.tlnlp.models.LanguageModeling;
import org.tlnlp.nn.Dropouts;
import org.tlnlp.train.Objective;

/**
 * BERT → dropout → linear at every position: a tagger (part of speech, named entities), named as Hugging
 * Face's {@code BertForTokenClassification}. A word is tagged at its first word piece (Devlin et al. 2019,
 * section 5.3); the loss is the mean cross-entropy over those positions.
 */
public final class BertTagger extends BertTaskHead implements Objective<TaggingBatch> {

    public BertTagger(Bert bert, int tags) {
        super(bert, tags);
        bert.pooler.freezeParameters(true); // no loss reaches the pooler
    }

    /** Tag scores (B, T, tags) at every position. */
    public NDArray logits(ParameterStore s, BertInput in, boolean training) {
        NDArray h = bert.forward(s, in, training, false).lastHidden();
        return head.forward(s, Dropouts.apply(h, dropout, training), training);
    }

    @Override
    public NDArray loss(ParameterStore s, TaggingBatch batch, boolean training) {
        NDArray nll = LanguageModeling.tokenNll(logits(s, batch.input(), training), batch.labels());
        return LanguageModeling.maskedMean(nll, batch.labelMask());
    }
}
