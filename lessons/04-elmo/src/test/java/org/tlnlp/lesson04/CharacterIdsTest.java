package org.tlnlp.lesson04;

import org.junit.jupiter.api.Test;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson04.exercises.CharacterIds;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Graded tests of exercise 4.1 (golden ids from the published scheme, worked out by hand). */
class CharacterIdsTest {

    static int[] padded(int... head) {
        int[] out = new int[50];
        Arrays.fill(out, 261);
        System.arraycopy(head, 0, out, 0, head.length);
        return out;
    }

    @Test
    @Graded(exercise = "4.1", kind = Graded.Kind.FUNCTION, title = "character ids of a word",
            hint = "Bytes, not chars: s.getBytes(UTF_8) and b & 0xFF; at most 48 bytes between the word markers; add 1 to every id including the padding; <S> and </S> are the sentence-boundary characters.")
    void word() {
        assertArrayEquals(padded(259, 47, 260), CharacterIds.word("."), "'.' is byte 46");
        assertArrayEquals(padded(259, 71, 106, 115, 116, 117, 260), CharacterIds.word("First"), "'First'");
        assertArrayEquals(padded(259, 111, 98, 196, 176, 119, 102, 260), CharacterIds.word("naïve"),
                "'naïve': ï is the two UTF-8 bytes 0xC3 0xAF");
        assertArrayEquals(padded(259, 228, 130, 131, 260), CharacterIds.word("あ"), "'あ' is three bytes E3 81 82 (227, 129, 130), each + 1");
        int[] longWord = CharacterIds.word("y".repeat(70));
        assertEquals(50, longWord.length);
        assertEquals(259, longWord[0], "begin-of-word first");
        assertEquals('y' + 1, longWord[48], "the first 48 bytes are kept");
        assertEquals(260, longWord[49], "end-of-word last, even for a word that was cut");
        assertArrayEquals(padded(259, 257, 260), CharacterIds.word("<S>"),
                "'<S>' is the begin-of-sentence word [BEGIN_WORD, BEGIN_SENTENCE, END_WORD, PADDING...] + 1, not its bytes");
        assertArrayEquals(padded(259, 258, 260), CharacterIds.word("</S>"),
                "'</S>' is the end-of-sentence word [BEGIN_WORD, END_SENTENCE, END_WORD, PADDING...] + 1, not its bytes");
    }

    @Test
    @Graded(exercise = "4.1", kind = Graded.Kind.FUNCTION, title = "batch_to_ids on the lecture's sentences",
            hint = "Pad every sentence to the longest with rows of zeros (0 = no token), not with the padding character.")
    void batch() {
        List<List<String>> sentences = List.of(List.of("First", "sentence", ".", "custom", "service"),
                List.of("Another", "."));
        int[][][] ids = CharacterIds.batch(sentences);
        assertEquals(2, ids.length, "two sentences");
        assertEquals(5, ids[0].length, "padded to the longest sentence (5 tokens)");
        assertEquals(5, ids[1].length, "padded to the longest sentence (5 tokens)");
        assertEquals(50, ids[1][4].length, "50 ids per token");
        assertArrayEquals(padded(259, 100, 118, 116, 117, 112, 110, 260), ids[0][3], "'custom'");
        assertArrayEquals(padded(259, 66, 111, 112, 117, 105, 102, 115, 260), ids[1][0], "'Another'");
        assertArrayEquals(padded(259, 47, 260), ids[1][1], "'.'");
        for (int t = 2; t < 5; t++) {
            assertArrayEquals(new int[50], ids[1][t], "token " + t + " of the second sentence is padding: all 0");
        }
    }
}
