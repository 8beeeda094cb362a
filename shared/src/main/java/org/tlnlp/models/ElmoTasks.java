package org.tlnlp.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import org.tlnlp.nn.Dense;
import org.tlnlp.nn.FixedBlock;
import org.tlnlp.text.ElmoCharacters;
import org.tlnlp.text.Vocabulary;
import org.tlnlp.train.Batch;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * How ELMo is trained: a forward language model (the forward stack's top layer at position k predicts the
 * word at k + 1) and a backward one (the backward stack's top layer at k predicts the word at k − 1), both
 * through one softmax over a word vocabulary, on sentences with {@code <S>} and {@code </S>} around them.
 * The loss is the mean of the two directions' negative log-likelihoods; exp of each is its perplexity.
 */
public final class ElmoTasks {

    private ElmoTasks() {
    }

    /** The shifts of the biLM objective: which word each direction's output at each position predicts. */
    public record Targets(int[] forward, int[] backward) {
    }

    /**
     * For one sentence with its boundaries, word ids w_0 = {@code <S>}, ..., w_{n+1} = {@code </S>}: the
     * forward LM's output at k (k = 0..n) predicts w_{k+1}; the backward LM's output at k (k = 1..n+1)
     * predicts w_{k−1}. Returns the targets aligned with positions 0..n+1, −1 where a direction predicts nothing.
     */
    public static Targets shift(int[] wordIds) {
        int n = wordIds.length;
        int[] f = new int[n];
        int[] b = new int[n];
        for (int k = 0; k < n; k++) {
            f[k] = k + 1 < n ? wordIds[k + 1] : -1;
            b[k] = k > 0 ? wordIds[k - 1] : -1;
        }
        return new Targets(f, b);
    }

    /** Perplexity from a sum of negative log-likelihoods (nats) over {@code count} predicted tokens. */
    public static double perplexity(double nllSum, long count) {
        return Math.exp(nllSum / count);
    }

    /**
     * ELMo's biLM with its softmax. Inputs: character ids with boundaries (B, T + 2, 50) and the lengths
     * with boundaries (B). Outputs: forward and backward logits, (B, T + 2, V) each (every position; the
     * labels' masks say which count).
     */
    public static final class BiLanguageModel extends FixedBlock {
        final Elmo elmo;
        final Dense softmax;
        private final int sampled;
        private final Random random;

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
        public NDArray[] top(ParameterStore s, NDArray chars, NDArray lengths, boolean training) {
            List<NDArray[]> d = elmo.biLm(s, chars, lengths.toType(DataType.INT32, false).toIntArray(), training).directions();
            return d.get(d.size() - 1);
        }

        @Override
        protected NDList forwardInternal(ParameterStore s, NDList in, boolean training, PairList<String, Object> p) {
            NDArray[] top = top(s, in.get(0), in.get(1), training);
            if (training && sampled > 0 && in.size() > 3) {
                return sampledLogits(s, top, in.get(2), in.get(3));
            }
            return new NDList(softmax.forward(s, top[0], training), softmax.forward(s, top[1], training));
        }

        /**
         * Logits over a candidate set only: every target of the batch plus {@code sampled} random words; the
         * targets are re-indexed into the set (returned as the third and fourth outputs).
         */
        private NDList sampledLogits(ParameterStore s, NDArray[] top, NDArray forwardTargets, NDArray backwardTargets) {
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
            return new NDList(top[0].matMul(w.transpose()).add(bias), top[1].matMul(w.transpose()).add(bias),
                    m.create(fr, shape), m.create(br, shape));
        }
    }

    /**
     * The biLM loss: labels (forward targets, forward mask, backward targets, backward mask), each (B, T + 2);
     * predictions (forward logits, backward logits[, re-indexed targets when the softmax was sampled]).
     * The mean of the two directions' mean NLL.
     */
    public static final class BiLmLoss extends Loss {
        public BiLmLoss() {
            super("bilm");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray ft = predictions.size() > 2 ? predictions.get(2) : labels.get(0);
            NDArray bt = predictions.size() > 2 ? predictions.get(3) : labels.get(2);
            NDArray f = LanguageModeling.maskedMean(LanguageModeling.tokenNll(predictions.get(0), ft), labels.get(1));
            NDArray b = LanguageModeling.maskedMean(LanguageModeling.tokenNll(predictions.get(1), bt), labels.get(3));
            return f.add(b).div(2f);
        }
    }

    /** Word ids of {@code begin sentence end}; words outside {@code vocab} count as {@code unknown}. */
    public static int[] wordIds(List<String> sentence, Vocabulary vocab, String unknown, String begin, String end) {
        int[] w = new int[sentence.size() + 2];
        w[0] = vocab.id(begin);
        for (int i = 0; i < sentence.size(); i++) {
            w[i + 1] = vocab.contains(sentence.get(i)) ? vocab.id(sentence.get(i)) : vocab.id(unknown);
        }
        w[w.length - 1] = vocab.id(end);
        return w;
    }

    /**
     * A biLM batch from tokenised sentences: inputs (character ids with boundaries, lengths with boundaries,
     * and, for the sampled softmax, the targets again), labels (forward targets and mask, backward targets
     * and mask). Words outside {@code vocab} count as its unknown token.
     */
    public static Batch batch(NDManager m, List<List<String>> sentences, Vocabulary vocab, String unknown,
                              String begin, String end) {
        int b = sentences.size();
        int t = 0;
        for (List<String> s : sentences) {
            t = Math.max(t, s.size());
        }
        int tt = t + 2;
        int[] lengths = new int[b];
        int[] chars = ElmoCharacters.withSentenceBoundaries(ElmoCharacters.batchToIds(sentences),
                sentences.stream().mapToInt(List::size).toArray(), t);
        long[] ft = new long[b * tt];
        long[] bt = new long[b * tt];
        float[] fm = new float[b * tt];
        float[] bm = new float[b * tt];
        for (int r = 0; r < b; r++) {
            int[] words = wordIds(sentences.get(r), vocab, unknown, begin, end);
            lengths[r] = words.length;
            Targets tg = shift(words);
            for (int k = 0; k < words.length; k++) {
                if (tg.forward()[k] >= 0) {
                    ft[r * tt + k] = tg.forward()[k];
                    fm[r * tt + k] = 1f;
                }
                if (tg.backward()[k] >= 0) {
                    bt[r * tt + k] = tg.backward()[k];
                    bm[r * tt + k] = 1f;
                }
            }
        }
        Shape shape = new Shape(b, tt);
        NDArray fT = m.create(ft, shape);
        NDArray bT = m.create(bt, shape);
        NDList inputs = new NDList(m.create(chars, new Shape(b, tt, ElmoCharacters.MAX_CHARS)), m.create(lengths), fT, bT);
        NDList labels = new NDList(fT, m.create(fm, shape), bT, m.create(bm, shape));
        return new Batch(inputs, labels, b);
    }
}
