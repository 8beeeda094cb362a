package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link WordPieces}: spans, cutting long sentences, and the three poolings against values worked out by hand. */
class WordPiecesTest {

    @Test
    void sequencesKeepEveryWordAndCutBetweenWords() {
        // Words of 1, 2, 3 and 1 pieces between [CLS]=101 and [SEP]=102.
        List<int[]> words = List.of(new int[] {5}, new int[] {6, 7}, new int[] {8, 9, 10}, new int[] {11});
        List<WordPieces.Sequence> one = WordPieces.sequences(words, new int[] {101}, new int[] {102}, 16);
        assertEquals(1, one.size());
        assertArrayEquals(new int[] {101, 5, 6, 7, 8, 9, 10, 11, 102}, one.get(0).ids());
        assertArrayEquals(new int[] {1, 2, 4, 7}, one.get(0).wordStart());
        assertArrayEquals(new int[] {2, 4, 7, 8}, one.get(0).wordEnd());
        // Room for 4 pieces: [5 6 7] then [8 9 10 11]; no word is split.
        List<WordPieces.Sequence> cut = WordPieces.sequences(words, new int[] {101}, new int[] {102}, 6);
        assertEquals(2, cut.size());
        assertArrayEquals(new int[] {101, 5, 6, 7, 102}, cut.get(0).ids());
        assertArrayEquals(new int[] {101, 8, 9, 10, 11, 102}, cut.get(1).ids());
        assertEquals(4, cut.stream().mapToInt(WordPieces.Sequence::words).sum(), "every word keeps its row");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordPieces.sequences(words, new int[] {101}, new int[] {102}, 4));
        assertTrue(e.getMessage().contains("word 2 has 3 pieces"), e.getMessage());
    }

    @Test
    void poolingTakesTheFirstTheLastOrTheMeanPiece() {
        try (NDManager m = Engines.newManager()) {
            // Two sequences, T = 4, H = 2; hidden[b][t] = (10b + t, −(10b + t)).
            float[] h = new float[2 * 4 * 2];
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 4; t++) {
                    h[(b * 4 + t) * 2] = 10 * b + t;
                    h[(b * 4 + t) * 2 + 1] = -(10 * b + t);
                }
            }
            NDArray hidden = m.create(h, new Shape(2, 4, 2));
            // Sequence 0: words at pieces [1, 3) and [3, 4); sequence 1 (padded to 4): one word at [0, 3).
            List<WordPieces.Sequence> batch = List.of(new WordPieces.Sequence(new int[] {0, 1, 2, 3}, new int[] {1, 3}, new int[] {3, 4}),
                    new WordPieces.Sequence(new int[] {0, 1, 2}, new int[] {0}, new int[] {3}));
            assertArrayEquals(new float[] {1, -1, 3, -3, 10, -10}, WordPieces.pool(hidden, batch, WordPieces.Pooling.FIRST).toFloatArray());
            assertArrayEquals(new float[] {2, -2, 3, -3, 12, -12}, WordPieces.pool(hidden, batch, WordPieces.Pooling.LAST).toFloatArray());
            assertArrayEquals(new float[] {1.5f, -1.5f, 3, -3, 11, -11},
                    WordPieces.pool(hidden, batch, WordPieces.Pooling.MEAN).toFloatArray(), 1e-6f);
            assertArrayEquals(new long[] {0, 1, 2, 3, 0, 1, 2, 99}, WordPieces.ids(m, batch, 99).toLongArray());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 0}, WordPieces.attentionMask(m, batch).toLongArray());
        }
    }
}
