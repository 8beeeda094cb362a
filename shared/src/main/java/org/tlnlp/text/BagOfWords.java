package org.tlnlp.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bag-of-words features: a vocabulary of the most frequent words of some texts, and tf-idf vectors
 * ({@code log(1 + tf) · idf}, scaled to unit length) over it. Words outside the vocabulary are dropped.
 */
public final class BagOfWords {

    private final List<String> vocabulary;
    private final Map<String, Integer> index = new HashMap<>();
    private final float[] idf;

    private BagOfWords(List<String> vocabulary, float[] idf) {
        this.vocabulary = List.copyOf(vocabulary);
        for (int i = 0; i < vocabulary.size(); i++) {
            index.put(vocabulary.get(i), i);
        }
        this.idf = idf;
    }

    /**
     * The {@code size} words in the most texts (ties broken alphabetically), with idf
     * {@code log((1 + n) / (1 + df)) + 1} computed on the same texts.
     */
    public static BagOfWords fit(Collection<? extends List<String>> texts, int size) {
        Map<String, Integer> df = new HashMap<>();
        for (List<String> t : texts) {
            for (String w : new java.util.HashSet<>(t)) {
                df.merge(w, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(df.entrySet());
        entries.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                : Integer.compare(b.getValue(), a.getValue()));
        List<String> vocab = new ArrayList<>();
        float[] idf = new float[Math.min(size, entries.size())];
        for (int i = 0; i < idf.length; i++) {
            vocab.add(entries.get(i).getKey());
            idf[i] = (float) (Math.log((1.0 + texts.size()) / (1.0 + entries.get(i).getValue())) + 1.0);
        }
        return new BagOfWords(vocab, idf);
    }

    public List<String> vocabulary() {
        return vocabulary;
    }

    public int size() {
        return vocabulary.size();
    }

    /** The unit-length tf-idf vector of one text. */
    public float[] vector(List<String> words) {
        float[] v = new float[vocabulary.size()];
        for (String w : words) {
            Integer i = index.get(w);
            if (i != null) {
                v[i]++;
            }
        }
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 0) {
                v[i] = (float) (Math.log1p(v[i]) * idf[i]);
                norm += v[i] * v[i];
            }
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    /** The vectors of many texts, one row each. */
    public float[][] matrix(List<? extends List<String>> texts) {
        float[][] m = new float[texts.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(texts.get(i));
        }
        return m;
    }
}
