package org.tlnlp.models.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.models.LanguageModeling;
import org.tlnlp.text.ByteLevelBpe;

import java.util.List;

/**
 * How tasks are put to GPT-2: the log-likelihood of a continuation after a prompt, which turns any choice
 * between answers into "which answer does the LM find most likely?" (Radford et al. 2019: tasks recast as
 * language modelling).
 */
public final class LabelScoring {

    private LabelScoring() {
    }

    /**
     * log p(continuation | prompt) summed over the continuation's tokens, for each (prompt, continuation)
     * pair, computed in batches. Sequences longer than the context keep their last {@code context} tokens.
     */
    public static double[] logLikelihood(Gpt2 model, NDManager manager, List<int[]> prompts, List<int[]> continuations,
                                         int batchSize) {
        try (NoGradient ignored = NoGradient.open()) {
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
                    LmBatch a = LmBatches.of(batch, seqs, promptLengths, 0);
                    NDArray logits = model.forward(s, a.ids(), null, false, false).logits();
                    float[] ll = LanguageModeling.tokenNll(logits, a.targets()).neg().mul(a.targetMask()).sum(new int[] {1})
                            .toFloatArray();
                    for (int i = 0; i < ll.length; i++) {
                        out[from + i] = ll[i];
                    }
                }
            }
            return out;
        }
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

    // ------------------------------------------------------------------ classification by label words

    /**
     * How many tokens of a text fit before its label: the context, less the longest label's tokens and one for
     * the {@code <|endoftext|>} that ends a training sequence.
     */
    public static int room(Gpt2 model, ByteLevelBpe bpe, List<String> labelWords) {
        return model.config().context() - 1 - labelWords.stream().mapToInt(l -> bpe.encode(l).length).max().orElse(0);
    }

    /** The text's last tokens, then the cue's: at most {@code room} tokens in all. */
    public static int[] prompt(ByteLevelBpe bpe, String text, String cue, int room) {
        int[] t = bpe.encode(text);
        int[] c = bpe.encode(cue);
        int keep = Math.min(t.length, room - c.length);
        int[] out = new int[keep + c.length];
        System.arraycopy(t, t.length - keep, out, 0, keep);
        System.arraycopy(c, 0, out, keep, c.length);
        return out;
    }

    /**
     * Each text's label: the one whose words are most likely after the text and the cue, less the label's
     * {@code prior} (log-probabilities; zeros for none). Ties go to the first label.
     */
    public static int[] classify(Gpt2 model, NDManager manager, ByteLevelBpe bpe, List<String> texts, String cue,
                                 List<String> labelWords, double[] prior, int room) {
        List<int[]> labels = labelWords.stream().map(bpe::encode).toList();
        List<int[]> prompts = new java.util.ArrayList<>();
        List<int[]> continuations = new java.util.ArrayList<>();
        for (String text : texts) {
            int[] p = prompt(bpe, text, cue, room);
            for (int[] l : labels) {
                prompts.add(p);
                continuations.add(l);
            }
        }
        double[] ll = logLikelihood(model, manager, prompts, continuations, 40);
        int[] out = new int[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            int best = 0;
            for (int g = 1; g < labels.size(); g++) {
                if (ll[i * labels.size() + g] - prior[g] > ll[i * labels.size() + best] - prior[best]) {
                    best = g;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * Each label's log-likelihood after the cue alone ({@code <|endoftext|>} standing for "no text"): dividing by
     * it (subtracting, in logs) scores the text's pointwise mutual information with the label rather than the
     * label's plain likelihood (Holtzman et al. 2021's domain-conditional PMI).
     */
    public static double[] prior(Gpt2 model, NDManager manager, ByteLevelBpe bpe, String cue, List<String> labelWords,
                                 int room) {
        int[] cueOnly = prompt(bpe, "", cue, room);
        int[] withEot = new int[cueOnly.length + 1];
        withEot[0] = bpe.endOfText();
        System.arraycopy(cueOnly, 0, withEot, 1, cueOnly.length);
        return logLikelihood(model, manager, java.util.Collections.nCopies(labelWords.size(), withEot),
                labelWords.stream().map(bpe::encode).toList(), labelWords.size());
    }

    /** Training sequences "text cue label &lt;|endoftext|&gt;" and where each one's trained part begins. */
    public record Sequences(List<int[]> sequences, int[] promptLengths) {
    }

    /** The fine-tuning sequences for texts and their labels: only the label words and the end are trained. */
    public static Sequences withLabels(ByteLevelBpe bpe, List<String> texts, int[] labels, String cue,
                                       List<String> labelWords, int room) {
        List<int[]> seqs = new java.util.ArrayList<>();
        int[] promptLengths = new int[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            int[] p = prompt(bpe, texts.get(i), cue, room);
            int[] l = bpe.encode(labelWords.get(labels[i]));
            int[] seq = java.util.Arrays.copyOf(p, p.length + l.length + 1);
            System.arraycopy(l, 0, seq, p.length, l.length);
            seq[seq.length - 1] = bpe.endOfText();
            seqs.add(seq);
            promptLengths[i] = p.length;
        }
        return new Sequences(seqs, promptLengths);
    }
}
