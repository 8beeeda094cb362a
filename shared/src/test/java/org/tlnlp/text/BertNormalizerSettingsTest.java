package org.tlnlp.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tlnlp.models.bert.MiniLM;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BertTokenizer#fromTokenizerJson} honours the normaliser's settings: MiniLM's {@code tokenizer.json}
 * (a bert-base-uncased one) edited to each setting gives the same ids here as in Hugging Face's tokenizer, on
 * all of Brown, on random strings and on hard strings.
 */
class BertNormalizerSettingsTest {

    static JsonObject miniLm;
    static List<String> texts;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = MiniLM.open(MiniLM.TOKENIZER_RESOURCE)) {
            miniLm = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        texts = new ArrayList<>(ByteLevelBpeParityTest.brownSentences());
        texts.addAll(List.of("Café déjà vu naïve RÉSUMÉ Ångström", "東京都は日本の首都です", "ΣΊΣΥΦΟΣ ὈΔΥΣΣΕΎΣ",
                "İstanbul ǅemal ß ﬁ", "control\u0000\u0001\u0007chars\u0085here", "no-break\u00A0space\u2003em",
                "zero\u200Bwidth\u200Djoiner\uFEFFbom", "hello\uFFFDworld", "中文 mixed with English", "Ｆｕｌｌ ＡＢＣ",
                "a\u0323\u0301 A\u0301\u0323 \u1E0C\u0307", "a\u0315\u0300\u05AE\u0300b"));
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            texts.add(BertTokenizerParityTest.randomText(r));
        }
    }

    /** MiniLM's tokenizer.json with another normalizer (JSON text, or "absent" to leave the field out). */
    static Path withNormalizer(Path dir, String normalizer) throws IOException {
        JsonObject edited = miniLm.deepCopy();
        edited.remove("normalizer");
        if (!normalizer.equals("absent")) {
            edited.add("normalizer", JsonParser.parseString(normalizer));
        }
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, new Gson().toJson(edited));
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @Timeout(300)
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "cased (bert-base-cased)           | {'type':'BertNormalizer','clean_text':true,'handle_chinese_chars':true,'strip_accents':null,'lowercase':false}",
        "lower-cased, accents kept         | {'type':'BertNormalizer','clean_text':true,'handle_chinese_chars':true,'strip_accents':false,'lowercase':true}",
        "accents stripped, case kept       | {'type':'BertNormalizer','clean_text':true,'handle_chinese_chars':true,'strip_accents':true,'lowercase':false}",
        "strip_accents absent: as lowercase| {'type':'BertNormalizer','clean_text':true,'handle_chinese_chars':true,'lowercase':true}",
        "no clean_text                     | {'type':'BertNormalizer','clean_text':false,'handle_chinese_chars':true,'strip_accents':null,'lowercase':true}",
        "no handle_chinese_chars           | {'type':'BertNormalizer','clean_text':true,'handle_chinese_chars':false,'strip_accents':null,'lowercase':true}",
        "every step off                    | {'type':'BertNormalizer','clean_text':false,'handle_chinese_chars':false,'strip_accents':false,'lowercase':false}",
        "no normalizer                     | null"})
    void sameIdsAsHuggingFace(String setting, String normalizer, @TempDir Path dir) throws IOException {
        Path file = withNormalizer(dir, normalizer.replace('\'', '"'));
        BertTokenizer ours = BertTokenizer.fromTokenizerJson(file);
        try (HuggingFaceTokenizer reference = HuggingFaceTokenizer.builder().optTokenizerPath(file)
                .optAddSpecialTokens(true).optTruncation(false).optPadding(false).build()) {
            BertTokenizerParityTest.Mismatches m = BertTokenizerParityTest.compare(ours, reference, texts);
            assertEquals(0, m.count, setting + ": " + m);
        }
    }

    /** The cased setting, the one real models use most after the uncased one, on every code point too. */
    @Test
    @Timeout(600)
    void casedEveryCodePointBetweenTwoLetters(@TempDir Path dir) throws IOException {
        Path file = withNormalizer(dir, "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,"
                + "\"strip_accents\":null,\"lowercase\":false}");
        BertTokenizer ours = BertTokenizer.fromTokenizerJson(file);
        assertFalse(ours.basicTokenizer().lowercase());
        assertFalse(ours.basicTokenizer().stripAccents());
        assertEquals(List.of("[UNK]", "world", "!"), ours.tokenize("Hello world!"), "'Hello' is not in an uncased vocabulary");
        try (HuggingFaceTokenizer reference = HuggingFaceTokenizer.builder().optTokenizerPath(file)
                .optAddSpecialTokens(true).optTruncation(false).optPadding(false).build()) {
            List<String> all = new ArrayList<>();
            for (int c = 0; c < 0x110000; c++) {
                all.add("a" + new String(Character.toChars(c)) + "b");
            }
            BertTokenizerParityTest.Mismatches m = BertTokenizerParityTest.compare(ours, reference, all);
            assertEquals(0, m.count, m.toString());
        }
    }

    @Test
    void theSettingsAreRead(@TempDir Path dir) throws IOException {
        BasicTokenizer uncased = BertTokenizer.fromTokenizerJson(withNormalizer(dir, "{\"type\":\"BertNormalizer\","
                + "\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":null,\"lowercase\":true}")).basicTokenizer();
        assertTrue(uncased.lowercase() && uncased.stripAccents() && uncased.cleanText() && uncased.handleChineseChars());
        BasicTokenizer mixed = BertTokenizer.fromTokenizerJson(withNormalizer(dir, "{\"type\":\"BertNormalizer\","
                + "\"clean_text\":false,\"handle_chinese_chars\":false,\"strip_accents\":true,\"lowercase\":false}")).basicTokenizer();
        assertTrue(!mixed.lowercase() && mixed.stripAccents() && !mixed.cleanText() && !mixed.handleChineseChars());
        assertEquals("Cafe", mixed.normalize("Café"));
    }

    /** What this class does not implement is an error naming the setting, as Hugging Face's own errors do. */
    @Test
    void unsupportedOrMalformedSettingsAreErrorsNamingThem(@TempDir Path dir) throws IOException {
        assertError(withNormalizer(dir, "{\"type\":\"Lowercase\"}"), "normalizer");
        assertError(withNormalizer(dir, "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true}"),
                "normalizer.lowercase");
        assertError(withNormalizer(dir, "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,"
                + "\"lowercase\":1}"), "normalizer.lowercase");
        JsonObject other = miniLm.deepCopy();
        other.add("pre_tokenizer", JsonParser.parseString("{\"type\":\"Whitespace\"}"));
        Path file = dir.resolve("pre.json");
        Files.writeString(file, new Gson().toJson(other));
        assertError(file, "pre_tokenizer");
        other = miniLm.deepCopy();
        other.getAsJsonObject("model").addProperty("continuing_subword_prefix", "@@");
        Files.writeString(file, new Gson().toJson(other));
        assertError(file, "continuing_subword_prefix");
    }

    static void assertError(Path file, String named) {
        IOException e = assertThrows(IOException.class, () -> BertTokenizer.fromTokenizerJson(file));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    /** A model folder with vocab.txt: tokenizer_config.json's do_lower_case is honoured. */
    @Test
    void vocabTxtFolderReadsDoLowerCase(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nHello\nhello\ncafé\ncafe\n");
        assertEquals(List.of("hello", "cafe"), BertTokenizer.fromDirectory(dir).tokenize("Hello café"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        assertEquals(List.of("Hello", "café"), BertTokenizer.fromDirectory(dir).tokenize("Hello café"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": true, \"strip_accents\": false}");
        assertEquals(List.of("hello", "café"), BertTokenizer.fromDirectory(dir).tokenize("Hello café"));
    }
}
