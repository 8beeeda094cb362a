package org.tlnlp.models.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.text.ElmoCharacters;
import org.tlnlp.text.Vocabulary;
import org.tlnlp.train.Batch;

import java.util.List;

/**
 * A batch for ELMo's biLM objective: sentences with {@code <S>} and {@code </S>} around them, as character ids,
 * and what each direction predicts at each position.
 *
 * @param chars           (B, T + 2, 50) character ids, boundaries included
 * @param lengths         each sentence's length with its boundaries
 * @param forwardTargets  (B, T + 2) int64: the word after each position (the forward LM's target)
 * @param forwardMask     (B, T + 2) float: 1 where the forward LM predicts something
 * @param backwardTargets (B, T + 2) int64: the word before each position (the backward LM's target)
 * @param backwardMask    (B, T + 2) float: 1 where the backward LM predicts something
 */
public record BiLmBatch(NDArray chars, int[] lengths, NDArray forwardTargets, NDArray forwardMask,
                        NDArray backwardTargets, NDArray backwardMask) implements Batch {

    /** The word vocabulary's boundary and unknown tokens, as the lab builds it. */
    public static final String BEGIN = "<S>";
    public static final String END = "</S>";
    public static final String UNKNOWN = "<UNK>";

    @Override
    public int size() {
        return lengths.length;
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

    /** Word ids of {@code <S> sentence </S>}; words outside {@code vocab} count as {@code <UNK>}. */
    public static int[] wordIds(List<String> sentence, Vocabulary vocab) {
        int[] w = new int[sentence.size() + 2];
        w[0] = vocab.id(BEGIN);
        for (int i = 0; i < sentence.size(); i++) {
            w[i + 1] = vocab.contains(sentence.get(i)) ? vocab.id(sentence.get(i)) : vocab.id(UNKNOWN);
        }
        w[w.length - 1] = vocab.id(END);
        return w;
    }

    /**
     * The word vocabulary of the biLM's softmax: {@code <S>}, {@code </S>}, {@code <UNK>}, then the {@code size}
     * most frequent words of the sentences (ties in alphabetical order).
     */
    public static Vocabulary vocabulary(List<List<String>> sentences, int size) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        sentences.forEach(s -> s.forEach(w -> counts.merge(w, 1, Integer::sum)));
        List<String> words = new java.util.ArrayList<>(counts.keySet());
        words.sort((a, b) -> counts.get(b) - counts.get(a) != 0 ? counts.get(b) - counts.get(a) : a.compareTo(b));
        List<String> tokens = new java.util.ArrayList<>(List.of(BEGIN, END, UNKNOWN));
        tokens.addAll(words.subList(0, Math.min(size, words.size())));
        return new Vocabulary(tokens);
    }

    /** The batch of tokenised sentences; words outside {@code vocab} count as {@code <UNK>}. */
    public static BiLmBatch of(NDManager m, List<List<String>> sentences, Vocabulary vocab) {
        return of(m, sentences, vocab, ElmoCharacters::batchToIds);
    }

    /**
     * The same, with the character ids made by {@code characters} (B · T · 50 ids, rows of zeros padding the
     * shorter sentences, as {@link ElmoCharacters#batchToIds} makes them): a learner's own, with {@code --mine}.
     */
    public static BiLmBatch of(NDManager m, List<List<String>> sentences, Vocabulary vocab,
                               java.util.function.Function<List<List<String>>, int[]> characters) {
        int b = sentences.size();
        int t = 0;
        for (List<String> s : sentences) {
            t = Math.max(t, s.size());
        }
        int tt = t + 2;
        int[] lengths = new int[b];
        int[] chars = ElmoCharacters.withSentenceBoundaries(characters.apply(sentences),
                sentences.stream().mapToInt(List::size).toArray(), t);
        long[] ft = new long[b * tt];
        long[] bt = new long[b * tt];
        float[] fm = new float[b * tt];
        float[] bm = new float[b * tt];
        for (int r = 0; r < b; r++) {
            int[] words = wordIds(sentences.get(r), vocab);
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
        return new BiLmBatch(m.create(chars, new Shape(b, tt, ElmoCharacters.MAX_CHARS)), lengths, m.create(ft, shape),
                m.create(fm, shape), m.create(bt, shape), m.create(bm, shape));
    }
}
