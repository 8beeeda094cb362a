package org.tlnlp.text;

import java.util.ArrayList;
import java.util.List;

/**
 * BERT's text normalisation and pre-tokenisation, exactly as Hugging Face's {@code BertNormalizer} and
 * {@code BertPreTokenizer} do them (and as the original BERT tokenizer did, up to Unicode versions):
 *
 * <ol>
 *   <li>clean text: drop U+0000, U+FFFD and control characters (tab, newline and carriage return excepted),
 *       and turn every white-space character into a space;</li>
 *   <li>handle Chinese characters: put spaces around every CJK ideograph, so each becomes a word of its own;</li>
 *   <li>strip accents: decompose (NFD, with its canonical reordering of combining marks) and drop the
 *       non-spacing marks (category Mn);</li>
 *   <li>lower-case, one code point at a time (so no context-dependent rule, such as a final sigma, applies);</li>
 *   <li>split on white space, and make every punctuation character (ASCII punctuation, symbols such as
 *       {@code $ + < = > ^ ` | ~} included, and Unicode P*) a word of its own.</li>
 * </ol>
 * Steps 1 to 4 are each switched on or off as a {@code tokenizer.json}'s {@code BertNormalizer} says; the
 * uncased models have them all on.
 *
 * <p>Which character is a control, a space, a mark or punctuation, and how it decomposes or lower-cases, comes
 * from {@link BertUnicode}: a table read out of Hugging Face's compiled library, not the JDK's Unicode tables,
 * so the tokens are the same as Hugging Face's for every code point, on every JDK.
 *
 * <p>A Java string may hold a lone surrogate, which is not text and cannot reach Hugging Face's tokenizer as
 * UTF-8. Here each lone surrogate becomes three U+FFFD, what DJL's binding hands the Rust library for it (the
 * lossy UTF-8 decoding of the surrogate's three bytes): clean text then drops them, as it drops any U+FFFD.
 * (For such a string DJL's binding also turns each other surrogate pair and each U+0000 into U+FFFDs; that
 * side effect is not imitated.) So this class never throws on any Java string.
 */
public final class BasicTokenizer {

    private final boolean lowercase;
    private final boolean stripAccents;
    private final boolean cleanText;
    private final boolean handleChineseChars;

    /** Clean text and Chinese characters on; accents are stripped when lower-casing, as Hugging Face's default. */
    public BasicTokenizer(boolean lowercase) {
        this(lowercase, lowercase, true, true);
    }

    /** Each step on or off, as the fields of Hugging Face's {@code BertNormalizer} of the same names. */
    public BasicTokenizer(boolean lowercase, boolean stripAccents, boolean cleanText, boolean handleChineseChars) {
        this.lowercase = lowercase;
        this.stripAccents = stripAccents;
        this.cleanText = cleanText;
        this.handleChineseChars = handleChineseChars;
    }

    /** The uncased tokenizer of bert-base-uncased and MiniLM. */
    public static BasicTokenizer uncased() {
        return new BasicTokenizer(true);
    }

    /** The cased tokenizer of bert-base-cased: neither lower-casing nor accent stripping. */
    public static BasicTokenizer cased() {
        return new BasicTokenizer(false);
    }

    public boolean lowercase() {
        return lowercase;
    }

    public boolean stripAccents() {
        return stripAccents;
    }

    public boolean cleanText() {
        return cleanText;
    }

    public boolean handleChineseChars() {
        return handleChineseChars;
    }

    /** Steps 1 to 4: the normalised text. */
    public String normalize(String text) {
        BertUnicode.IntBuffer s = new BertUnicode.IntBuffer();
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c >= 0xD800 && c <= 0xDFFF) { // a lone surrogate (see the class comment)
                for (int k = 0; k < 3; k++) {
                    clean(0xFFFD, s);
                }
            } else {
                clean(c, s);
            }
        }
        if (stripAccents) {
            s = stripAccents(s);
        }
        if (lowercase) {
            BertUnicode.IntBuffer lower = new BertUnicode.IntBuffer();
            for (int i = 0; i < s.n; i++) {
                BertUnicode.lowercase(s.a[i], lower);
            }
            s = lower;
        }
        return s.string();
    }

    /** Steps 1 and 2 on one code point. */
    private void clean(int c, BertUnicode.IntBuffer out) {
        if (cleanText) {
            if (c == 0 || c == 0xFFFD || BertUnicode.isControl(c)) {
                return;
            }
            if (BertUnicode.isCleanSpace(c)) {
                c = ' ';
            }
        }
        if (handleChineseChars && BertUnicode.isChinese(c)) {
            out.add(' ');
            out.add(c);
            out.add(' ');
        } else {
            out.add(c);
        }
    }

    /** Step 3: NFD (decompose, then put each run of combining marks in canonical order), then drop the Mn. */
    private static BertUnicode.IntBuffer stripAccents(BertUnicode.IntBuffer s) {
        BertUnicode.IntBuffer d = new BertUnicode.IntBuffer();
        for (int i = 0; i < s.n; i++) {
            BertUnicode.decompose(s.a[i], d);
        }
        // Canonical ordering: within a run of non-starters, a stable insertion sort by combining class, so
        // that e.g. a + dot below + acute and a + acute + dot below become the same sequence.
        for (int i = 1; i < d.n; i++) {
            int c = d.a[i];
            int rank = BertUnicode.combiningRank(c);
            int j = i;
            while (rank > 0 && j > 0 && BertUnicode.combiningRank(d.a[j - 1]) > rank) {
                d.a[j] = d.a[j - 1];
                j--;
            }
            d.a[j] = c;
        }
        BertUnicode.IntBuffer out = new BertUnicode.IntBuffer();
        for (int i = 0; i < d.n; i++) {
            if (!BertUnicode.isNonSpacingMark(d.a[i])) {
                out.add(d.a[i]);
            }
        }
        return out;
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

    /**
     * White space where the pre-tokeniser splits: Rust's {@code char::is_whitespace} (Unicode's White_Space,
     * no-break spaces included).
     */
    public static boolean isWhitespace(int c) {
        return BertUnicode.isWhitespace(c);
    }

    /**
     * Whether clean text drops {@code c}: U+0000, U+FFFD, and control, format and private-use characters (in
     * the Hugging Face library's Unicode tables), except tab, newline and carriage return; also a lone
     * surrogate, which becomes U+FFFD. Unassigned code points are kept (they become {@code [UNK]}).
     */
    public static boolean isControl(int c) {
        return c == 0 || c == 0xFFFD || (c >= 0xD800 && c <= 0xDFFF) || BertUnicode.isControl(c);
    }

    /** ASCII punctuation (which includes symbols such as $ + < = > ^ ` | ~) and Unicode categories P*. */
    public static boolean isPunctuation(int c) {
        return BertUnicode.isPunctuation(c);
    }

    /** The CJK Unified Ideographs blocks that Hugging Face's tokenizer spaces out (not Hangul or kana). */
    public static boolean isChineseChar(int c) {
        return BertUnicode.isChinese(c);
    }
}
