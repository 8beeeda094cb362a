package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * From a model's word pieces back to words. A WordPiece or BPE model sees "unaffordable" as several pieces and
 * returns one vector per piece; the analyses want one vector per word of the sample, so each word's pieces are
 * pooled into one row.
 *
 * <p><b>How ({@link Pooling}).</b> {@code FIRST}, the vector of the word's first piece, is what BERT tags words
 * with (Devlin et al. 2019, section 5.3) and what the course uses for BERT-style (bidirectional) models: that piece
 * sees the whole sentence, so it can stand for the word. {@code LAST} is the choice for a left-to-right model
 * (GPT-2): only the last piece has read the whole word, and it is the one that predicts what follows the word.
 * {@code MEAN} averages the pieces. For the frequent words the mutual-information analyses select ("the", "of",
 * ",") the three agree, since those are single pieces in every course vocabulary.
 *
 * <p>Pooling is one matrix product on the engine: a (words, B·T) matrix whose row w holds 1 at the chosen piece
 * (or 1/k at each of the word's k pieces) times the (B·T, H) hidden states.
 */
public final class WordPieces {

    /** Which pieces of a word make its vector. */
    public enum Pooling {
        /** The first piece (BERT's choice for tagging; the course's for bidirectional models). */
        FIRST,
        /** The last piece (the course's choice for left-to-right models: it has read the whole word). */
        LAST,
        /** The mean of the word's pieces. */
        MEAN
    }

    /**
     * One input sequence: its piece ids (special tokens included) and, for each of its words, the span
     * [wordStart, wordEnd) of that word's pieces.
     */
    public record Sequence(int[] ids, int[] wordStart, int[] wordEnd) {

        public int words() {
            return wordStart.length;
        }

        public int length() {
            return ids.length;
        }
    }

    private WordPieces() {
    }

    /**
     * A sentence as model inputs: its words' pieces between {@code prefix} and {@code suffix} (e.g. [CLS] and
     * [SEP]), cut into consecutive sequences of at most {@code maxLength} pieces when it does not fit (words are
     * never split across two sequences; later sequences do not see the earlier words). Every word gets a row.
     */
    public static List<Sequence> sequences(List<int[]> wordPieces, int[] prefix, int[] suffix, int maxLength) {
        int room = maxLength - prefix.length - suffix.length;
        List<Sequence> out = new ArrayList<>();
        int w = 0;
        while (w < wordPieces.size()) {
            List<Integer> ids = new ArrayList<>();
            for (int p : prefix) {
                ids.add(p);
            }
            List<int[]> spans = new ArrayList<>();
            int used = 0;
            while (w < wordPieces.size()) {
                int[] pieces = wordPieces.get(w);
                if (pieces.length == 0) {
                    throw new IllegalArgumentException("word " + w + " has no pieces");
                }
                if (used + pieces.length > room) {
                    if (used == 0) {
                        throw new IllegalArgumentException("word " + w + " has " + pieces.length + " pieces, more than the "
                                + room + " a sequence of " + maxLength + " holds");
                    }
                    break;
                }
                spans.add(new int[] {ids.size(), ids.size() + pieces.length});
                for (int p : pieces) {
                    ids.add(p);
                }
                used += pieces.length;
                w++;
            }
            for (int p : suffix) {
                ids.add(p);
            }
            out.add(new Sequence(ids.stream().mapToInt(Integer::intValue).toArray(),
                    spans.stream().mapToInt(s -> s[0]).toArray(), spans.stream().mapToInt(s -> s[1]).toArray()));
        }
        return out;
    }

    /** The sequences' ids, (B, T) int64, right-padded with {@code pad} to the longest. */
    public static NDArray ids(NDManager manager, List<Sequence> batch, int pad) {
        int t = longest(batch);
        long[] ids = new long[batch.size() * t];
        Arrays.fill(ids, pad);
        for (int b = 0; b < batch.size(); b++) {
            int[] s = batch.get(b).ids();
            for (int j = 0; j < s.length; j++) {
                ids[b * t + j] = s[j];
            }
        }
        return manager.create(ids, new Shape(batch.size(), t));
    }

    /** 1 at real pieces, 0 at padding: (B, T) int64. */
    public static NDArray attentionMask(NDManager manager, List<Sequence> batch) {
        int t = longest(batch);
        long[] mask = new long[batch.size() * t];
        for (int b = 0; b < batch.size(); b++) {
            Arrays.fill(mask, b * t, b * t + batch.get(b).length(), 1L);
        }
        return manager.create(mask, new Shape(batch.size(), t));
    }

    /**
     * One row per word of the batch, in order (sequence after sequence, word after word): the word's pieces of
     * {@code hidden} (B, T, H) pooled as {@code pooling} says. Returns (words, H) on hidden's manager.
     */
    public static NDArray pool(NDArray hidden, List<Sequence> batch, Pooling pooling) {
        Shape s = hidden.getShape();
        if (s.dimension() != 3 || s.get(0) != batch.size()) {
            throw new IllegalArgumentException("expected hidden states (" + batch.size() + ", T, H), got " + s);
        }
        int t = (int) s.get(1);
        int words = batch.stream().mapToInt(Sequence::words).sum();
        float[] weights = new float[words * batch.size() * t];
        int row = 0;
        for (int b = 0; b < batch.size(); b++) {
            Sequence q = batch.get(b);
            if (q.length() > t) {
                throw new IllegalArgumentException("sequence " + b + " has " + q.length() + " pieces, hidden states only " + t);
            }
            for (int w = 0; w < q.words(); w++, row++) {
                int a = q.wordStart()[w];
                int e = q.wordEnd()[w];
                int base = row * batch.size() * t + b * t;
                switch (pooling) {
                    case FIRST -> weights[base + a] = 1f;
                    case LAST -> weights[base + e - 1] = 1f;
                    case MEAN -> {
                        for (int j = a; j < e; j++) {
                            weights[base + j] = 1f / (e - a);
                        }
                    }
                }
            }
        }
        NDArray matrix = hidden.getManager().create(weights, new Shape(words, (long) batch.size() * t));
        NDArray flat = hidden.reshape(batch.size() * (long) t, s.get(2));
        return matrix.matMul(flat.toType(matrix.getDataType(), false));
    }

    private static int longest(List<Sequence> batch) {
        return batch.stream().mapToInt(Sequence::length).max().orElse(0);
    }
}
