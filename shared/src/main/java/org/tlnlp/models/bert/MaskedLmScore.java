package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import org.tlnlp.data.SentencePairs;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.text.BertTokenizer;

import java.util.List;
import java.util.Random;

/**
 * A BERT's own pre-training objective on held-out text: the masked-LM cross-entropy (nats per masked token) and
 * accuracy (the share of masked tokens predicted exactly), with BERT's masking drawn from a fixed seed, so that the
 * same model always gets the same score and two models are scored on the very same masks. Measured before and after
 * fine-tuning, its rise is how much of the pre-training objective was forgotten.
 *
 * @param loss     mean −log p(original | context) over the masked tokens
 * @param accuracy share of masked tokens whose most likely prediction is the original
 * @param tokens   how many masked tokens were scored
 */
public record MaskedLmScore(double loss, double accuracy, long tokens) {

    /** exp(loss). */
    public double perplexity() {
        return Math.exp(loss);
    }

    /**
     * Scores {@code model}'s masked-LM head on {@code held} ({@code batch} pairs at a time, at most {@code maxLength}
     * word pieces each), masked with a generator seeded by {@code maskSeed}. Dropout is off.
     */
    public static MaskedLmScore of(BertPretraining model, NDManager manager, List<SentencePairs.Pair> held,
                                   BertTokenizer tokenizer, int maxLength, int batch, long maskSeed) {
        double nll = 0;
        long right = 0;
        long total = 0;
        Random r = new Random(maskSeed);
        ParameterStore s = new ParameterStore(manager, false);
        for (int from = 0; from < held.size(); from += batch) {
            try (NDManager scope = manager.newSubManager(); NoGradient ignored = NoGradient.open()) {
                MlmNspBatch b = MlmNspBatch.of(scope, held.subList(from, Math.min(held.size(), from + batch)), tokenizer,
                        maxLength, r);
                NDArray logits = model.forward(s, b.input(), b.maskedPositions(), false).mlmLogits();
                NDArray targets = b.maskedTargets().toType(DataType.INT64, false);
                NDArray logp = logits.logSoftmax(-1).get(new NDIndex().addAllDim().addPickDim(targets.reshape(-1, 1)));
                nll -= logp.toType(DataType.FLOAT64, false).sum().getDouble();
                right += logits.argMax(1).eq(targets).sum().toType(DataType.INT64, false).getLong();
                total += targets.size();
            }
        }
        return new MaskedLmScore(nll / total, right / (double) total, total);
    }
}
