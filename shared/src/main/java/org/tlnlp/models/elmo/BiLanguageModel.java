package org.tlnlp.models.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.models.LanguageModeling;
import org.tlnlp.models.ngram.CountLm;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.nn.ParameterMap;
import org.tlnlp.text.Vocabulary;
import org.tlnlp.train.Objective;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * How ELMo is trained: a forward language model (the forward stack's top layer at position k predicts the
 * word at k + 1) and a backward one (the backward stack's top layer at k predicts the word at k − 1), both
 * through one softmax over a word vocabulary, on sentences with {@code <S>} and {@code </S>} around them.
 * The loss is the mean of the two directions' negative log-likelihoods; exp of each is its perplexity.
 * For large vocabularies the softmax can be sampled while training.
 */
public final class BiLanguageModel extends FixedBlock implements Objective<BiLmBatch> {

    final Elmo elmo;
    final Dense softmax;
    private final int sampled;
    private final Random random;

    /** Logits of both directions, and the targets they are to be read against. */
    public record Output(NDArray forwardLogits, NDArray backwardLogits, NDArray forwardTargets, NDArray backwardTargets) {
    }

    /**
     * @param sampled 0 for the full softmax; otherwise, when training, a sampled softmax over the batch's
     *                targets plus this many words drawn uniformly (for large vocabularies)
     */
    public BiLanguageModel(Elmo elmo, int vocab, int sampled, long seed) {
        this.elmo = addChildBlock("elmo", elmo);
        softmax = addChildBlock("softmax", new Dense(elmo.options().projectionDim(), vocab, 0.02f));
        this.sampled = sampled;
        this.random = new Random(seed);
    }

    public Elmo elmo() {
        return elmo;
    }

    /** The two directions' top-layer outputs (B, T + 2, proj) each. */
    public NDArray[] top(ParameterStore s, NDArray chars, int[] lengths, boolean training) {
        List<NDArray[]> d = elmo.biLm(s, chars, lengths, training).directions();
        return d.get(d.size() - 1);
    }

    /**
     * Both directions' logits (B, T + 2, V) at every position (the batch's masks say which count); when
     * training with a sampled softmax, logits over the candidate set only, with the targets re-indexed into it.
     */
    public Output forward(ParameterStore s, BiLmBatch batch, boolean training) {
        NDArray[] top = top(s, batch.chars(), batch.lengths(), training);
        if (training && sampled > 0) {
            return sampledLogits(s, top, batch.forwardTargets(), batch.backwardTargets());
        }
        return new Output(softmax.forward(s, top[0], training), softmax.forward(s, top[1], training),
                batch.forwardTargets(), batch.backwardTargets());
    }

    /** The mean of the two directions' mean NLL. */
    @Override
    public NDArray loss(ParameterStore s, BiLmBatch batch, boolean training) {
        Output o = forward(s, batch, training);
        NDArray f = LanguageModeling.maskedMean(LanguageModeling.tokenNll(o.forwardLogits(), o.forwardTargets()),
                batch.forwardMask());
        NDArray b = LanguageModeling.maskedMean(LanguageModeling.tokenNll(o.backwardLogits(), o.backwardTargets()),
                batch.backwardMask());
        return f.add(b).div(2f);
    }

    /**
     * Logits over a candidate set only: every target of the batch plus {@code sampled} random words; the
     * targets are re-indexed into the set.
     */
    private Output sampledLogits(ParameterStore s, NDArray[] top, NDArray forwardTargets, NDArray backwardTargets) {
        int vocab = (int) softmax.weight.getArray().getShape().get(0);
        int[] f = forwardTargets.toType(DataType.INT32, false).toIntArray();
        int[] bw = backwardTargets.toType(DataType.INT32, false).toIntArray();
        TreeSet<Integer> set = new TreeSet<>();
        for (int x : f) {
            set.add(x);
        }
        for (int x : bw) {
            set.add(x);
        }
        for (int i = 0; i < sampled; i++) {
            set.add(random.nextInt(vocab));
        }
        int[] cands = set.stream().mapToInt(Integer::intValue).toArray();
        int[] where = new int[vocab];
        for (int i = 0; i < cands.length; i++) {
            where[cands[i]] = i;
        }
        NDManager m = top[0].getManager();
        NDArray idx = m.create(cands).toType(DataType.INT64, false);
        NDArray w = Embedding.embedding(idx, s.getValue(softmax.weight, idx.getDevice(), true), SparseFormat.DENSE)
                .singletonOrThrow();
        NDArray bias = Embedding.embedding(idx, s.getValue(softmax.bias, idx.getDevice(), true).reshape(vocab, 1),
                SparseFormat.DENSE).singletonOrThrow().reshape(cands.length);
        int[] fr = new int[f.length];
        int[] br = new int[bw.length];
        for (int i = 0; i < f.length; i++) {
            fr[i] = where[f[i]];
            br[i] = where[bw[i]];
        }
        Shape shape = forwardTargets.getShape();
        return new Output(top[0].matMul(w.transpose()).add(bias), top[1].matMul(w.transpose()).add(bias),
                m.create(fr, shape), m.create(br, shape));
    }

    /** Held-out perplexity of each direction. */
    public record Perplexity(double forward, double backward) {
    }

    /** Forward and backward perplexity on held-out sentences, in batches of {@code batch}. */
    public Perplexity perplexity(NDManager manager, List<List<String>> held, Vocabulary vocab, int batch) {
        try (NoGradient ignored = NoGradient.open()) {
            double f = 0;
            double b = 0;
            long nf = 0;
            long nb = 0;
            ParameterStore s = new ParameterStore(manager, false);
            for (int from = 0; from < held.size(); from += batch) {
                try (NDManager scope = manager.newSubManager()) {
                    BiLmBatch x = BiLmBatch.of(scope, held.subList(from, Math.min(held.size(), from + batch)), vocab);
                    Output out = forward(s, x, false);
                    f += LanguageModeling.tokenNll(out.forwardLogits(), x.forwardTargets()).mul(x.forwardMask()).sum().getFloat();
                    b += LanguageModeling.tokenNll(out.backwardLogits(), x.backwardTargets()).mul(x.backwardMask()).sum().getFloat();
                    nf += (long) x.forwardMask().sum().getFloat();
                    nb += (long) x.backwardMask().sum().getFloat();
                }
            }
            return new Perplexity(perplexity(f, nf), perplexity(b, nb));
        }
    }

    /**
     * The unigram model's perplexity on the biLM's own held-out targets: each word and {@code </S>} (forward),
     * {@code <S>} and each word (backward), from training counts.
     */
    public static double unigramPerplexity(List<List<String>> train, List<List<String>> held, Vocabulary vocab) {
        CountLm counts = CountLm.fit(train.stream().map(x -> BiLmBatch.wordIds(x, vocab)).toList(), vocab.size());
        double nll = 0;
        long n = 0;
        for (List<String> x : held) {
            int[] w = BiLmBatch.wordIds(x, vocab);
            for (int k = 1; k < w.length; k++) {
                nll -= counts.unigramLogProb(w[k]) + counts.unigramLogProb(w[k - 1]);
                n += 2;
            }
        }
        return Math.exp(nll / n);
    }

    /** Perplexity from a sum of negative log-likelihoods (nats) over {@code count} predicted tokens. */
    public static double perplexity(double nllSum, long count) {
        return Math.exp(nllSum / count);
    }

    @Override
    protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
        throw new UnsupportedOperationException("call forward(store, BiLmBatch, training)");
    }

    /** ELMo's names, then the softmax's as bilm-tf's training checkpoint names it ({@code softmax/W}, {@code softmax/b}). */
    @Override
    public ParameterMap namedParameters() {
        return elmo.namedParameters().put("softmax/W", softmax.weight).put("softmax/b", softmax.bias);
    }

    @Override
    public int depthOf(String name) {
        return name.startsWith("softmax/") ? elmo.options().layers() + 1 : elmo.depthOf(name);
    }
}
