package org.tlnlp.text;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our byte-level BPE with GPT-2's ranks against JTokkit's R50K_BASE encoder (an independent implementation
 * of tiktoken in Java): identical ids on every Brown sentence and on 100,000 random strings, and
 * {@code decode(encode(s)) == s}.
 */
class ByteLevelBpeParityTest {

    static final Encoding REFERENCE = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    static final ByteLevelBpe OURS = ByteLevelBpe.r50k();

    static List<String> brownSentences() {
        List<String> out = new ArrayList<>();
        for (BrownCorpus.Document d : BrownCorpus.load().documents()) {
            for (List<TaggedWord> s : d.sentences()) {
                out.add(s.stream().map(TaggedWord::word).collect(Collectors.joining(" ")));
            }
        }
        return out;
    }

    @Test
    void knownIds() {
        // "Hello world" is [15496, 995] in GPT-2's vocabulary; the end-of-text token is 50256.
        assertArrayEquals(new int[] {15496, 995}, OURS.encode("Hello world"));
        assertEquals(50256, OURS.endOfText());
        assertEquals(50257, OURS.size());
        assertArrayEquals(new int[] {15496, 50256, 995}, OURS.encodeWithSpecial("Hello<|endoftext|> world"));
        assertEquals("Hello<|endoftext|> world", OURS.decode(new int[] {15496, 50256, 995}));
    }

    @Test
    void everyBrownSentenceGetsJTokkitsIds() {
        List<String> mismatches = new ArrayList<>();
        List<String> sentences = brownSentences();
        for (String text : sentences) {
            int[] ours = OURS.encode(text);
            if (!Arrays.equals(REFERENCE.encodeOrdinary(text).toArray(), ours) && mismatches.size() < 5) {
                mismatches.add(text);
            }
            if (!OURS.decode(ours).equals(text) && mismatches.size() < 5) {
                mismatches.add("round trip: " + text);
            }
        }
        assertEquals(57_340, sentences.size());
        assertTrue(mismatches.isEmpty(), "mismatches on " + mismatches);
        // Whole documents too, with their line breaks.
        for (BrownCorpus.Document d : BrownCorpus.load().documents(Split.VALIDATION)) {
            String text = d.sentences().stream().map(s -> s.stream().map(TaggedWord::word)
                    .collect(Collectors.joining(" "))).collect(Collectors.joining("\n"));
            assertArrayEquals(REFERENCE.encodeOrdinary(text).toArray(), OURS.encode(text), d.id());
        }
    }

