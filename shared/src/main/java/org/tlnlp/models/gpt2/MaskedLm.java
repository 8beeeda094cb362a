package org.tlnlp.models.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.models.LanguageModeling;
import org.tlnlp.nn.Attention;
import org.tlnlp.nn.AttentionFunction;

import java.util.List;
import java.util.Random;

/**
 * GPT-2's network trained with BERT's objective instead of its own: the experiment of Voita, Sennrich and Titov
 * (2019), who fix "model hyperparameters, training data, and parameter initialization" and change only the
 * training objective. The same {@link Gpt2} (same blocks, same tied output layer, same initialisation from the same
 * seed) becomes a masked language model by two changes, both part of the objective:
 *
 * <ul>
 *   <li>attention is bidirectional ({@link #attention()}: the causal mask is ignored; padding, where a batch has
 *       any, is masked out), since a masked word is to be predicted from both sides;</li>
 *   <li>the batch is corrupted as BERT's is (Devlin et al. 2019): each position is chosen with probability 15%
 *       (never the end-of-text separator); a chosen token becomes the mask symbol 80% of the time, a random token
 *       10% and stays itself 10%; the target of a chosen position is its original token, and only chosen
 *       positions count in the loss. The batch is an {@link LmBatch} whose targets are the original tokens rather
 *       than the next ones, so {@link Gpt2#loss} is the masked-LM loss unchanged.</li>
 * </ul>
 *
 * <p>The mask symbol is one id past the tokenizer's vocabulary: build both twins with {@code vocab = bpe.size() + 1}
 * so that they have the same shape and initialisation (the left-to-right twin never sees that id).
 */
public final class MaskedLm {

    /** The share of positions chosen for prediction (BERT's 15%). */
    public static final double RATE = 0.15;

    private final int maskId;
    private final int vocab;
    private final int separator;
    private NDArray padding; // additive (B, 1, 1, T) while hiddenStates() runs a padded batch; null otherwise
    private final AttentionFunction attention = (q, k, v, causal, dropout, training) ->
            Attention.scaledDotProduct(q, k, v, padding, dropout, training);

    /**
     * @param tokenizerVocab the tokenizer's vocabulary size; the mask symbol gets this id
     * @param separator      the end-of-text id (never chosen)
     */
    public MaskedLm(int tokenizerVocab, int separator) {
        this.maskId = tokenizerVocab;
        this.vocab = tokenizerVocab;
        this.separator = separator;
    }

    /** The mask symbol's id (the model's vocabulary must be one larger than the tokenizer's). */
    public int maskId() {
        return maskId;
    }

    /** Bidirectional attention: give it to the model with {@link Gpt2#withAttention}. */
    public AttentionFunction attention() {
        return attention;
    }

    /**
     * The masked-LM batch of {@code windows} (B, T tokens each, equal lengths): corrupted inputs, original targets,
     * and 1 in the mask where a position was chosen.
     */
    public LmBatch batch(NDManager manager, int[][] windows, Random random) {
        int b = windows.length;
        int t = windows[0].length;
        long[] x = new long[b * t];
        long[] y = new long[b * t];
        float[] chosen = new float[b * t];
        for (int r = 0; r < b; r++) {
            if (windows[r].length != t) {
                throw new IllegalArgumentException("window " + r + " has " + windows[r].length + " tokens, window 0 has " + t);
            }
            for (int j = 0; j < t; j++) {
                int id = windows[r][j];
                int at = r * t + j;
                x[at] = id;
                y[at] = id;
                if (id == separator || random.nextDouble() >= RATE) {
                    continue;
                }
                chosen[at] = 1f;
                double u = random.nextDouble();
                if (u < 0.8) {
                    x[at] = maskId;
                } else if (u < 0.9) {
                    int other = random.nextInt(vocab - 1);
                    x[at] = other >= separator ? other + 1 : other; // any token but the separator
                }
            }
        }
        Shape s = new Shape(b, t);
        return new LmBatch(manager.create(x, s), manager.create(y, s), manager.create(chosen, s));
    }

    /**
     * The masked-LM loss (nats per chosen token) of held-out windows, masked with a fixed seed so that every
     * evaluation sees the same corruption; and the share of chosen tokens predicted right.
     */
    public double[] lossAndAccuracy(Gpt2 model, NDManager manager, List<int[]> windows, int batch, long seed) {
        Random random = new Random(seed);
        double nll = 0;
        double right = 0;
        double count = 0;
        try (NoGradient ignored = NoGradient.open()) {
            ParameterStore store = new ParameterStore(manager, false);
            for (int from = 0; from < windows.size(); from += batch) {
                try (NDManager scope = manager.newSubManager()) {
                    LmBatch b = batch(scope, windows.subList(from, Math.min(windows.size(), from + batch))
                            .toArray(new int[0][]), random);
                    NDArray logits = model.forward(store, b.ids(), null, false, false).logits();
                    nll += LanguageModeling.tokenNll(logits, b.targets()).mul(b.targetMask()).sum().getFloat();
                    right += logits.argMax(2).eq(b.targets()).toType(b.targetMask().getDataType(), false)
                            .mul(b.targetMask()).sum().getFloat();
                    count += b.targetMask().sum().getFloat();
                }
            }
        }
        return new double[] {nll / count, right / count};
    }

    /**
     * Every layer's hidden states (embeddings first) of a padded batch: {@code attentionMask} (B, T) is 1 at real
     * tokens, and padding is hidden from every query for this one pass. Not for use by two threads at once.
     */
    public List<NDArray> hiddenStates(Gpt2 model, ParameterStore store, NDArray ids, NDArray attentionMask) {
        padding = Attention.paddingMask(attentionMask);
        try {
            return model.forward(store, ids, null, false, true).hiddenStates();
        } finally {
            padding = null;
        }
    }
}
