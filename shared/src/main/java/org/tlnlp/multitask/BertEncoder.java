package org.tlnlp.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertInput;
import org.tlnlp.nn.Dropouts;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.ParameterMap;

/**
 * A whole BERT (MiniLM, or a small one) as the shared encoder: its last hidden states, with the model's dropout
 * on them when training. Its parameters keep Hugging Face's names under {@code bert.}. BERT's pooler takes no
 * part (the heads read the vectors themselves), so it is frozen: a parameter no loss reaches has no gradient.
 */
public final class BertEncoder extends FixedBlock implements Encoder<BertInput> {

    private final Bert bert;

    public BertEncoder(Bert bert) {
        this.bert = addChildBlock("bert", bert);
        bert.namedParameters().forEach(e -> {
            if (e.name().startsWith("pooler.")) {
                e.parameter().freeze(true);
            }
        });
    }

    public Bert bert() {
        return bert;
    }

    @Override
    public NDArray encode(ParameterStore store, BertInput input, boolean training) {
        NDArray h = bert.forward(store, input, training, false).lastHidden();
        return Dropouts.apply(h, bert.config().dropout(), training);
    }

    @Override
    public NDArray mask(BertInput input) {
        return input.attentionMask();
    }

    @Override
    public int hidden() {
        return bert.config().hidden();
    }

    @Override
    public ParameterMap namedParameters() {
        return new ParameterMap().putAll("bert.", bert.namedParameters());
    }

    /** BERT's own depths (0 the embeddings, 1..L its layers). */
    @Override
    public int depthOf(String name) {
        return name.startsWith("bert.") ? bert.depthOf(name.substring(5)) : -1;
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        throw new UnsupportedOperationException("call encode with a typed BertInput");
    }
}
