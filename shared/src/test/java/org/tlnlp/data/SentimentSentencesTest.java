package org.tlnlp.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentimentSentencesTest {

    private final SentimentSentences data = SentimentSentences.load();

    @Test
    void hasThreeSourcesOfAThousandBalancedSentences() {
        assertEquals(3_000, data.sentences().size());
        for (String source : SentimentSentences.SOURCES) {
            List<SentimentSentences.Sentence> s = data.sentences().stream().filter(x -> x.source().equals(source)).toList();
            assertEquals(1_000, s.size(), source);
            assertEquals(500, s.stream().filter(x -> x.label() == 1).count(), source);
            for (int i = 0; i < s.size(); i++) {
                assertEquals(i, s.get(i).index(), source + " keeps the file's order");
            }
        }
    }

    @Test
    void countsAgreeWithAPlainTextSearchOfTheRawFiles() throws IOException {
        // Independent of the loader: every "class":1 and "class":0 in each file, by a regular expression.
        Map<String, byte[]> files = unzip(DataResources.bytes(SentimentSentences.RESOURCE));
        for (String source : SentimentSentences.SOURCES) {
            String json = new String(files.get("test/fixtures/" + source + ".json"), StandardCharsets.UTF_8);
            assertEquals(500, count(json, "\"class\":1\\}"), source);
            assertEquals(500, count(json, "\"class\":0\\}"), source);
            assertEquals(1, count(json, "\\{\"text\":\"\",\"class\":null\\}\\]$"), source + " ends with the empty record");
        }
    }

    @Test
    void readsTheFirstAndLastSentenceOfEachFileAsPublished() {
        // Read off the package's JSON files by hand (spaces around the text removed).
        assertSentence("imdb", 0, "A very, very, very slow-moving, aimless movie about a distressed, drifting young man.", 0);
        assertSentence("imdb", 999, "All in all its an insult to one's intelligence and a huge waste of money.", 0);
        assertSentence("yelp", 0, "Wow... Loved this place.", 1);
        assertSentence("yelp", 999, "Then, as if I hadn't wasted enough of my life there, they poured salt in the wound by "
                + "drawing out the time it took to bring the check.", 0);
        assertSentence("amazon", 0, "So there is no way for me to plug it in here in the US unless I go by a converter.", 0);
        assertSentence("amazon", 999, "You can not answer calls with the unit, never worked once!", 0);
    }

    @Test
    void readsWindows1252PunctuationThatTheFileHasAsControlCharacters() {
        // The package has U+0085 and U+0096 here: Windows-1252's ellipsis and en dash, read as Latin-1.
        assertSentence("imdb", 178, "The script is\u2026was there a script?", 0);
        assertTrue(sentence("imdb", 18).text().contains("them \u2013 a true masterpiece"));
        assertTrue(sentence("imdb", 80).text().endsWith("\"movie business\" of Qu\u00e9bec."));
        for (SentimentSentences.Sentence s : data.sentences()) {
            assertTrue(s.text().chars().noneMatch(c -> c >= 0x80 && c <= 0x9F), s.toString());
            assertEquals(s.text().strip(), s.text());
        }
    }

    @Test
    void splitIsEightyTenTenPerSourceAndLabel() {
        Map<Split, Integer> expected = new EnumMap<>(Map.of(Split.TRAIN, 2_398, Split.VALIDATION, 301, Split.TEST, 301));
        for (Split split : Split.values()) {
            assertEquals(expected.get(split), data.examples(split).size(), split.toString());
        }
        for (String source : SentimentSentences.SOURCES) {
            for (int label = 0; label < 2; label++) {
                final int l = label;
                long validation = data.examples(Split.VALIDATION, source).stream().filter(s -> s.label() == l).count();
                long test = data.examples(Split.TEST, source).stream().filter(s -> s.label() == l).count();
                assertTrue(validation >= 49 && validation <= 51, source + " " + label + " validation " + validation);
                assertTrue(test >= 49 && test <= 51, source + " " + label + " test " + test);
            }
        }
        assertEquals(101, data.examples(Split.VALIDATION, "imdb").size());
        assertEquals(100, data.examples(Split.TEST, "amazon").size());
    }

    @Test
    void splitFollowsTheDocumentedRule() {
        // The first ten negative IMDb sentences are distinct: positions 2 and 5 go to validation and test.
        List<Split> firstTen = data.sentences().stream().filter(s -> s.source().equals("imdb") && s.label() == 0)
                .limit(10).map(SentimentSentences.Sentence::split).toList();
        assertEquals(List.of(Split.TRAIN, Split.TRAIN, Split.VALIDATION, Split.TRAIN, Split.TRAIN, Split.TEST,
                Split.TRAIN, Split.TRAIN, Split.TRAIN, Split.TRAIN), firstTen);
    }

    @Test
    void noTextIsInTwoPartsAndEverySentenceIsInOne() {
        Map<String, Split> partOfText = new HashMap<>();
        for (SentimentSentences.Sentence s : data.sentences()) {
            Split before = partOfText.putIfAbsent(s.text(), s.split());
            assertTrue(before == null || before == s.split(), "a repeated text stays in one part: " + s);
        }
        assertEquals(3_000 - 18, partOfText.size(), "18 sentences repeat an earlier one");
        int total = 0;
        for (Split split : Split.values()) {
            total += data.examples(split).size();
        }
        assertEquals(3_000, total);
    }

    @Test
    void isTheSameOnEveryRead() throws IOException {
        SentimentSentences again = SentimentSentences.read(DataResources.bytes(SentimentSentences.RESOURCE), "again");
        assertEquals(data.sentences(), again.sentences());
    }

    @Test
    void anUnknownSourceIsAnErrorListingTheSources() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> data.examples(Split.TEST, "reddit"));
        assertTrue(e.getMessage().contains("reddit") && e.getMessage().contains("[imdb, yelp, amazon]"), e.getMessage());
    }

    @Test
    void aChangedResourceIsAnErrorNamingItAndBothChecksums() throws IOException {
        byte[] bytes = DataResources.bytes(SentimentSentences.RESOURCE);
        bytes[bytes.length / 2] ^= 1;
        IOException e = assertThrows(IOException.class, () -> SentimentSentences.read(bytes, "sentiment.zip"));
        assertTrue(e.getMessage().contains("org/tlnlp/data/sentiment.zip"), e.getMessage());
        assertTrue(e.getMessage().contains(DataResources.sha256(bytes)), e.getMessage());
        assertTrue(e.getMessage().contains(SentimentSentences.SHA256), e.getMessage());
    }

    @Test
    void aMalformedRecordIsAnErrorNamingTheFileAndTheRecord() throws IOException {
        IOException badClass = assertThrows(IOException.class, () -> parseWithImdb(json -> replaceNth(json,
                "\"class\":0}", "\"class\":2}", 3)));
        assertTrue(badClass.getMessage().contains("sentiment.zip/test/fixtures/imdb.json: record 3"), badClass.getMessage());
        assertTrue(badClass.getMessage().contains("\"class\" should be 0 or 1, found 2"), badClass.getMessage());

        IOException noText = assertThrows(IOException.class, () -> parseWithImdb(json -> replaceNth(json,
                "{\"text\":", "{\"txet\":", 7)));
        assertTrue(noText.getMessage().contains("imdb.json: record 7") && noText.getMessage().contains("\"text\""),
                noText.getMessage());

        IOException noEnd = assertThrows(IOException.class, () -> parseWithImdb(json -> json.replace(
                ",{\"text\":\"\",\"class\":null}]", "]")));
        assertTrue(noEnd.getMessage().contains("imdb.json: the last record should be the package's empty one"),
                noEnd.getMessage());

        IOException notJson = assertThrows(IOException.class, () -> parseWithImdb(json -> json.substring(0, 500)));
        assertTrue(notJson.getMessage().contains("imdb.json: not valid JSON"), notJson.getMessage());
    }

    // --- helpers ---

    private void assertSentence(String source, int index, String text, int label) {
        SentimentSentences.Sentence s = sentence(source, index);
        assertEquals(text, s.text(), source + " " + index);
        assertEquals(label, s.label(), source + " " + index);
    }

    private SentimentSentences.Sentence sentence(String source, int index) {
        return data.sentences().stream().filter(s -> s.source().equals(source) && s.index() == index).findFirst()
                .orElseThrow();
    }

    /** Parses the real zip with imdb.json changed by {@code edit}. */
    private static void parseWithImdb(UnaryOperator<String> edit) throws IOException {
        Map<String, byte[]> files = unzip(DataResources.bytes(SentimentSentences.RESOURCE));
        String imdb = "test/fixtures/imdb.json";
        files.put(imdb, edit.apply(new String(files.get(imdb), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        SentimentSentences.parse(zip(files), "sentiment.zip");
    }

    private static String replaceNth(String text, String target, String replacement, int recordIndex) {
        // Replace the occurrence inside record recordIndex: find the record's start, then the next occurrence.
        int at = -1;
        for (int i = 0; i <= recordIndex; i++) {
            at = text.indexOf("{\"text\":", at + 1);
        }
        int hit = text.indexOf(target, at);
        return text.substring(0, hit) + replacement + text.substring(hit + target.length());
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                files.put(e.getName(), z.readAllBytes());
            }
        }
        return files;
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
