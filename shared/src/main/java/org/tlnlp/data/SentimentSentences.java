package org.tlnlp.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The "Sentiment Labelled Sentences" (Kotzias, Denil, de Freitas and Smyth, KDD 2015; UCI data set 331):
 * 3,000 review sentences, 1,000 from each of three sites, each labelled negative (0) or positive (1), 500 of
 * each per site. Read from the copy in the npm package {@code sentiment} 5.0.2 kept as the resource
 * {@code sentiment.zip} of this library (see {@code sentiment-PROVENANCE.md}); its SHA-256 is checked at load.
 *
 * <p><b>Text.</b> A sentence's text is the package's {@code text} field with two repairs: the characters U+0080
 * to U+009F (control characters, which the IMDb file has where the original was Windows-1252 punctuation read
 * as Latin-1: U+0085, U+0096, U+0097) are read as the Windows-1252 characters they stand for (…, –, —), and
 * spaces around the sentence are removed (the IMDb sentences end in two spaces).
 *
 * <p><b>The split</b> is fixed and stratified by source and label: within each source file and label, the
 * sentences are taken in file order, and the one at position {@code i} (0-based, counting distinct sentences
 * only) goes to {@link Split#VALIDATION} when {@code i % 10 == 2}, to {@link Split#TEST} when
 * {@code i % 10 == 5}, and to {@link Split#TRAIN} otherwise. A sentence whose text already occurred (in any of
 * the three files, read in the order imdb, yelp, amazon) goes to the part of its first copy, so no text is
 * both trained and tested on: 18 sentences are such repeats ("Works great.", "I won't be back.", ...).
 */
public final class SentimentSentences {

    /** The three sources, in the order their files are read. */
    public static final List<String> SOURCES = List.of("imdb", "yelp", "amazon");

    /** The label names: index 0 is negative, 1 positive. */
    public static final List<String> LABELS = List.of("negative", "positive");

    /**
     * One sentence: its source ({@code imdb}, {@code yelp} or {@code amazon}), its position in that file
     * (0-based, as in the package's JSON array), its text, its label (0 negative, 1 positive) and its split.
     */
    public record Sentence(String source, int index, String text, int label, Split split) {
    }

    static final String RESOURCE = "sentiment.zip";

    /** SHA-256 of {@link #RESOURCE}, as written in {@code sentiment-PROVENANCE.md}. */
    static final String SHA256 = "3148640923b094dd99459246418288034d5a194b9252d98f1f29168b1e5bb565";

    private static SentimentSentences loaded;

    private final List<Sentence> sentences;

    private SentimentSentences(List<Sentence> sentences) {
        this.sentences = List.copyOf(sentences);
    }

    /** The data set (read and checked once per JVM; it is immutable). */
    public static synchronized SentimentSentences load() {
        if (loaded == null) {
            try {
                loaded = read(DataResources.bytes(RESOURCE), RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return loaded;
    }

    /** All 3,000 sentences: the imdb file's, then yelp's, then amazon's, each in file order. */
    public List<Sentence> sentences() {
        return sentences;
    }

    /** The sentences of one part of the split, all sources. */
    public List<Sentence> examples(Split split) {
        return sentences.stream().filter(s -> s.split() == split).toList();
    }

    /** The sentences of one part of the split from one source ({@code imdb}, {@code yelp} or {@code amazon}). */
    public List<Sentence> examples(Split split, String source) {
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("no source '" + source + "'; the sources are " + SOURCES);
        }
        return sentences.stream().filter(s -> s.split() == split && s.source().equals(source)).toList();
    }

    /** The resource's bytes, checked against {@link #SHA256} and parsed; {@code name} is used in messages. */
    static SentimentSentences read(byte[] bytes, String name) throws IOException {
        DataResources.checkSha256(bytes, name, SHA256);
        return parse(bytes, name);
    }

    /**
     * Reads a zip laid out as {@code sentiment.zip}: {@code test/fixtures/<source>.json} for each source, each a
     * JSON array of {@code {"text": ..., "class": 0 or 1}} that ends with one empty record
     * ({@code {"text": "", "class": null}}), which is dropped. {@code name} is used in error messages.
     */
    static SentimentSentences parse(byte[] zip, String name) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                files.put(e.getName(), z.readAllBytes());
            }
        }
        List<Sentence> out = new ArrayList<>();
        Map<String, Split> splitOfText = new HashMap<>();
        for (String source : SOURCES) {
            String file = "test/fixtures/" + source + ".json";
            byte[] json = files.get(file);
            if (json == null) {
                throw new IOException(name + ": has no " + file);
            }
            int[] distinctSoFar = new int[LABELS.size()];
            List<JsonObject> records = records(name + "/" + file, json);
            for (int i = 0; i < records.size(); i++) {
                String where = name + "/" + file + ": record " + i + " (0-based)";
                JsonObject r = records.get(i);
                int label = label(where, r);
                String text = clean(text(where, r));
                if (text.isEmpty()) {
                    throw new IOException(where + ": the text is empty");
                }
                Split split = splitOfText.get(text);
                if (split == null) {
                    split = DataResources.splitOfPosition(distinctSoFar[label]++);
                    splitOfText.put(text, split);
                }
                out.add(new Sentence(source, i, text, label, split));
            }
        }
        return new SentimentSentences(out);
    }

    /** The file's records, its final empty record checked and dropped. */
    private static List<JsonObject> records(String where, byte[] bytes) throws IOException {
        JsonElement root;
        try {
            root = JsonParser.parseString(utf8(where, bytes));
        } catch (JsonParseException e) {
            throw new IOException(where + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!root.isJsonArray()) {
            throw new IOException(where + ": expected a JSON array of records, found " + root);
        }
        JsonArray array = root.getAsJsonArray();
        List<JsonObject> records = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isJsonObject()) {
                throw new IOException(where + ": record " + i + " (0-based) is not an object: " + array.get(i));
            }
            records.add(array.get(i).getAsJsonObject());
        }
        JsonObject last = records.isEmpty() ? null : records.remove(records.size() - 1);
        boolean emptyRecord = last != null && last.has("text") && last.get("text").isJsonPrimitive()
                && last.get("text").getAsString().isEmpty() && last.has("class") && last.get("class").isJsonNull();
        if (!emptyRecord) {
            throw new IOException(where + ": the last record should be the package's empty one "
                    + "{\"text\":\"\",\"class\":null}, found " + last);
        }
        return records;
    }

    private static String utf8(String where, byte[] bytes) throws IOException {
        try {
            Charset utf8 = StandardCharsets.UTF_8;
            return utf8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(where + ": not UTF-8 (" + e.getMessage() + ")", e);
        }
    }

    private static int label(String where, JsonObject r) throws IOException {
        JsonElement c = r.get("class");
        if (c == null || !c.isJsonPrimitive() || !c.getAsJsonPrimitive().isNumber()
                || !(c.getAsString().equals("0") || c.getAsString().equals("1"))) {
            throw new IOException(where + ": \"class\" should be 0 or 1, found " + c);
        }
        return c.getAsInt();
    }

    private static String text(String where, JsonObject r) throws IOException {
        JsonElement t = r.get("text");
        if (t == null || !t.isJsonPrimitive() || !t.getAsJsonPrimitive().isString()) {
            throw new IOException(where + ": \"text\" should be a string, found " + t);
        }
        return t.getAsString();
    }

    /**
     * The two repairs described in the class comment: U+0080..U+009F read as Windows-1252, and the spaces around
     * the sentence removed.
     */
    static String clean(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c >= 0x80 && c <= 0x9F ? windows1252(c) : c);
        }
        return b.toString().strip();
    }

    /** The Windows-1252 character for byte {@code c} (0x80..0x9F); the byte's own code point where it has none. */
    static char windows1252(char c) {
        String s = new String(new byte[] {(byte) c}, Charset.forName("windows-1252"));
        return s.length() == 1 && s.charAt(0) != '\uFFFD' ? s.charAt(0) : c;
    }
}
