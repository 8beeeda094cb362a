package org.tlnlp.models.bert;

import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.NamedParameters;
import org.tlnlp.nn.ParameterMap;

/**
 * What a fine-tuning task puts on BERT, named as Hugging Face's task models name it: the encoder under
 * {@code bert.}, then one linear layer {@code classifier} (on the pooled vector for a sequence, on every
 * position for a tagger), with dropout before it when training.
 */
public abstract sealed class BertTaskHead extends FixedBlock implements NamedParameters permits BertClassifier, BertTagger {

    final Bert bert;
    final Dense head;
    final float dropout;

    BertTaskHead(Bert bert, int outputs) {
        this.bert = addChildBlock("bert", bert);
        head = addChildBlock("classifier", new Dense(bert.config().hidden(), outputs, 0.02f));
        this.dropout = bert.config().dropout();
    }

    public Bert bert() {
        return bert;
    }

    @Override
    public ParameterMap namedParameters() {
        return new ParameterMap().putAll("bert.", bert.namedParameters()).dense("classifier", head);
    }

    /** The encoder's depths, and L + 1 for the head. */
    @Override
    public int depthOf(String name) {
        return name.startsWith("bert.") ? bert.depthOf(name.substring(5)) : bert.config().layers() + 1;
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        throw new UnsupportedOperationException("call the head's own methods with a typed BertInput");
    }
}
