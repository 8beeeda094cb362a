package org.tlnlp.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
