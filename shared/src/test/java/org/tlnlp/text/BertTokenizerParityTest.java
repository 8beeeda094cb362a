package org.tlnlp.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.TaggedWord;
import org.tlnlp.models.bert.MiniLM;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our WordPiece tokenizer against Hugging Face's (the Rust {@code tokenizers} library, through DJL) on the
 * same {@code tokenizer.json}: identical ids on every Brown sentence and on a set of hard strings.
 */
class BertTokenizerParityTest {

    @TempDir
    static Path dir;
    static HuggingFaceTokenizer reference;
    static BertTokenizer ours;

    @BeforeAll
    static void load() throws IOException {
        Path json = dir.resolve("tokenizer.json");
        try (InputStream in = MiniLM.open(MiniLM.TOKENIZER_RESOURCE)) {
            Files.copy(in, json);
        }
        reference = HuggingFaceTokenizer.builder().optTokenizerPath(json).optAddSpecialTokens(true)
                .optTruncation(false).optPadding(false).build();
        ours = MiniLM.tokenizer();
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    private static long[] theirs(String text) {
        return reference.encode(text).getIds();
    }

    private static long[] mine(String text) {
        return Arrays.stream(ours.encode(text).ids()).asLongStream().toArray();
    }

    @Test
    void theLecturesExample() {
        assertArrayEquals(new int[] {101, 2742, 1035, 3793, 102}, ours.encode("example_text").ids());
        assertArrayEquals(theirs("example_text"), mine("example_text"));
    }

    @Test
    void everyBrownSentenceGetsTheSameIds() {
        List<String> mismatches = new ArrayList<>();
        int n = 0;
        for (BrownCorpus.Document d : BrownCorpus.load().documents()) {
            for (List<TaggedWord> s : d.sentences()) {
                String text = s.stream().map(TaggedWord::word).collect(Collectors.joining(" "));
                n++;
                if (!Arrays.equals(theirs(text), mine(text)) && mismatches.size() < 5) {
                    mismatches.add(text);
                }
            }
        }
        assertEquals(57_340, n);
        assertTrue(mismatches.isEmpty(), "mismatches on " + mismatches);
    }

    @Test
    void hardStringsGetTheSameIds() {
        List<String> hard = List.of("", "   ", "\t\n\r", "Café déjà vu naïve RÉSUMÉ Ångström", "東京都は日本の首都です",
                "中文 mixed with English", "emoji 😀👍🏽 and ZWJ 👩‍💻", "zero\u200Bwidth\u200Djoiner\uFEFFbom",
                "control\u0000\u0001\u0007chars\u0085here", "no-break\u00A0space\u2003em\u3000ideographic",
                "x".repeat(101), "y".repeat(100), "supercalifragilisticexpialidocious", "ΣΊΣΥΦΟΣ ὈΔΥΣΣΕΎΣ",
                "İstanbul ǅemal ß ﬁ", "a[MASK]b [CLS] [SEP]x [UNK] [PAD]", "$100 + 3 < 4 = true ^ `x` | ~y",
                "“quotes” — dashes – and… ellipses", "don't can't won't it's", "hello\uFFFDworld",
                "\uD800 lone surrogate \uDC00", "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ", "한국어 텍스트", "עברית العربية");
        for (String s : hard) {
            assertArrayEquals(theirs(s), mine(s), () -> "ids differ for '" + s + "': ours " + ours.tokenize(s));
        }
    }

    @Test
    void neverThrowsOnRandomStrings() {
        Random r = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(12);
            for (int j = 0; j < len; j++) {
                int kind = r.nextInt(4);
                if (kind == 0) {
                    sb.append((char) r.nextInt(0x10000)); // any UTF-16 unit, lone surrogates included
                } else if (kind == 1) {
                    sb.appendCodePoint(r.nextInt(0x110000 - 0xE000) + (r.nextBoolean() ? 0 : 0xE000));
                } else {
                    sb.append((char) (32 + r.nextInt(95)));
                }
            }
            String s = sb.toString();
            Encoding e = ours.encode(s);
            assertEquals(e.ids().length, e.tokens().size());
        }
    }

    // ------------------------------------------------------------------ every code point, random text

