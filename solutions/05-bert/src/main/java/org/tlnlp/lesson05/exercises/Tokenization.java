package org.tlnlp.lesson05.exercises;

import org.tlnlp.grading.Exercise;
import org.tlnlp.text.BasicTokenizer;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.WordPiece;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        int[] cps = word.codePoints().toArray();
        if (cps.length > 100) {
            return List.of("[UNK]");
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            int end = cps.length;
            String piece = null;
            for (; end > start; end--) {
                String candidate = (start == 0 ? "" : "##") + new String(cps, start, end - start);
                if (vocabulary.contains(candidate)) {
                    piece = candidate;
                    break;
                }
            }
            if (piece == null) {
                return List.of("[UNK]");
            }
            pieces.add(piece);
            start = end;
        }
        return pieces;
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
        StringBuilder cleaned = new StringBuilder();
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean control = c != '\t' && c != '\n' && c != '\r' && (type == Character.CONTROL
                    || type == Character.FORMAT || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE);
            if (c == 0 || c == 0xFFFD || control) {
                return;
            }
            if (c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF || c >= 0xF900 && c <= 0xFAFF
                    || c >= 0x20000 && c <= 0x2FA1F) {
                cleaned.append(' ').appendCodePoint(c).append(' ');
            } else {
                cleaned.appendCodePoint(c);
            }
        });
        StringBuilder lower = new StringBuilder();
        Normalizer.normalize(cleaned, Normalizer.Form.NFD).codePoints().forEach(c -> {
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                lower.append(new String(Character.toChars(c)).toLowerCase(Locale.ROOT));
            }
        });
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        lower.codePoints().forEach(c -> {
            boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85
                    || Character.isSpaceChar(c);
            int t = Character.getType(c);
            boolean punct = c >= 33 && c <= 47 || c >= 58 && c <= 64 || c >= 91 && c <= 96 || c >= 123 && c <= 126
                    || t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                    || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                    || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                    || t == Character.OTHER_PUNCTUATION;
            if (space || punct) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                if (punct) {
                    words.add(new String(Character.toChars(c)));
                }
            } else {
                word.appendCodePoint(c);
            }
        });
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }
}
