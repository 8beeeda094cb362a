package org.tlnlp.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The Unicode character classes of BERT's normaliser and pre-tokeniser, as Hugging Face's tokenizer (Rust)
 * has them, read from the resource {@code bert-unicode.txt}. That table was read out of the compiled Hugging
 * Face library by {@code tools/unicode/BertUnicodeTable.java}: the library carries its own Unicode tables (of
 * several Unicode versions, one per crate), which are not the JDK's, and a JDK's tables change with its
 * version. Reading the classes from one checked-in table makes {@link BasicTokenizer} give Hugging Face's
 * tokens on every JDK. Nothing here calls {@link Character}'s Unicode properties or {@link java.text.Normalizer}.
 *
 * <p>Surrogate code points (U+D800..U+DFFF) are in no class: they cannot be in the UTF-8 text the library
 * reads.
 */
final class BertUnicode {

    static final String RESOURCE = "bert-unicode.txt";

    /** Code points 0..10FFFF. */
    static final int END = 0x110000;

    // One byte of flags per code point.
    private static final int CONTROL = 1;      // dropped by clean_text
    private static final int SPACE = 2;        // turned into ' ' by clean_text
    private static final int CHINESE = 4;      // spaced out by handle_chinese_chars
    private static final int MARK = 8;         // a non-spacing mark (Mn), dropped by strip_accents
    private static final int WHITESPACE = 16;  // the pre-tokeniser splits here and drops it
    private static final int PUNCTUATION = 32; // the pre-tokeniser makes it a word of its own
    private static final int DECOMPOSES = 64;  // NFD changes it
    private static final int LOWERS = 128;     // lower-casing changes it

    private static final byte[] FLAGS = new byte[END];
    /** Non-zero for non-starters: NFD sorts each run of them by this rank (the order of their combining class). */
    private static final byte[] COMBINING_RANK = new byte[END];
    private static final Map<Integer, int[]> DECOMPOSITION = new HashMap<>();
    private static final Map<Integer, int[]> LOWERCASE = new HashMap<>();
    private static int hangulFirst = -1;
    private static int hangulLast = -2;

    static {
        try (InputStream in = BertUnicode.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource org/tlnlp/text/" + RESOURCE + " is missing from the class path");
            }
            read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private BertUnicode() {
    }

    static boolean isControl(int c) {
        return has(c, CONTROL);
    }

    static boolean isCleanSpace(int c) {
        return has(c, SPACE);
    }

    static boolean isChinese(int c) {
        return has(c, CHINESE);
    }

    static boolean isNonSpacingMark(int c) {
        return has(c, MARK);
    }

    static boolean isWhitespace(int c) {
        return has(c, WHITESPACE);
    }

    static boolean isPunctuation(int c) {
        return has(c, PUNCTUATION);
    }

    /** 0 for a starter; otherwise the rank of the code point's canonical combining class. */
    static int combiningRank(int c) {
        return c >= 0 && c < END ? COMBINING_RANK[c] : 0;
    }

    /** Appends the full canonical decomposition of {@code c} (c itself when it has none). */
    static void decompose(int c, IntBuffer out) {
        if (c >= hangulFirst && c <= hangulLast) {
            // Hangul syllable = leading consonant + vowel (+ trailing consonant): Unicode, chapter 3.12.
            int s = c - hangulFirst;
            out.add(0x1100 + s / (21 * 28));
            out.add(0x1161 + (s % (21 * 28)) / 28);
            if (s % 28 != 0) {
                out.add(0x11A7 + s % 28);
            }
        } else if (has(c, DECOMPOSES)) {
            out.addAll(DECOMPOSITION.get(c));
        } else {
            out.add(c);
        }
    }

    /** Appends the lower case of {@code c} (one or more code points). */
    static void lowercase(int c, IntBuffer out) {
        if (has(c, LOWERS)) {
            out.addAll(LOWERCASE.get(c));
        } else {
            out.add(c);
        }
    }

    private static boolean has(int c, int flag) {
        return c >= 0 && c < END && (FLAGS[c] & flag) != 0;
    }

    // ------------------------------------------------------------------ reading the table

    private static void read(BufferedReader r) throws IOException {
        String section = null;
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (text.isEmpty()) {
                continue;
            }
            if (text.startsWith("@")) {
                section = text.substring(1);
                continue;
            }
            String[] f = text.split("\\s+");
            try {
                int[] range = range(f[0]);
                switch (section == null ? "" : section) {
                    case "control" -> flag(range, CONTROL);
                    case "space" -> flag(range, SPACE);
                    case "chinese" -> flag(range, CHINESE);
                    case "nonspacing-mark" -> flag(range, MARK);
                    case "whitespace" -> flag(range, WHITESPACE);
                    case "punctuation" -> flag(range, PUNCTUATION);
                    case "hangul" -> {
                        hangulFirst = range[0];
                        hangulLast = range[1];
                    }
                    case "decomposition" -> {
                        flag(range, DECOMPOSES);
                        DECOMPOSITION.put(range[0], codePoints(f, 1));
                    }
                    case "combining-order" -> {
                        for (int c = range[0]; c <= range[1]; c++) {
                            COMBINING_RANK[c] = (byte) Integer.parseInt(f[1]);
                        }
                    }
                    case "lowercase" -> {
                        flag(range, LOWERS);
                        boolean delta = f[1].startsWith("+") || f[1].startsWith("-");
                        for (int c = range[0]; c <= range[1]; c++) {
                            LOWERCASE.put(c, delta ? new int[] {c + Integer.parseInt(f[1], 16)} : codePoints(f, 1));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown section '" + section + "'");
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException(RESOURCE + ", line " + lineNo + " ('" + line + "'): " + e.getMessage(), e);
            }
        }
    }

    private static int[] range(String s) {
        int dots = s.indexOf("..");
        int first = Integer.parseInt(dots < 0 ? s : s.substring(0, dots), 16);
        int last = dots < 0 ? first : Integer.parseInt(s.substring(dots + 2), 16);
        if (first < 0 || last >= END || first > last) {
            throw new IllegalArgumentException("bad range " + s);
        }
        return new int[] {first, last};
    }

    private static int[] codePoints(String[] f, int from) {
        int[] out = new int[f.length - from];
        for (int i = from; i < f.length; i++) {
            out[i - from] = Integer.parseInt(f[i], 16);
        }
        return out;
    }

    private static void flag(int[] range, int flag) {
        for (int c = range[0]; c <= range[1]; c++) {
            FLAGS[c] |= (byte) flag;
        }
    }

    /** A growable array of code points. */
    static final class IntBuffer {
        int[] a = new int[16];
        int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        void addAll(int[] v) {
            for (int x : v) {
                add(x);
            }
        }

        String string() {
            return new String(a, 0, n);
        }
    }
}
