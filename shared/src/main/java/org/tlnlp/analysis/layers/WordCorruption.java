package org.tlnlp.analysis.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The input a masked language model is trained on, made from sample sentences, for the second experiment of Voita,
 * Sennrich and Titov (2019): "we form data for MLM as in training, masking or replacing a fraction of tokens. Then we
 * pick only the examples where input and output are different" (the authors' post on the paper). There the output
 * label is the original word and the input is what the model was shown instead.
 *
 * <p>As BERT's training does (Devlin et al. 2019): each word is chosen with probability {@code rate} (15%); a chosen
 * word becomes the mask (every one of its pieces a mask piece) 80% of the time, another word 10% of the time, and
 * stays itself 10% of the time; only the first two kinds are kept, since there input and output differ. Two
 * choices are ours: whole words are corrupted (the analyses are per word; BERT-base was trained with single
 * pieces masked, which for the frequent words analysed is the same thing), and a replacement word is drawn uniformly
 * from the sample's word types (BERT draws a word piece from its vocabulary). Several {@code passes} with
 * different draws give each word several chances to be corrupted, so enough occurrences of frequent words are
 * corrupted to estimate the mutual information.
 */
public final class WordCorruption {

    /** What the model is shown in place of a word: nothing different (null), the mask, or another word. */
    public record Replacement(boolean mask, String word) {
        public static final Replacement MASK = new Replacement(true, null);
    }

    /** One pass's corrupted sentence: the replacement of each word (null where the word is shown as it is). */
    public record Sentence(int index, List<Replacement> replacements) {
    }

    private final double rate;
    private final int passes;
    private final long seed;

    /**
     * @param rate   the chance that a word is chosen (BERT: 0.15)
     * @param passes how many independently corrupted copies of the sample are read
     * @param seed   the draws' seed
     */
    public WordCorruption(double rate, int passes, long seed) {
        if (!(rate > 0 && rate <= 1) || passes < 1) {
            throw new IllegalArgumentException("expected 0 < rate <= 1 and passes >= 1, got " + rate + " and " + passes);
        }
        this.rate = rate;
        this.passes = passes;
        this.seed = seed;
    }

    /** BERT's 15%, with the given number of passes. */
    public static WordCorruption bert(int passes, long seed) {
        return new WordCorruption(0.15, passes, seed);
    }

    public int passes() {
        return passes;
    }

    /**
     * Every pass's corrupted sentences that have at least one word whose input differs from its output, in order
     * (pass after pass, sentence after sentence). The same seed gives the same corruption for every model.
     */
    public List<Sentence> corrupt(BrownSample sample) {
        Random r = new Random(seed);
        List<Sentence> out = new ArrayList<>();
        int types = sample.typeCount();
        int[] typeOf = sample.types();
        for (int p = 0; p < passes; p++) {
            for (int s = 0; s < sample.sentences().size(); s++) {
                List<String> words = sample.sentences().get(s).words();
                List<Replacement> rep = new ArrayList<>();
                boolean any = false;
                for (int w = 0; w < words.size(); w++) {
                    Replacement x = null;
                    if (r.nextDouble() < rate) {
                        double u = r.nextDouble();
                        if (u < 0.8) {
                            x = Replacement.MASK;
                        } else if (u < 0.9) {
                            int t = r.nextInt(types);
                            // A replacement that happens to be the same word is no corruption.
                            x = t == typeOf[sample.start(s) + w] ? null : new Replacement(false, sample.typeName(t));
                        }
                    }
                    rep.add(x);
                    any |= x != null;
                }
                if (any) {
                    out.add(new Sentence(s, rep));
                }
            }
        }
        return out;
    }
}