    /** Random strings of random code points: ASCII, Latin, CJK, emoji, white space of all kinds. */
    static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(16);
        for (int j = 0; j < len; j++) {
            int kind = r.nextInt(6);
            int cp;
            if (kind == 0) {
                cp = r.nextInt(0x110000 - 0x800) + 0x800; // anything above 0x7FF ...
                if (cp >= 0xD800 && cp <= 0xDFFF) {
                    cp -= 0x800; // ... but never a surrogate: the strings are valid text
                }
            } else if (kind == 1) {
                cp = r.nextInt(0x800);
            } else if (kind == 2) {
                String spaces = " \t\n\r\u000B\f\u00A0\u2003\u3000\u0085'";
                cp = spaces.charAt(r.nextInt(spaces.length()));
            } else {
                cp = 32 + r.nextInt(95);
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    @Test
    void randomStringsGetJTokkitsIdsAndRoundTrip() {
        Random r = new Random(50256);
        int mismatches = 0;
        String first = null;
        for (int i = 0; i < 100_000; i++) {
            String s = randomString(r);
            int[] ours = OURS.encode(s);
            boolean same = Arrays.equals(REFERENCE.encodeOrdinary(s).toArray(), ours) && OURS.decode(ours).equals(s);
            if (!same) {
                mismatches++;
                if (first == null) {
                    first = s.codePoints().mapToObj(c -> "U+" + Integer.toHexString(c)).collect(Collectors.joining(" "));
                }
            }
        }
        assertEquals(0, mismatches, "first mismatch: " + first);
    }

    /**
     * One piece of {@code n} characters: the ASCII letters of Brown run together, with no space, digit or
     * punctuation to cut them (real letter pairs, so BPE has many merges to make).
     */
    static String brownLetters(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (BrownCorpus.Document d : BrownCorpus.load().documents()) {
            for (List<TaggedWord> s : d.sentences()) {
                for (TaggedWord w : s) {
                    for (char c : w.word().toCharArray()) {
                        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                            sb.append(c);
                            if (sb.length() == n) {
                                return sb.toString();
                            }
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("Brown has fewer than " + n + " letters");
    }

    /**
     * A megabyte without a space is one piece of a million bytes: merging must not scan all pairs at every
     * merge (that is O(n²): hours here). JTokkit's ids, and an exact round trip, for real letters, one
     * repeated letter, and a repeated two-byte character.
     */
    @Test
    @Timeout(300)
    void oneMegabyteWithoutSpacesGetsJTokkitsIds() {
        for (String s : List.of(brownLetters(1_000_000), "a".repeat(1_000_000), "é".repeat(500_000))) {
            int[] ours = OURS.encode(s);
            assertArrayEquals(REFERENCE.encodeOrdinary(s).toArray(), ours, () -> s.substring(0, 20) + "...");
            assertEquals(s, OURS.decode(ours));
        }
    }

    /** The BERT parity test's strings too: every code point, alone and between two letters, and its random texts. */
    @Test
    @Timeout(600)
    void everyCodePointAndTheBertTestsRandomStringsGetJTokkitsIdsAndRoundTrip() {
        List<String> texts = new ArrayList<>();
        for (int c = 0; c < 0x110000; c++) {
            if (c < 0xD800 || c > 0xDFFF) {
                String s = new String(Character.toChars(c));
                texts.add(s);
                texts.add("a" + s + "b");
            }
        }
        Random r = new Random(1001);
        for (int i = 0; i < 100_000; i++) {
            texts.add(BertTokenizerParityTest.randomText(r));
        }
        int mismatches = 0;
        String first = null;
        for (String s : texts) {
            int[] ours = OURS.encode(s);
            if (!Arrays.equals(REFERENCE.encodeOrdinary(s).toArray(), ours) || !OURS.decode(ours).equals(s)) {
                mismatches++;
                first = first == null ? BertTokenizerParityTest.describe(s) : first;
            }
        }
        assertEquals(0, mismatches, "first mismatch: " + first);
        // A lone surrogate is not text: both encoders take String.getBytes's UTF-8, where it is '?'.
        for (int c = 0xD800; c <= 0xDFFF; c++) {
            String s = "a" + (char) c + "b";
            assertArrayEquals(REFERENCE.encodeOrdinary(s).toArray(), OURS.encode(s), BertTokenizerParityTest.describe(s));
        }
    }

    @Test
    void hfFilesWrittenFromTheRanksLoadToTheSameEncoder(@TempDir Path dir) throws IOException {
        OURS.save(dir);
        ByteLevelBpe loaded = ByteLevelBpe.fromFiles(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
        assertEquals(50_000, OURS.merges().size());
        // GPT-2's first merges, as its merges.txt lists them.
        assertEquals(List.of("Ġ t", "Ġ a", "h e"), OURS.merges().subList(0, 3));
        for (String s : brownSentences().subList(0, 3000)) {
            assertArrayEquals(OURS.encode(s), loaded.encode(s), s);
        }
    }

    @Test
    void trainedBpeRoundTripsAndCompresses(@TempDir Path dir) throws IOException {
        List<String> train = new ArrayList<>();
        for (BrownCorpus.Document d : BrownCorpus.load().documents(Split.TRAIN, "news")) {
            for (List<TaggedWord> s : d.sentences()) {
                train.add(s.stream().map(TaggedWord::word).collect(Collectors.joining(" ")));
            }
        }
        ByteLevelBpe bpe = BpeTrainer.train(train, 1000);
        assertEquals(1000, bpe.size());
        assertEquals(999, bpe.endOfText());
        assertEquals(1000 - 257, bpe.merges().size());
        // The most frequent pair of English text is learned first ("Ġ t" or "h e" or "Ġ a").
        assertTrue(List.of("Ġ t", "h e", "Ġ a", "e r", "i n").contains(bpe.merges().get(0)), bpe.merges().get(0));
        String text = "The jury said it did find that many of Atlanta's registration practices were well handled.";
        int[] ids = bpe.encode(text);
        assertEquals(text, bpe.decode(ids));
        assertTrue(ids.length < text.length() / 2, "1,000 symbols should cut English text well below half its bytes: "
                + ids.length + " for " + text.length());
        bpe.save(dir);
        ByteLevelBpe loaded = ByteLevelBpe.fromFiles(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
        assertArrayEquals(ids, loaded.encode(text));
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            String s = randomString(r);
            assertEquals(s, bpe.decode(bpe.encode(s)));
        }
    }

    /**
     * BPE training as the textbook states it: count every adjacent pair of every piece (weighted by how often
     * the piece occurs), merge the most frequent (the lower symbol ids on a tie) everywhere, left to right, and
     * start again. Slow, and plainly right: the reference for the trainer's incremental counts.
     */
    static List<String> textbookMerges(List<String> texts, int vocabSize) {
        Map<String, Integer> pieces = new HashMap<>();
        for (String t : texts) {
            Matcher m = ByteLevelBpe.PIECES.matcher(t);
            while (m.find()) {
                pieces.merge(m.group(), 1, Integer::sum);
            }
        }
        char[] byteChar = ByteLevelBpe.byteToUnicode();
        List<String> symbols = new ArrayList<>();
        int[] byteId = new int[256];
        IntStream.range(0, 256).boxed().sorted(Comparator.comparing(b -> byteChar[b])).forEach(b -> {
            byteId[b] = symbols.size();
            symbols.add(String.valueOf(byteChar[b]));
        });
        List<List<Integer>> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        pieces.forEach((piece, count) -> {
            List<Integer> w = new ArrayList<>();
            for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
                w.add(byteId[b & 0xFF]);
            }
            words.add(w);
            counts.add(count);
        });
        List<String> merges = new ArrayList<>();
        while (symbols.size() < vocabSize - 1) {
            TreeMap<Long, Long> pairs = new TreeMap<>(); // by (left id, right id)
            for (int i = 0; i < words.size(); i++) {
                List<Integer> w = words.get(i);
                for (int k = 0; k + 1 < w.size(); k++) {
                    pairs.merge(((long) w.get(k) << 32) | w.get(k + 1), (long) counts.get(i), Long::sum);
                }
            }
            long best = -1;
            long bestCount = 1;
            for (Map.Entry<Long, Long> e : pairs.entrySet()) {
                if (e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            if (best < 0) {
                break;
            }
            int a = (int) (best >>> 32);
            int b = (int) best;
            merges.add(symbols.get(a) + " " + symbols.get(b));
            symbols.add(symbols.get(a) + symbols.get(b));
            for (List<Integer> w : words) {
                for (int k = 0; k + 1 < w.size(); k++) {
                    if (w.get(k) == a && w.get(k + 1) == b) {
                        w.set(k, symbols.size() - 1);
                        w.remove(k + 1);
                    }
                }
            }
        }
        return merges;
    }

    @Test
    void trainerMakesTheTextbooksMerges() {
        List<String> texts = new ArrayList<>(brownSentences().subList(0, 300));
        texts.add(brownLetters(3000));
        texts.add("a".repeat(500) + " " + "ab".repeat(300) + " " + "é".repeat(200));
        Random r = new Random(5);
        for (int i = 0; i < 300; i++) {
            texts.add(randomString(r));
        }
        assertEquals(textbookMerges(texts, 600), BpeTrainer.train(texts, 600).merges());
    }

    /**
     * One piece of 200 kB: a merge must cost in proportion to its pair's occurrences, not to the length of
     * the piece that holds them (that was O(length × merges): minutes here).
     */
    @Test
    @Timeout(60)
    void trainerOnOneLongPiece() {
        String piece = brownLetters(200_000);
        ByteLevelBpe bpe = BpeTrainer.train(List.of(piece), 1000);
        assertEquals(1000 - 257, bpe.merges().size());
        int[] ids = bpe.encode(piece);
        assertEquals(piece, bpe.decode(ids));
        assertTrue(ids.length < piece.length() / 2, ids.length + " tokens for " + piece.length() + " letters");
    }

    @Test
    void badFilesNameTheLine(@TempDir Path dir) throws IOException {
        OURS.save(dir);
        java.nio.file.Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nĠ t\nthis line is wrong\n");
        IOException e = assertThrows(IOException.class,
                () -> ByteLevelBpe.fromFiles(dir.resolve("vocab.json"), dir.resolve("merges.txt")));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OURS.decode(new int[] {60000}));
    }
}
