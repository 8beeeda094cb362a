package org.tlnlp.lesson04.exercises;

import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;
import org.tlnlp.text.ElmoCharacters;

import java.util.List;

/**
 * Lesson 04, exercise 4.1: ELMo's character ids, as the published model reads them. Plain Java.
 */
public final class CharacterIds {

    /** Characters per token. */
    public static final int MAX_CHARS = 50;
    /** Special characters before the shift by one. */
    public static final int BEGIN_SENTENCE = 256;
    public static final int END_SENTENCE = 257;
    public static final int BEGIN_WORD = 258;
    public static final int END_WORD = 259;
    public static final int PADDING = 260;
    /** The sentence boundary tokens as written in text. */
    public static final String BOS_TOKEN = "<S>";
    public static final String EOS_TOKEN = "</S>";

    private CharacterIds() {
    }

    /**
     * Exercise 4.1a. The 50 ids of one token:
     * <ol>
     *   <li>take the token's UTF-8 bytes (each 0..255; {@code s.getBytes(StandardCharsets.UTF_8)}, and
     *       {@code b & 0xFF} for the unsigned value), at most the first 48;</li>
     *   <li>lay out [BEGIN_WORD, bytes..., END_WORD, PADDING, PADDING, ...] to length 50;</li>
     *   <li>add 1 to every id (so that 0 can stand for "no token").</li>
     * </ol>
     * Example: "." (byte 46) → [259, 47, 260, 261, 261, ..., 261].
     *
     * <p>Two tokens are special, as in AllenNLP's {@code batch_to_ids}: {@code "<S>"} (BOS_TOKEN) is the
     * begin-of-sentence word [BEGIN_WORD, BEGIN_SENTENCE, END_WORD, PADDING, ...] and {@code "</S>"} (EOS_TOKEN)
     * the end-of-sentence word [BEGIN_WORD, END_SENTENCE, END_WORD, PADDING, ...], again + 1: the same ids the
     * model gives the sentence boundaries it adds itself, not the bytes of {@code <}, {@code S}, {@code >}.
     * Example: {@code "<S>"} → [259, 257, 260, 261, ..., 261].
     */
    @Exercise(value = "4.1", mayNotUse = ElmoCharacters.class)
    public static int[] word(String token) {
        throw new NotImplementedYet("4.1 (CharacterIds.word)");
    }

    /**
     * Exercise 4.1b. The lecture's {@code batch_to_ids}: {@code ids[b][t]} is {@link #word} of token t of
     * sentence b; every sentence is padded to the longest with rows of 50 zeros.
     *
     * @return an array of shape (sentences, longest sentence, 50)
     */
    @Exercise(value = "4.1", mayNotUse = ElmoCharacters.class)
    public static int[][][] batch(List<List<String>> sentences) {
        throw new NotImplementedYet("4.1 (CharacterIds.batch)");
    }
}