    /**
     * Hugging Face's ids of many texts at once (with the special tokens): the Rust library encodes a batch on
     * all cores. This calls DJL's JNI functions directly and reads only the ids: {@code batchEncode} would also
     * copy every encoding's tokens, offsets and masks into Java, which takes most of the time here.
     */
    static long[][] theirs(HuggingFaceTokenizer reference, List<String> texts) {
        TokenizersLibrary lib = TokenizersLibrary.LIB;
        long[][] out = new long[texts.size()][];
        for (int from = 0; from < texts.size(); from += 50_000) {
            String[] batch = texts.subList(from, Math.min(texts.size(), from + 50_000)).toArray(String[]::new);
            long[] encodings = lib.batchEncode(reference.getHandle(), batch, true);
            for (int i = 0; i < encodings.length; i++) {
                out[from + i] = lib.getTokenIds(encodings[i]);
                lib.deleteEncoding(encodings[i]);
            }
        }
        return out;
    }

    /**
     * The texts whose ids differ between {@code ours} and {@code reference} (at most 5 shown, with both
     * tokenisations), and their number.
     */
    static Mismatches compare(BertTokenizer ours, HuggingFaceTokenizer reference, List<String> texts) {
        long[][] theirs = theirs(reference, texts);
        Mismatches m = new Mismatches();
        for (int i = 0; i < texts.size(); i++) {
            int[] mine = ours.encode(texts.get(i)).ids();
            if (!Arrays.equals(theirs[i], Arrays.stream(mine).asLongStream().toArray()) && m.count++ < 3) {
                m.shown.add(describe(texts.get(i)) + ": ours " + ours.encode(texts.get(i)).tokens() + ", Hugging Face's "
                        + Arrays.stream(theirs[i]).mapToObj(id -> ours.vocabulary().token((int) id)).toList());
            }
        }
        return m;
    }

    static final class Mismatches {
        int count;
        final List<String> shown = new ArrayList<>();

        @Override
        public String toString() {
            return count + " mismatches, e.g. " + shown;
        }
    }

