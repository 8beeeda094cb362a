package org.tlnlp.lesson03.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import org.tlnlp.analysis.Cka;
import org.tlnlp.data.BrownTasks;
import org.tlnlp.data.Split;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertInput;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;

import java.util.ArrayList;
import java.util.List;

/**
 * Which layers moved: each layer's representation of the same held-out Brown sentences before and after
 * fine-tuning, compared by linear CKA (Kornblith et al. 2019; 1 = the same up to rotation and scale). Every real
 * (not padding) token is one row.
 */
final class LayerChanges {

    private LayerChanges() {
    }

    /** The first {@code n} sentences of Brown's test documents, encoded. */
    static BertInput sentences(NDManager manager, BertTokenizer tokenizer, int n, int maxLength) {
        List<Encoding> out = new ArrayList<>();
        for (List<String> words : BrownTasks.sentences(Split.TEST, 40)) {
            if (words.size() >= 5 && out.size() < n) {
                out.add(tokenizer.encode(String.join(" ", words), null, maxLength));
            }
        }
        return BertInput.of(manager, out, tokenizer.id(BertTokenizer.PAD));
    }

    /** Every layer's states (embeddings, then layers 1..L) of the real tokens, each (tokens, H), made in {@code manager}. */
    static List<NDArray> states(Bert bert, NDManager manager, BertInput in) {
        Bert.Output o;
        try (NoGradient ignored = NoGradient.open()) {
            o = bert.forward(new ParameterStore(manager, false), in, false, true);
        }
        NDArray real = in.attentionMask().reshape(-1).toType(DataType.BOOLEAN, false);
        List<NDArray> out = new ArrayList<>();
        for (NDArray h : o.hiddenStates()) {
            out.add(h.reshape(-1, h.getShape().get(2)).get(real));
        }
        return out;
    }

    /** CKA of each layer of {@code bert} with the same layer of the pre-trained states {@code before}. */
    static double[] ckaToPretrained(List<NDArray> before, Bert bert, BertInput in) {
        try (NDManager scope = in.ids().getManager().newSubManager()) {
            List<NDArray> after = states(bert, scope, in);
            double[] out = new double[before.size()];
            for (int l = 0; l < out.length; l++) {
                out[l] = Cka.linear(before.get(l), after.get(l));
            }
            return out;
        }
    }
}
