package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.Rng;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Encoding;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link WordPieces} on MiniLM's vocabulary, and {@link BertFeatures} against one-sentence forward passes. */
class WordPiecesTest {

    static final BertTokenizer TOKENIZER = MiniLM.tokenizer();

    @Test
    void eachWordStartsAtItsFirstPiece() {
        List<String> words = List.of("The", "unaffable", "\u0007", "tokenizer", ".");
        WordPieces.Aligned a = WordPieces.encode(TOKENIZER, words, 64);
        List<String> tokens = a.encoding().tokens();
        assertEquals("[CLS]", tokens.get(0));
        assertEquals("[SEP]", tokens.get(tokens.size() - 1));
        assertEquals(TOKENIZER.tokenize("The unaffable tokenizer."), tokens.subList(1, tokens.size() - 1),
                "the same pieces as tokenizing the text");
        int[] first = a.firstPiece();
        assertEquals(1, first[0]);
        assertEquals(2, first[1]);
        assertEquals(-1, first[2], "a control character has no piece");
        assertEquals(2 + TOKENIZER.tokenize("unaffable").size(), first[3]);
        int[] labels = a.positionLabels(new int[] {10, 11, 12, 13, 14}, -1);
        assertEquals(11, labels[2]);
        assertEquals(-1, labels[3], "a later piece of a word has no label");
        assertArrayEquals(a.positions(), java.util.Arrays.stream(first).filter(p -> p >= 0).toArray());
        WordPieces.Aligned cut = WordPieces.encode(TOKENIZER, words, 4);
        assertEquals(3, cut.encoding().length(), "in 4 pieces 'unaffable' (3 pieces) does not fit after [CLS] The: "
                + "[CLS] The [SEP]");
        assertArrayEquals(new int[] {1, -1, -1, -1, -1}, cut.firstPiece(), "the word that does not fit, and all after it, are cut");
    }

    @Test
    void featuresAreThoseOfEachSentenceAlone() {
        try (NDManager m = Engines.newManager()) {
            new Rng(3).seedEngine();
            Bert bert = Bert.create(new BertConfig(TOKENIZER.vocabulary().size(), 16, 1, 2, 32, 64, 2, 1e-12f, 0f), m);
            List<Encoding> e = List.of(TOKENIZER.encode("a much longer sentence than the other one"), TOKENIZER.encode("short"),
                    TOKENIZER.encode("middle length here"));
            int pad = TOKENIZER.id(BertTokenizer.PAD);
            float[][] pooled = BertFeatures.meanPooled(m, bert, e, pad, 2);
            float[][] at = BertFeatures.atPositions(m, bert, e, List.of(new int[] {1, 3}, new int[] {0}, new int[0]), pad, 2);
            ParameterStore s = new ParameterStore(m, false);
            for (int i = 0; i < e.size(); i++) {
                NDArray h = bert.forward(s, BertInput.of(m, List.of(e.get(i)), pad), false, false).lastHidden();
                assertArrayEquals(h.mean(new int[] {1}).toFloatArray(), pooled[i], 1e-4f, "sentence " + i + ", padded in a batch");
            }
            NDArray h0 = bert.forward(s, BertInput.of(m, List.of(e.get(0)), pad), false, false).lastHidden();
            assertArrayEquals(h0.get("0, 1:4:2, :").toFloatArray(), at[0], 1e-4f, "positions 1 and 3 of sentence 0");
            assertEquals(16, at[1].length);
            assertEquals(0, at[2].length);
        }
    }
}
