package org.tlnlp.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import org.tlnlp.train.LmBatches;

import java.util.List;

/**
 * What GPT-2 is trained with and how tasks are put to it: the language-model loss, and the log-likelihood
 * of a continuation after a prompt, which turns any choice between answers into "which answer does the LM
 * find most likely?" (Radford et al. 2019: tasks recast as language modelling).
 */
public final class Gpt2Tasks {

    private Gpt2Tasks() {
    }

    /**
     * The mean negative log-likelihood of the targets that the mask keeps: labels (targets (B, T), mask
     * (B, T)), predictions (logits (B, T, V)). exp of it is the perplexity per token.
     */
    public static final class LanguageModelLoss extends Loss {
        public LanguageModelLoss() {
            super("lm");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return LanguageModeling.maskedMean(LanguageModeling.tokenNll(predictions.get(0), labels.get(0)), labels.get(1));
        }
    }

    /**
     * log p(continuation | prompt) summed over the continuation's tokens, for each (prompt, continuation)
     * pair, computed in batches. Sequences longer than the context keep their last {@code context} tokens.
     */
    public static double[] logLikelihood(Gpt2 model, NDManager manager, List<int[]> prompts, List<int[]> continuations,
                                         int batchSize) {
        int n = prompts.size();
        double[] out = new double[n];
        int context = model.config().context();
        ParameterStore s = new ParameterStore(manager, false);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int[][] seqs = new int[to - from][];
            int[] promptLengths = new int[to - from];
            for (int i = from; i < to; i++) {
                int[] p = prompts.get(i);
                int[] c = continuations.get(i);
                if (p.length == 0 || c.length == 0) {
                    throw new IllegalArgumentException("pair " + i + ": the prompt and the continuation must not be empty");
                }
                int[] seq = new int[p.length + c.length];
                System.arraycopy(p, 0, seq, 0, p.length);
                System.arraycopy(c, 0, seq, p.length, c.length);
                int cut = Math.max(0, seq.length - (context + 1));
                seqs[i - from] = java.util.Arrays.copyOfRange(seq, cut, seq.length);
                promptLengths[i - from] = Math.max(1, p.length - cut);
            }
            try (NDManager batch = manager.newSubManager()) {
                NDList a = LmBatches.arrays(batch, seqs, promptLengths, 0);
                NDArray logits = model.forward(s, a.get(0), null, false, false).logits();
                float[] ll = LanguageModeling.tokenNll(logits, a.get(1)).neg().mul(a.get(2)).sum(new int[] {1}).toFloatArray();
                for (int i = 0; i < ll.length; i++) {
                    out[from + i] = ll[i];
                }
            }
        }
        return out;
    }

    /** Index of the most likely continuation for one prompt (zero-shot choice between verbalised labels). */
    public static int choose(Gpt2 model, NDManager manager, int[] prompt, List<int[]> options) {
        double[] ll = logLikelihood(model, manager, java.util.Collections.nCopies(options.size(), prompt), options,
                options.size());
        int best = 0;
        for (int i = 1; i < ll.length; i++) {
            if (ll[i] > ll[best]) {
                best = i;
            }
        }
        return best;
    }
}
