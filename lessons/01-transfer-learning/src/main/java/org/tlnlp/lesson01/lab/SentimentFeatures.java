package org.tlnlp.lesson01.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.engine.Rng;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.ClassificationBatches;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.nn.HostArrays;
import org.tlnlp.text.BasicTokenizer;
import org.tlnlp.text.BagOfWords;
import org.tlnlp.text.ByteLevelBpe;
import org.tlnlp.text.Encoding;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Part 4's fixed features of a sentence: a BERT's or a GPT-2's mean-pooled last hidden states (frozen), or a
 * bag of words. Sentences are encoded shortest first, so that a batch pads little, and returned in their own order.
 */
final class SentimentFeatures {

    private SentimentFeatures() {
    }

    /** The mean of a BERT's last hidden states over each sentence's word pieces (MiniLM's own pooling). */
    static float[][] bert(Bert bert, NDManager m, List<Encoding> sentences, int padId, int batch) {
        int[] order = byLength(sentences.stream().mapToInt(e -> e.ids().length).toArray());
        List<Encoding> sorted = Arrays.stream(order).mapToObj(sentences::get).toList();
        BertClassifier pooled = new BertClassifier(bert, 2, BertClassifier.Pooling.MEAN);
        float[][] f = pooled.features(m, new ClassificationBatches(sorted, new int[sorted.size()], batch, padId,
                new Rng(0)), batch);
        return unsort(f, order);
    }

    /** The mean of a GPT-2's last hidden states (before its final LayerNorm) over each sentence's BPE tokens. */
    static float[][] gpt2(Gpt2 gpt, NDManager m, ByteLevelBpe bpe, List<String> sentences, int batch) {
        int context = gpt.config().context();
        List<int[]> ids = sentences.stream().map(t -> {
            int[] e = bpe.encode(t);
            return e.length == 0 ? new int[] {bpe.endOfText()} : Arrays.copyOf(e, Math.min(e.length, context));
        }).toList();
        int[] order = byLength(ids.stream().mapToInt(a -> a.length).toArray());
        float[][] out = new float[ids.size()][];
        ParameterStore store = new ParameterStore(m, false);
        try (NoGradient ignored = NoGradient.open()) {
            fill(gpt, store, m, bpe, ids, order, batch, out);
        }
        return out;
    }

    private static void fill(Gpt2 gpt, ParameterStore store, NDManager m, ByteLevelBpe bpe, List<int[]> ids, int[] order,
                             int batch, float[][] out) {
        for (int from = 0; from < order.length; from += batch) {
            int to = Math.min(order.length, from + batch);
            int t = ids.get(order[to - 1]).length; // the longest of the batch: they are sorted
            int[] flat = new int[(to - from) * t];
            float[] mask = new float[(to - from) * t];
            Arrays.fill(flat, bpe.endOfText());
            for (int i = from; i < to; i++) {
                int[] e = ids.get(order[i]);
                System.arraycopy(e, 0, flat, (i - from) * t, e.length);
                Arrays.fill(mask, (i - from) * t, (i - from) * t + e.length, 1f);
            }
            try (NDManager scope = m.newSubManager()) {
                Shape shape = new Shape(to - from, t);
                Gpt2.Output o = gpt.forward(store, scope.create(flat, shape), null, false, true);
                NDArray last = o.hiddenStates().get(o.hiddenStates().size() - 1);
                float[][] rows = HostArrays.rows(BertClassifier.meanPool(last, scope.create(mask, shape)));
                for (int i = from; i < to; i++) {
                    out[order[i]] = rows[i - from];
                }
            }
        }
    }

    /** Unit-length tf-idf vectors over the {@code size} words found in the most of {@code vocabularyFrom}. */
    static float[][][] bagOfWords(List<String> vocabularyFrom, List<List<String>> sets, int size) {
        BasicTokenizer tokenizer = BasicTokenizer.uncased();
        BagOfWords bow = BagOfWords.fit(vocabularyFrom.stream().map(tokenizer::tokenize).toList(), size);
        return sets.stream().map(set -> bow.matrix(set.stream().map(tokenizer::tokenize).toList()))
                .toArray(float[][][]::new);
    }

    /**
     * Each column standardised with the mean and standard deviation of {@code reference} (unlabelled training
     * sentences), applied to every matrix given, so that every frozen encoder meets its classifier on one scale.
     */
    static void standardize(float[][] reference, float[][]... all) {
        int d = reference[0].length;
        double[] mean = new double[d];
        double[] var = new double[d];
        for (float[] r : reference) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / (double) reference.length;
            }
        }
        for (float[] r : reference) {
            for (int j = 0; j < d; j++) {
                var[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / reference.length;
            }
        }
        for (float[][] m : all) {
            for (float[] r : m) {
                for (int j = 0; j < d; j++) {
                    r[j] = (float) ((r[j] - mean[j]) / Math.sqrt(var[j] + 1e-8));
                }
            }
        }
    }

    /** Indices ordered by length (stable). */
    private static int[] byLength(int[] lengths) {
        return IntStream.range(0, lengths.length).boxed().sorted(Comparator.comparingInt(i -> lengths[i]))
                .mapToInt(Integer::intValue).toArray();
    }

    private static float[][] unsort(float[][] sorted, int[] order) {
        float[][] out = new float[sorted.length][];
        for (int i = 0; i < order.length; i++) {
            out[order[i]] = sorted[i];
        }
        return out;
    }
}
