package org.tlnlp.lesson05.exercises;

import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;
import org.tlnlp.text.BasicTokenizer;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.WordPiece;

import java.util.List;
import java.util.Set;

/** Lesson 05, exercises 5.1 and 5.2: BERT's tokenizer, in two steps. */
public final class Tokenization {

    private Tokenization() {
    }

    /**
     * Exercise 5.1. WordPiece on one word (no spaces in it): greedy longest match first. Take the longest
     * prefix of the word that is in the vocabulary; then, from where it ends, the longest piece that is in
     * the vocabulary written with the prefix {@code ##}; and so on to the end of the word. If at some point
     * no piece matches, or the word has more than 100 characters (code points), the whole word is
     * {@code [UNK]}.
     *
     * <p>Example with the bert-base-uncased vocabulary: "unaffable" → [una, ##ffa, ##ble]. Checked on
     * hand-made vocabularies and against the course library on Brown.
     */
    @Exercise(value = "5.1", mayNotUse = {WordPiece.class, BertTokenizer.class})
    public static List<String> wordPiece(String word, Set<String> vocabulary) {
        throw new NotImplementedYet("5.1 (Tokenization.wordPiece)");
    }

    /**
     * Exercise 5.2. The basic (uncased) tokenizer that runs before WordPiece. In order:
     * <ol>
     *   <li>drop U+0000, U+FFFD and every control character (Java's {@code Character.getType} is CONTROL,
     *       FORMAT, PRIVATE_USE or SURROGATE), except tab, newline and carriage return; unassigned code points
     *       stay (Hugging Face's tokenizer keeps them, and they become [UNK]);</li>
     *   <li>put spaces around every CJK ideograph (U+4E00–U+9FFF is enough for the tests);</li>
     *   <li>decompose (NFD, {@code java.text.Normalizer}) and drop non-spacing marks (NON_SPACING_MARK):
     *       "café" becomes "cafe";</li>
     *   <li>lower-case with {@code toLowerCase(Locale.ROOT)} (the default locale would, in Turkish, turn "I"
     *       into a dotless "ı");</li>
     *   <li>split on white space (space, tab, newline, carriage return and {@code Character.isSpaceChar}),
     *       and make every punctuation character a word of its own: ASCII !"#$%&amp;'()*+,-./:;&lt;=&gt;?@[\]^_`{|}~
     *       and Unicode's punctuation categories.</li>
     * </ol>
     * Example: "Héllo, World!" → [hello, ",", world, "!"]. It must never throw, whatever the string.
     */
    @Exercise(value = "5.2", mayNotUse = {BasicTokenizer.class, BertTokenizer.class})
    public static List<String> basicTokenize(String text) {
        throw new NotImplementedYet("5.2 (Tokenization.basicTokenize)");
    }
}
