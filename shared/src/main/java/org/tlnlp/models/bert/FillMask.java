package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lecture's {@code pipeline("fill-mask")}: a text with {@code [MASK]} in it, and the word pieces the
 * masked-LM head finds most probable in its place. For example, with BERT-base uncased,
 * {@code topK(model, tokenizer, "the jury [MASK] the election was conducted well.", 5)} gives the five most
 * probable words, each with its probability (the softmax of the head's logits over the whole vocabulary).
 */
public final class FillMask {

    /** One candidate for a masked position: the word piece, its id and its probability. */
    public record Prediction(String token, int id, double probability) {
    }

    private FillMask() {
    }

    /** The {@code k} most probable word pieces for the one {@code [MASK]} of {@code text}, most probable first. */
    public static List<Prediction> topK(BertPretraining model, BertTokenizer tokenizer, String text, int k) {
        List<List<Prediction>> each = topKAtEachMask(model, tokenizer, text, k);
        if (each.size() != 1) {
            throw new IllegalArgumentException("the text has " + each.size() + " [MASK] tokens, topK expects exactly"
                    + " one (topKAtEachMask takes several): " + text);
        }
        return each.get(0);
    }

    /**
     * The {@code k} most probable word pieces at each {@code [MASK]} of {@code text}, in the order of the masks.
     * All masks are read in one pass, each seeing the others as {@code [MASK]} (as Hugging Face's pipeline does).
     */
    public static List<List<Prediction>> topKAtEachMask(BertPretraining model, BertTokenizer tokenizer, String text,
                                                        int k) {
        try (NoGradient ignored = NoGradient.open()) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be at least 1, not " + k);
            }
            Encoding e = tokenizer.encode(text);
            int maskId = tokenizer.id(BertTokenizer.MASK);
            long[] masked = java.util.stream.IntStream.range(0, e.length()).filter(i -> e.ids()[i] == maskId)
                    .asLongStream().toArray();
            if (masked.length == 0) {
                throw new IllegalArgumentException("the text has no " + BertTokenizer.MASK + " to fill: " + text);
            }
            if (e.length() > model.bert().config().maxPositions()) {
                throw new IllegalArgumentException("the text is " + e.length() + " word pieces long; the model reads at "
                        + "most " + model.bert().config().maxPositions());
            }
            float[][] probabilities = new float[masked.length][];
            try (NDManager scope = model.bert().wordEmbeddings().getArray().getManager().newSubManager()) {
                BertInput in = BertInput.of(scope, List.of(e), tokenizer.id(BertTokenizer.PAD));
                // One sequence, so the flat positions (into batch × length) are the positions themselves.
                NDArray logits = model.forward(new ParameterStore(scope, false), in, scope.create(masked), false).mlmLogits();
                NDArray p = logits.softmax(-1);
                for (int m = 0; m < masked.length; m++) {
                    probabilities[m] = p.get(m).toFloatArray();
                }
            }
            List<List<Prediction>> out = new ArrayList<>();
            for (float[] row : probabilities) {
                out.add(best(row, k, tokenizer));
            }
            return out;
        }
    }

    /** The {@code k} largest entries of {@code p}, largest first (ties: the smaller id first). */
    private static List<Prediction> best(float[] p, int k, BertTokenizer tokenizer) {
        Integer[] ids = new Integer[p.length];
        Arrays.setAll(ids, i -> i);
        Arrays.sort(ids, (a, b) -> p[a] != p[b] ? Float.compare(p[b], p[a]) : Integer.compare(a, b));
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, p.length); i++) {
            int id = ids[i];
            out.add(new Prediction(tokenizer.vocabulary().token(id), id, p[id]));
        }
        return out;
    }
}