    /** A text for a message: printable ASCII as it is, any other code point as {@code <U+XXXX>}; at most 60. */
    static String describe(String s) {
        int[] cps = s.codePoints().toArray();
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < Math.min(cps.length, 60); i++) {
            sb.append(cps[i] >= 0x20 && cps[i] < 0x7F ? String.valueOf((char) cps[i]) : String.format("<U+%04X>", cps[i]));
        }
        return sb.append(cps.length > 60 ? "...\"" : "\"").toString();
    }

    /**
     * Every code point U+0000..U+10FFFF, alone and between two letters, the 2,048 surrogates included (each
     * as a lone surrogate, which DJL hands the library as U+FFFD U+FFFD U+FFFD). This covers unassigned,
     * private-use and recently assigned code points, whose classes differ between Unicode versions.
     */
    @Test
    @Timeout(600)
    void everyCodePointAloneAndBetweenTwoLettersGetsTheSameIds() {
        Mismatches m = new Mismatches();
        for (int from = 0; from < 0x110000; from += 0x10000) {
            List<String> texts = new ArrayList<>();
            for (int c = from; c < from + 0x10000; c++) {
                String s = new String(Character.toChars(c)); // a lone surrogate for U+D800..U+DFFF
                texts.add(s);
                texts.add("a" + s + "b");
            }
            Mismatches plane = compare(ours, reference, texts);
            m.count += plane.count;
            m.shown.addAll(plane.shown.subList(0, Math.min(plane.shown.size(), 3 - Math.min(3, m.shown.size()))));
        }
        assertEquals(0, m.count, m.toString());
    }

    /** The examples: an unassigned code point is kept (and unknown), on every JDK. */
    @Test
    void unassignedCodePointsAreKept() {
        assertEquals(List.of("x", "[UNK]", "y"), ours.tokenize("x \u0378 y"));
        assertEquals(List.of("[UNK]"), ours.tokenize("x\u0378y"), "an unknown character makes its word unknown");
        // U+1FAE0 MELTING FACE: assigned in Unicode 14, unassigned in JDK 17's Unicode 13.
        assertEquals(List.of("[UNK]"), ours.tokenize(new String(Character.toChars(0x1FAE0))));
        for (String s : List.of("x \u0378 y", "x\u0378y", new String(Character.toChars(0x1FAE0)))) {
            assertArrayEquals(theirs(s), mine(s), describe(s));
        }
    }

    /**
     * A lone surrogate becomes three U+FFFD (what DJL's binding gives the Rust library for it), which clean
     * text drops; without clean text they stay, and make their word unknown.
     */
    @Test
    void loneSurrogatesAreThreeReplacementCharacters() {
        assertEquals("ab", ours.basicTokenizer().normalize("a\uD800b"));
        assertEquals("a\uFFFD\uFFFD\uFFFDb", new BasicTokenizer(false, false, false, false).normalize("a\uD800b"));
        assertEquals(List.of("x", "[UNK]", "y"), new BertTokenizer(ours.vocabulary(), new BasicTokenizer(false, false, false, true),
                WordPiece.bert(ours.vocabulary())).tokenize("x \uDC00 y"));
        // DJL hands the library lossy UTF-8 for such a string; we only imitate what it does to the surrogate.
        for (String s : List.of("a\uD800b", "\uDBFF", "\uDC00\uD800", "x \uD800 y")) {
            assertArrayEquals(theirs(s), mine(s), describe(s));
        }
    }

    /**
     * Random strings of code points from all planes (none a surrogate: strings of text): any code point
     * (mostly unassigned or private use), the BMP, combining marks in runs (NFD reorders them), white space
     * and controls, ASCII, CJK, Hangul, private use.
     */
    static String randomText(Random r) {
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(17);
        int[][] marks = {{0x300, 0x36F}, {0x483, 0x489}, {0x591, 0x5C7}, {0x610, 0x61A}, {0x64B, 0x65F},
            {0x93C, 0x94D}, {0xE31, 0xE4E}, {0xF71, 0xF84}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x20D0, 0x20FF},
            {0x302A, 0x302F}, {0xFE20, 0xFE2F}, {0x1D165, 0x1D1AD}, {0x1E8D0, 0x1E8D6}};
        String spaces = " \t\n\r\u000B\f\u0000\u0085\u00A0\u00AD\u1680\u2003\u200B\u2028\u3000\uFEFF\uFFFD";
        for (int j = 0; j < len; j++) {
            int cp;
            switch (r.nextInt(8)) {
                case 0 -> cp = r.nextInt(0x110000);
                case 1 -> cp = r.nextInt(0x10000);
                case 2 -> {
                    int[] range = marks[r.nextInt(marks.length)];
                    cp = range[0] + r.nextInt(range[1] - range[0] + 1);
                }
                case 3 -> cp = spaces.charAt(r.nextInt(spaces.length()));
                case 4 -> cp = r.nextBoolean() ? 0x4E00 + r.nextInt(0x5200) : 0xAC00 + r.nextInt(11172);
                case 5 -> cp = r.nextBoolean() ? 0xE000 + r.nextInt(0x1900) : 0xF0000 + r.nextInt(0x20000);
                case 6 -> cp = 0xC0 + r.nextInt(0x250);
                default -> cp = 32 + r.nextInt(95);
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp -= 0x1000;
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    @Test
    @Timeout(600)
    void randomStringsFromAllPlanesGetTheSameIds() {
        Random r = new Random(1001);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            texts.add(randomText(r));
        }
        Mismatches m = compare(ours, reference, texts);
        assertEquals(0, m.count, m.toString());
    }

    @Test
    void pairsTruncationPaddingAndDecoding() {
        Encoding pair = ours.encode("The jury said.", "It was late.");
        assertEquals(List.of("[CLS]", "the", "jury", "said", ".", "[SEP]", "it", "was", "late", ".", "[SEP]"), pair.tokens());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, pair.typeIds());
        assertArrayEquals(reference.encode("The jury said.", "It was late.").getTypeIds(),
                Arrays.stream(pair.typeIds()).asLongStream().toArray());
        Encoding cut = ours.encode("one two three four", "five six", 7);
        assertEquals(List.of("[CLS]", "one", "two", "[SEP]", "five", "six", "[SEP]"), cut.tokens());
        List<Encoding> batch = ours.encodeBatch(List.of("short", "a longer sentence here"), null, 16);
        assertEquals(batch.get(0).length(), batch.get(1).length());
        assertArrayEquals(new int[] {1, 1, 1, 0, 0, 0}, batch.get(0).attentionMask());
        assertEquals("the jury said it's over.", ours.decode(ours.encode("The jury said it's over.").ids()));
    }
}
