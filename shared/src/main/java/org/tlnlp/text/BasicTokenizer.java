package org.tlnlp.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BERT's text normalisation and pre-tokenisation, as the uncased BERT tokenizer does it (and as Hugging
 * Face's {@code BertNormalizer} + {@code BertPreTokenizer} do):
 *
 * <ol>
 *   <li>clean: drop U+0000, U+FFFD and control/format/unassigned/private/surrogate characters (Unicode
 *       categories C*, except tab, newline and carriage return); turn every white-space character into a space;</li>
 *   <li>put spaces around every CJK ideograph, so each becomes a word of its own;</li>
 *   <li>strip accents: decompose (NFD) and drop the non-spacing marks (category Mn);</li>
 *   <li>lower-case, character by character;</li>
 *   <li>split on white space, and make every punctuation character (ASCII punctuation and Unicode P*) a word.</li>
 * </ol>
 * It works on code points, so it never throws on any Java string, lone surrogates included.
 */
public final class BasicTokenizer {

    private final boolean lowercase;

    public BasicTokenizer(boolean lowercase) {
        this.lowercase = lowercase;
    }

    /** The uncased tokenizer of bert-base-uncased and MiniLM. */
    public static BasicTokenizer uncased() {
        return new BasicTokenizer(true);
    }

    /** Steps 1 to 4: the normalised text. */
    public String normalize(String text) {
        StringBuilder clean = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) {
                return;
            }
            if (isWhitespace(c)) {
                clean.append(' ');
            } else if (isChineseChar(c)) {
                clean.append(' ').appendCodePoint(c).append(' ');
            } else {
                clean.appendCodePoint(c);
            }
        });
        String s = clean.toString();
        if (!lowercase) {
            return s;
        }
        // Accents are stripped whenever lower-casing is on (the uncased models' convention).
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(c -> {
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                return;
            }
            // One code point at a time, so no context-dependent rule (e.g. a final sigma) applies.
            out.append(new String(Character.toChars(c)).toLowerCase(Locale.ROOT));
        });
        return out.toString();
    }

    /** Step 5 on already normalised text: the words. */
    public static List<String> split(String normalized) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        normalized.codePoints().forEach(c -> {
            if (isWhitespace(c)) {
                flush(word, words);
            } else if (isPunctuation(c)) {
                flush(word, words);
                words.add(new String(Character.toChars(c)));
            } else {
                word.appendCodePoint(c);
            }
        });
        flush(word, words);
        return words;
    }

    /** All five steps. */
    public List<String> tokenize(String text) {
        return split(normalize(text));
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    /** Unicode's White_Space property (Java's isWhitespace leaves out no-break spaces, so it is not used). */
    public static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85
                || Character.isSpaceChar(c);
    }

    /** Categories Cc, Cf, Cn, Co and Cs, except tab, newline and carriage return. */
    public static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int t = Character.getType(c);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE || t == Character.SURROGATE;
    }

    /** ASCII punctuation (which includes symbols such as $ + < = > ^ ` | ~) and Unicode categories P*. */
    public static boolean isPunctuation(int c) {
        if (c >= 33 && c <= 47 || c >= 58 && c <= 64 || c >= 91 && c <= 96 || c >= 123 && c <= 126) {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    /** The CJK Unified Ideographs blocks (not Hangul or kana, which are written with spaces). */
    public static boolean isChineseChar(int c) {
        return c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF || c >= 0x20000 && c <= 0x2A6DF
                || c >= 0x2A700 && c <= 0x2B73F || c >= 0x2B740 && c <= 0x2B81F || c >= 0x2B820 && c <= 0x2CEAF
                || c >= 0xF900 && c <= 0xFAFF || c >= 0x2F800 && c <= 0x2FA1F;
    }
}
