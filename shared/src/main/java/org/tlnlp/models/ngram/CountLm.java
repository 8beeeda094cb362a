package org.tlnlp.models.ngram;

import java.util.HashMap;
import java.util.Map;

/**
 * The baselines a neural language model must beat: counts. The unigram model predicts every token by its
 * frequency (add-one smoothed); the bigram model by the token before it, interpolated with the unigram
 * model so that unseen pairs keep some probability: {@code p(b | a) = λ c(a, b) / c(a) + (1 − λ) p(b)}.
 */
public final class CountLm {

    private final int vocab;
    private final long[] unigram;
    private final long total;
    private final Map<Long, Integer> bigram = new HashMap<>();
    private final long[] asContext;

    private CountLm(int vocab, long[] unigram, long total, long[] asContext) {
        this.vocab = vocab;
        this.unigram = unigram;
        this.total = total;
        this.asContext = asContext;
    }

    /** Counts the tokens and adjacent pairs of each sequence (pairs never cross from one sequence to the next). */
    public static CountLm fit(Iterable<int[]> sequences, int vocab) {
        long[] uni = new long[vocab];
        long[] ctx = new long[vocab];
        long total = 0;
        Map<Long, Integer> pairs = new HashMap<>();
        for (int[] s : sequences) {
            for (int i = 0; i < s.length; i++) {
                uni[s[i]]++;
                total++;
                if (i + 1 < s.length) {
                    ctx[s[i]]++;
                    pairs.merge(key(s[i], s[i + 1]), 1, Integer::sum);
                }
            }
        }
        CountLm lm = new CountLm(vocab, uni, total, ctx);
        lm.bigram.putAll(pairs);
        return lm;
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    /** log p(b), add-one smoothed. */
    public double unigramLogProb(int b) {
        return Math.log((unigram[b] + 1.0) / (total + vocab));
    }

    /** log p(b | a) with interpolation weight λ (λ = 0 is the unigram model). */
    public double bigramLogProb(int a, int b, double lambda) {
        double pUni = Math.exp(unigramLogProb(b));
        double pBi = asContext[a] == 0 ? 0 : bigram.getOrDefault(key(a, b), 0) / (double) asContext[a];
        return Math.log(lambda * pBi + (1 - lambda) * pUni);
    }

    /** The mean negative log-likelihood (nats per token) of predicting next[i] after previous[i]. */
    public double meanNll(int[] previous, int[] next, double lambda) {
        double sum = 0;
        for (int i = 0; i < next.length; i++) {
            sum -= lambda == 0 ? unigramLogProb(next[i]) : bigramLogProb(previous[i], next[i], lambda);
        }
        return sum / next.length;
    }

    /** The λ in {0.1, 0.2, ..., 0.95} with the lowest mean NLL on the given pairs (the baseline at its best). */
    public double bestLambda(int[] previous, int[] next) {
        double best = 0.5;
        double bestNll = Double.MAX_VALUE;
        for (double l : new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
            double nll = meanNll(previous, next, l);
            if (nll < bestNll) {
                bestNll = nll;
                best = l;
            }
        }
        return best;
    }

    public int vocab() {
        return vocab;
    }

    /** Every (token, next token) pair within each sequence: {previous tokens, next tokens}. */
    public static int[][] pairs(java.util.List<int[]> sequences) {
        int n = sequences.stream().mapToInt(w -> Math.max(0, w.length - 1)).sum();
        int[] prev = new int[n];
        int[] next = new int[n];
        int k = 0;
        for (int[] w : sequences) {
            for (int j = 0; j + 1 < w.length; j++) {
                prev[k] = w[j];
                next[k++] = w[j + 1];
            }
        }
        return new int[][] {prev, next};
    }
}
