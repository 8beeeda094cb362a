package org.tlnlp.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A token vocabulary: each token's id and each id's token. */
public final class Vocabulary {

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    public Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (m.putIfAbsent(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("token '" + tokens.get(i) + "' appears twice (ids " + m.get(tokens.get(i))
                        + " and " + i + ")");
            }
        }
        this.ids = Collections.unmodifiableMap(m);
    }

    /** One token per line; the line number (from 0) is the id: BERT's {@code vocab.txt}. */
    public static Vocabulary fromVocabTxt(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return fromVocabTxt(in, file.toString());
        }
    }

    /**
     * A {@code vocab.txt} read from a stream (a class-path resource, an entry of an archive); {@code name} names
     * it in errors. The stream is read to its end but not closed.
     */
    public static Vocabulary fromVocabTxt(InputStream in, String name) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(in.readAllBytes())).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(name + ": not UTF-8 (" + e + ")", e);
        }
        List<String> lines = new ArrayList<>(text.lines().toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        try {
            return new Vocabulary(lines);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }

    /** The {@code model.vocab} map of a Hugging Face {@code tokenizer.json} (WordPiece). */
    public static Vocabulary fromTokenizerJson(InputStream json, String name) throws IOException {
        return fromTokenizerJson(readJson(json, name), name);
    }

    /** The {@code model.vocab} map of an already parsed {@code tokenizer.json}. */
    static Vocabulary fromTokenizerJson(JsonObject root, String name) throws IOException {
        JsonObject model = root.getAsJsonObject("model");
        if (model == null || !model.has("vocab") || !model.get("vocab").isJsonObject()) {
            throw new IOException(name + ": no model.vocab object (is it a WordPiece tokenizer.json?)");
        }
        JsonObject vocab = model.getAsJsonObject("vocab");
        String[] byId = new String[vocab.size()];
        for (Map.Entry<String, JsonElement> e : vocab.entrySet()) {
            int id = e.getValue().getAsInt();
            if (id < 0 || id >= byId.length || byId[id] != null) {
                throw new IOException(name + ": id " + id + " of token '" + e.getKey() + "' is out of range or taken");
            }
            byId[id] = e.getKey();
        }
        return new Vocabulary(List.of(byId));
    }

    /** A JSON object read from {@code json}; an error naming {@code name} if it is not one. */
    static JsonObject readJson(InputStream json, String name) throws IOException {
        try {
            return JsonParser.parseReader(new InputStreamReader(json, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(name + ": not a JSON object (" + e.getMessage() + ")", e);
        }
    }

    public static Vocabulary fromTokenizerJson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return fromTokenizerJson(in, file.toString());
        }
    }

    public int size() {
        return tokens.size();
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The token's id, or -1. */
    public int id(String token) {
        Integer i = ids.get(token);
        return i == null ? -1 : i;
    }

    public String token(int id) {
        return tokens.get(id);
    }

    public List<String> tokens() {
        return tokens;
    }
}
