package org.tlnlp.text;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tlnlp.data.BrownCorpus;
import org.tlnlp.data.Split;
import org.tlnlp.data.TaggedWord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

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
